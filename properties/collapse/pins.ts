import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import { mappedPfn, mappingExclusive, pageFolio, ptesOf, showPage, type CollapseState } from '../../models/collapse/state.ts';

type CollapseProperty = AlwaysProperty<CollapseState, CollapseKnobs>;

export const pinCoherent: CollapseProperty = {
  kind: 'always',
  name: 'pin-coherent',
  meaning: 'a pinned page stays the page its process maps at that address: device and process see each other\'s writes',
  rule: 'nothing moves a maybe-pinned page: collapse_huge_page backs off on refcount != folio_expected_ref_count()',
  check: (s) => {
    const k = s.khugepaged;
    for (let slot = 0; slot < s.gups.length; slot++) {
      const g = s.gups[slot]!;
      if (g.kind !== 'held' || g.flavor === 'get' || !g.coherent) continue;
      // past its refcount check collapse_huge_page copies away from every page of the table
      if (k.pc !== 'idle' && k.mode === 'copy' && (k.pc === 'isolated' || k.pc === 'copied') && g.owner === k.proc) {
        const pte = ptesOf(s, k.proc)[g.vpage]!;
        if (pte.kind === 'present' && pageFolio(s, pte.pfn) === pageFolio(s, g.pfn)) {
          const who = k.by === 'khugepaged' ? 'CPU1 khugepaged' : `P${k.proc}'s MADV_COLLAPSE`;
          return `gup ${slot}: P${g.owner} pinned ${showPage(s, g.pfn)}, which ${who} passed as unpinned and copies away from`;
        }
      }
      // even while khugepaged holds the mmap lock: the pin must never lose its page
      if (!s.processes[g.owner]!.alive) continue;
      const pfn = mappedPfn(s, g.owner, g.vpage);
      if (pfn !== g.pfn) {
        const now = pfn >= 0 ? showPage(s, pfn) : 'nothing';
        return `gup ${slot}: P${g.owner} pinned ${showPage(s, g.pfn)} at vpage ${g.vpage} but maps ${now} there: device writes go to a page P${g.owner} no longer reads`;
      }
    }
    return undefined;
  },
};

/**
 * PageAnonExclusive of a pinned page: through its owner's mapping (the head page's flag for a
 * PMD), or its own flag where the owner no longer maps it there. A tail's flag means nothing
 * under a PMD, a head's nothing for a PTE-mapped tail.
 */
export function pinnedPageExclusive(s: Immutable<CollapseState>, owner: number, vpage: number, pfn: number): boolean {
  if (mappedPfn(s, owner, vpage) === pfn) return mappingExclusive(s, owner, vpage);
  return s.pages[pfn]!.exclusive;
}

export const pinnedAnonExclusive: CollapseProperty = {
  kind: 'always',
  name: 'pinned-anon-exclusive',
  meaning: 'a pinned anonymous page is PageAnonExclusive (its own flag, or its head page\'s for a PMD-mapped THP)',
  rule: 'sanity_check_pinned_pages(); folio_try_share_anon_rmap_*() refuses a maybe-pinned page; GUP-fast checks gup_must_unshare()',
  check: (s) => {
    for (let slot = 0; slot < s.gups.length; slot++) {
      const g = s.gups[slot]!;
      // a pin whose owner unmapped the address (or exited) has no mapping to be exclusive in
      if (g.kind !== 'held' || g.flavor === 'get' || !g.coherent || !s.processes[g.owner]!.alive) continue;
      if (!pinnedPageExclusive(s, g.owner, g.vpage, g.pfn)) {
        return `gup ${slot}: P${g.owner} pins ${showPage(s, g.pfn)}, which is not PageAnonExclusive`;
      }
    }
    return undefined;
  },
};
