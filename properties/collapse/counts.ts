import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import { pinRefcountShare } from '../../models/parts/pinAccounting.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import { pageFolio, PTRS_PER_PMD, type CollapseState } from '../../models/collapse/state.ts';

/** Who holds references to folio `slot`, from the ghost state; a page's reference is on its folio now. */
export function holders(s: Immutable<CollapseState>, slot: number) {
  let ptes = 0;
  let pmds = 0;
  // unhooked and deposited tables count too: their entries hold references until cleared
  for (const t of s.tables) ptes += t.ptes.filter((pte) => pte.kind === 'present' && pageFolio(s, pte.pfn) === slot).length;
  for (const p of s.processes) if (p.pmd.kind === 'huge' && p.pmd.folio === slot) pmds++;
  const held = s.gups.filter((g) => g.kind === 'held' && pageFolio(s, g.pfn) === slot);
  const gets = held.filter((g) => g.kind === 'held' && g.flavor === 'get').length;
  // GUP-fast's reference is on the folio it took it on, whatever its page belongs to now
  const t = s.gupFast;
  const fastFolio = t.pc === 'got' || t.pc === 'pte-ok' || t.pc === 'leaf-got' || t.pc === 'pmd-ok' ? t.folio : undefined;
  const pins = held.length - gets + (fastFolio === slot ? 1 : 0);
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
    for (const [slot, f] of s.folios.entries()) {
      if (f.refcount < 0 || f.mapcount < 0 || f.pincount < 0) {
        return `folio ${slot}: refcount ${f.refcount}, mapcount ${f.mapcount}, _pincount ${f.pincount}: negative`;
      }
      const h = holders(s, slot);
      const refs = h.ptes + h.pmds + h.gets + pinRefcountShare(f.large, h.pins) + h.khugepaged + h.splitter;
      if (!f.allocated) {
        if (refs > 0) return `folio ${slot}: freed, but ${h.ptes} PTE(s), ${h.pmds} PMD(s), ${h.gets + h.pins} GUP reference(s) still use it`;
        continue;
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
    }
    return undefined;
  },
};
