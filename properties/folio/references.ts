import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import { wordMax } from '../../models/parts/kernelWord.ts';
import { pinRefcountShare } from '../../models/parts/pinAccounting.ts';
import type { FolioKnobs } from '../../models/folio/knobs.ts';
import type { FolioState } from '../../models/folio/state.ts';
import { mappings } from '../../models/folio/pmd.ts';

type FolioProperty = AlwaysProperty<FolioState, FolioKnobs>;

/** The PTEs of live processes that map folio `slot`. */
export function ptesMapping(s: Immutable<FolioState>, slot: number): number {
  return s.processes.reduce((n, p) => n + p.vpages.filter((v) => v.pte?.folio === slot).length, 0);
}

/** The PMDs that map folio `slot` whole. */
export function pmdsMapping(s: Immutable<FolioState>, slot: number): number {
  return s.processes.filter((p) => p.pmd?.folio === slot).length;
}

/** Gets and pins held on folio `slot`. */
function gupsOn(s: Immutable<FolioState>, slot: number) {
  const held = s.gups.filter((g) => g.kind === 'held' && g.folio === slot);
  const pins = held.filter((g) => g.kind === 'held' && g.flavor !== 'get').length;
  return { gets: held.length - pins, pins };
}

export const refcountAccountsHolders: FolioProperty = {
  kind: 'always',
  name: 'refcount-accounts-holders',
  meaning: 'refcount and _pincount are exactly what mappings, page cache, gets and pins account for',
  rule: 'folio_expected_ref_count() + GUP_PIN_COUNTING_BIAS per pin (small) or _pincount (large)',
  check: (s) => {
    for (const [slot, f] of s.folios.entries()) {
      if (!f.allocated) {
        if (f.refcount !== 0) return `folio ${slot}: free with refcount ${f.refcount}`;
        continue;
      }
      const { gets, pins } = gupsOn(s, slot);
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

export const mapcountMatchesPtes: FolioProperty = {
  kind: 'always',
  name: 'mapcount-matches-ptes',
  meaning: 'folio_mapcount(), _entire_mapcount and every page\'s mapcount equal the PTEs and PMDs mapping them',
  rule: 'folio_add_*_rmap_{pte,pmd} / folio_dup_*_rmap / folio_remove_rmap_* on every PTE and PMD change',
  check: (s) => {
    for (const [slot, f] of s.folios.entries()) {
      const [ptes, pmds] = [ptesMapping(s, slot), pmdsMapping(s, slot)];
      if (f.mapcount !== ptes + pmds || f.mapcount < 0) return `folio ${slot}: mapcount ${f.mapcount} but ${ptes} PTE(s) and ${pmds} PMD(s) map it`;
      if (f.entireMapcount !== pmds) return `folio ${slot}: entire mapcount ${f.entireMapcount} but ${pmds} PMD(s) map it`;
      for (const [page, p] of f.pages.entries()) {
        const own = s.processes.reduce((n, q) => n + q.vpages.filter((v) => v.pte?.folio === slot && v.pte.page === page).length, 0);
        if (p.mapcount !== own) return `folio ${slot} page ${page}: page mapcount ${p.mapcount} but ${own} PTE(s) map it`;
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
    const negative = s.folios.findIndex((f) => f.refcount < 0);
    if (negative >= 0) return `folio ${negative}: refcount ${s.folios[negative]!.refcount}: put after it was freed`;
    for (const m of mappings(s)) {
      if (!s.folios[m.folio]!.allocated) return `P${m.proc} vpage ${m.vpage} maps freed folio ${m.folio}${m.pmd ? ' by PMD' : ''}`;
    }
    for (const [slot, g] of s.gups.entries()) {
      if (g.kind === 'held' && !s.folios[g.folio]!.allocated) return `gup ${slot} (P${g.owner} ${g.flavor}) holds freed folio ${g.folio}`;
    }
    if (s.pagecache !== undefined && !s.folios[s.pagecache]!.allocated) return `page cache holds freed folio ${s.pagecache}`;
    return undefined;
  },
};

export const noCounterWraps: FolioProperty = {
  kind: 'always',
  name: 'no-counter-wraps',
  meaning: 'no _refcount, _mapcount or _pincount exceeds what its kernel word holds (counterBits)',
  rule: 'atomic_t counters: try_grab_folio()/try_get_page() refuse while the refcount reads <= 0',
  check: (s, knobs) => {
    const max = wordMax(knobs.counterBits);
    for (const [slot, f] of s.folios.entries()) {
      const counters: [string, number][] = [['_refcount', f.refcount], ['_mapcount', f.mapcount], ['_entire_mapcount', f.entireMapcount], ['_pincount', f.pincount]];
      f.pages.forEach((p, page) => counters.push([`page ${page} _mapcount`, p.mapcount]));
      const wrapped = counters.find(([, n]) => n > max);
      if (wrapped) return `folio ${slot}: ${wrapped[0]} ${wrapped[1]} wraps a ${knobs.counterBits}-bit word (max ${max})`;
    }
    return undefined;
  },
};
