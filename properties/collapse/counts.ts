import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import { pinRefcountShare } from '../../models/parts/pinAccounting.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import { pageFolio, PTRS_PER_PMD, type CollapseState } from '../../models/collapse/state.ts';

/** Who holds references to folio `slot`, from the ghost state; a page's reference is on its folio now. */
export function holders(s: Immutable<CollapseState>, slot: number) {
  // plain loops: this runs for every folio after every random step
  let ptes = 0;
  let pmds = 0;
  // unhooked and deposited tables count too: their entries hold references until cleared
  for (const t of s.tables) {
    for (const pte of t.ptes) if (pte.kind === 'present' && pageFolio(s, pte.pfn) === slot) ptes++;
  }
  for (const p of s.processes) if (p.pmd.kind === 'huge' && p.pmd.folio === slot) pmds++;
  let gets = 0;
  let pins = 0;
  for (const g of s.gups) {
    if (g.kind !== 'held' || pageFolio(s, g.pfn) !== slot) continue;
    if (g.flavor === 'get') gets++;
    else pins++;
  }
  // GUP-fast's reference is on the folio it took it on, whatever its page belongs to now
  const t = s.gupFast;
  if ((t.pc === 'got' || t.pc === 'pte-ok' || t.pc === 'leaf-got' || t.pc === 'pmd-ok') && t.folio === slot) pins++;
  const k = s.khugepaged;
  const khugepaged = k.pc !== 'idle' && k.mode === 'copy' && k.folio === slot ? 1 : 0;
  const x = s.splitter;
  const splitter = x.pc === 'idle' ? 0 : x.pc === 'split' ? (slot >= x.folio && slot < x.folio + PTRS_PER_PMD ? 1 : 0) : x.folio === slot ? 1 : 0;
  return { ptes, pmds, gets, pins, khugepaged, splitter };
}

export const countsExact: AlwaysProperty<CollapseState, CollapseKnobs> = {
  kind: 'always',
  name: 'counts-exact',
  meaning: 'mapcount, entire mapcount, refcount and _pincount are exactly what mappings and references account for, on the folio each page belongs to now',
  rule: 'one PMD mapping (one reference) replaces n PTE mappings (n references); a split hands each new folio exactly the references its pages have',
  check: (s) => {
    // one pass over the holders for every folio at once; holders() spells them out for the message
    const n = s.folios.length;
    const mapped: number[] = new Array<number>(2 * n).fill(0);
    const refs: number[] = new Array<number>(2 * n).fill(0);
    for (const t of s.tables) {
      for (const pte of t.ptes) {
        if (pte.kind !== 'present') continue;
        const folio = pageFolio(s, pte.pfn);
        mapped[folio]!++;
        refs[folio]!++;
      }
    }
    for (const p of s.processes) {
      if (p.pmd.kind !== 'huge') continue;
      mapped[p.pmd.folio]!++;
      mapped[n + p.pmd.folio]!++;
      refs[p.pmd.folio]!++;
    }
    for (const g of s.gups) {
      if (g.kind !== 'held') continue;
      const folio = pageFolio(s, g.pfn);
      if (g.flavor === 'get') refs[folio]!++;
      else refs[n + folio]!++;
    }
    const t = s.gupFast;
    if (t.pc === 'got' || t.pc === 'pte-ok' || t.pc === 'leaf-got' || t.pc === 'pmd-ok') refs[n + t.folio]!++;
    const k = s.khugepaged;
    if (k.pc !== 'idle' && k.mode === 'copy') refs[k.folio]!++;
    const x = s.splitter;
    if (x.pc === 'split') for (let pfn = x.folio; pfn < x.folio + PTRS_PER_PMD; pfn++) refs[pfn]!++;
    else if (x.pc !== 'idle') refs[x.folio]!++;
    for (let slot = 0; slot < n; slot++) {
      const f = s.folios[slot]!;
      if (f.refcount < 0 || f.mapcount < 0 || f.pincount < 0) {
        return `folio ${slot}: refcount ${f.refcount}, mapcount ${f.mapcount}, _pincount ${f.pincount}: negative`;
      }
      const pins = refs[n + slot]!;
      const total = refs[slot]! + pinRefcountShare(f.large, pins);
      const frozen = s.splitter.pc === 'frozen' && s.splitter.folio === slot;
      const fine = f.allocated
        ? f.mapcount === mapped[slot] && f.entireMapcount === mapped[n + slot] && f.refcount === (frozen ? total - 1 : total) && f.pincount === (f.large ? pins : 0)
        : total === 0;
      const why = fine ? undefined : explain(s, slot);
      if (why !== undefined) return why;
    }
    return undefined;
  },
};

/** What is wrong with folio `slot`'s counters, spelled out from its holders. */
function explain(s: Immutable<CollapseState>, slot: number): string | undefined {
  const f = s.folios[slot]!;
  const h = holders(s, slot);
  const refs = h.ptes + h.pmds + h.gets + pinRefcountShare(f.large, h.pins) + h.khugepaged + h.splitter;
  if (!f.allocated) {
    if (refs > 0) return `folio ${slot}: freed, but ${h.ptes} PTE(s), ${h.pmds} PMD(s), ${h.gets + h.pins} GUP reference(s) still use it`;
    return undefined;
  }
  if (f.mapcount !== h.ptes + h.pmds || f.entireMapcount !== h.pmds) {
    return `folio ${slot}: mapcount ${f.mapcount} (entire ${f.entireMapcount}) but ${h.ptes} PTE(s) and ${h.pmds} PMD(s) map it`;
  }
  // folio_ref_freeze(folio, 1): the splitter's one reference became the frozen count 0
  const frozen = s.splitter.pc === 'frozen' && s.splitter.folio === slot;
  if (f.refcount !== (frozen ? refs - 1 : refs)) {
    const pins = f.large ? `${h.pins} pin(s)` : `${h.pins} pin(s) x 1024`;
    const own = (h.khugepaged > 0 ? ' + khugepaged 1' : '') + (h.splitter > 0 ? ` + split ${frozen ? '1, frozen to 0' : '1'}` : '');
    return `folio ${slot}: refcount ${f.refcount} != ${frozen ? refs - 1 : refs} (PTEs ${h.ptes} + PMDs ${h.pmds} + gets ${h.gets} + ${pins}${own})`;
  }
  if (f.pincount !== (f.large ? h.pins : 0)) return `folio ${slot}: _pincount ${f.pincount} with ${h.pins} pin(s)`;
  return undefined;
}
