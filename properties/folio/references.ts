import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import { wordMax } from '../../models/parts/kernelWord.ts';
import { pinRefcountShare } from '../../models/parts/pinAccounting.ts';
import type { FolioKnobs } from '../../models/folio/knobs.ts';
import type { FolioState } from '../../models/folio/state.ts';
import { mappedFolio, mappedByPmd } from '../../models/folio/pmd.ts';

type FolioProperty = AlwaysProperty<FolioState, FolioKnobs>;

/*
 * These run on every state a check or explore reaches: plain counting loops, no arrays or
 * objects built per call; a message is built only for a violation.
 */

/** GUP references (gets and pins) held on folio `slot`. */
function heldOn(s: Immutable<FolioState>, slot: number): number {
  let n = 0;
  for (const g of s.gups) if (g.kind === 'held' && g.folio === slot) n++;
  return n;
}

/** Pins (FOLL_PIN) held on folio `slot`. */
function pinsOn(s: Immutable<FolioState>, slot: number): number {
  let n = 0;
  for (const g of s.gups) if (g.kind === 'held' && g.folio === slot && g.flavor !== 'get') n++;
  return n;
}

export const refcountAccountsHolders: FolioProperty = {
  kind: 'always',
  name: 'refcount-accounts-holders',
  meaning: 'refcount and _pincount are exactly what mappings, page cache, gets and pins account for',
  rule: 'folio_expected_ref_count() + GUP_PIN_COUNTING_BIAS per pin (small) or _pincount (large)',
  check: (s) => {
    for (let slot = 0; slot < s.folios.length; slot++) {
      const f = s.folios[slot]!;
      if (!f.allocated) {
        if (f.refcount !== 0) return `folio ${slot}: free with refcount ${f.refcount}`;
        continue;
      }
      const pins = pinsOn(s, slot);
      const gets = heldOn(s, slot) - pins;
      const cache = f.cached ? f.pages.length : 0;
      const expected = f.mapcount + cache + gets + pinRefcountShare(f.large, pins);
      if (f.refcount !== expected) {
        return `folio ${slot}: refcount ${f.refcount} != mapcount ${f.mapcount} + cache ${cache} + gets ${gets} + pins ${pins}${f.large ? '' : ' x 1024'}`;
      }
      if (f.pincount !== (f.large ? pins : 0)) return `folio ${slot}: _pincount ${f.pincount} with ${pins} pin(s)`;
    }
    return undefined;
  },
};

/**
 * What maps each folio, counted in one pass over the page tables: for slot `i`, at
 * `i * stride` the PTEs, then the PMDs, then each page's PTEs. Reused from call to call (a
 * property runs on one state at a time): counting per folio and per page walked the page
 * tables 21 times a state.
 */
let mappingCounts = new Int32Array(32);

function tallyMappings(s: Immutable<FolioState>, stride: number): Int32Array {
  const size = s.folios.length * stride;
  if (mappingCounts.length < size) mappingCounts = new Int32Array(size);
  mappingCounts.fill(0, 0, size);
  for (const p of s.processes) {
    if (p.pmd !== null) mappingCounts[p.pmd.folio * stride + 1]!++;
    for (const v of p.vpages) {
      const pte = v.pte;
      if (pte === null) continue;
      mappingCounts[pte.folio * stride]!++;
      mappingCounts[pte.folio * stride + 2 + pte.page]!++;
    }
  }
  return mappingCounts;
}

export const mapcountMatchesPtes: FolioProperty = {
  kind: 'always',
  name: 'mapcount-matches-ptes',
  meaning: 'folio_mapcount(), _entire_mapcount and every page\'s mapcount equal the PTEs and PMDs mapping them',
  rule: 'folio_add_*_rmap_{pte,pmd} / folio_dup_*_rmap / folio_remove_rmap_* on every PTE and PMD change',
  check: (s) => {
    let pages = 0;
    for (const f of s.folios) pages = Math.max(pages, f.pages.length);
    const stride = 2 + pages;
    const mapped = tallyMappings(s, stride);
    for (let slot = 0; slot < s.folios.length; slot++) {
      const f = s.folios[slot]!;
      const ptes = mapped[slot * stride]!;
      const pmds = mapped[slot * stride + 1]!;
      if (f.mapcount !== ptes + pmds || f.mapcount < 0) return `folio ${slot}: mapcount ${f.mapcount} but ${ptes} PTE(s) and ${pmds} PMD(s) map it`;
      if (f.entireMapcount !== pmds) return `folio ${slot}: entire mapcount ${f.entireMapcount} but ${pmds} PMD(s) map it`;
      for (let page = 0; page < f.pages.length; page++) {
        const own = mapped[slot * stride + 2 + page]!;
        const mapcount = f.pages[page]!.mapcount;
        if (mapcount !== own) return `folio ${slot} page ${page}: page mapcount ${mapcount} but ${own} PTE(s) map it`;
      }
    }
    return undefined;
  },
};

export const noUseAfterFree: FolioProperty = {
  kind: 'always',
  name: 'no-use-after-free',
  meaning: 'nothing maps, pins, caches or puts a freed folio',
  rule: 'a folio is freed only when its last reference is put (folio_put)',
  check: (s) => {
    for (let slot = 0; slot < s.folios.length; slot++) {
      const refcount = s.folios[slot]!.refcount;
      if (refcount < 0) return `folio ${slot}: refcount ${refcount}: put after it was freed`;
    }
    for (let proc = 0; proc < s.processes.length; proc++) {
      for (let vpage = 0; vpage < s.processes[proc]!.vpages.length; vpage++) {
        const folio = mappedFolio(s, proc, vpage);
        if (folio >= 0 && !s.folios[folio]!.allocated) return `P${proc} vpage ${vpage} maps freed folio ${folio}${mappedByPmd(s, proc, vpage) ? ' by PMD' : ''}`;
      }
    }
    for (let slot = 0; slot < s.gups.length; slot++) {
      const g = s.gups[slot]!;
      if (g.kind === 'held' && !s.folios[g.folio]!.allocated) return `gup ${slot} (P${g.owner} ${g.flavor}) holds freed folio ${g.folio}`;
    }
    if (s.pagecache !== null && !s.folios[s.pagecache]!.allocated) return `page cache holds freed folio ${s.pagecache}`;
    return undefined;
  },
};

const wraps = (slot: number, counter: string, n: number, bits: number) =>
  `folio ${slot}: ${counter} ${n} wraps a ${bits}-bit word (max ${wordMax(bits)})`;

export const noCounterWraps: FolioProperty = {
  kind: 'always',
  name: 'no-counter-wraps',
  meaning: 'no _refcount, _mapcount or _pincount exceeds what its kernel word holds (counterBits)',
  rule: 'atomic_t counters: try_grab_folio()/try_get_page() refuse while the refcount reads <= 0',
  check: (s, knobs) => {
    const max = wordMax(knobs.counterBits);
    for (let slot = 0; slot < s.folios.length; slot++) {
      const f = s.folios[slot]!;
      if (f.refcount > max) return wraps(slot, '_refcount', f.refcount, knobs.counterBits);
      if (f.mapcount > max) return wraps(slot, '_mapcount', f.mapcount, knobs.counterBits);
      if (f.entireMapcount > max) return wraps(slot, '_entire_mapcount', f.entireMapcount, knobs.counterBits);
      if (f.pincount > max) return wraps(slot, '_pincount', f.pincount, knobs.counterBits);
      for (let page = 0; page < f.pages.length; page++) {
        const mapcount = f.pages[page]!.mapcount;
        if (mapcount > max) return wraps(slot, `page ${page} _mapcount`, mapcount, knobs.counterBits);
      }
    }
    return undefined;
  },
};
