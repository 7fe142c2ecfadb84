import type { AlwaysProperty } from '../../src/index.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import { pageFolio, type CollapseState } from '../../models/collapse/state.ts';

export const refOnPageFolio: AlwaysProperty<CollapseState, CollapseKnobs> = {
  kind: 'always',
  name: 'ref-on-page-folio',
  meaning: 'a reference GUP holds for a page is on the live folio that page belongs to now',
  rule: 'unpin_user_page(page) puts page_folio(page): try_grab_folio_fast re-checks page_folio after folio_try_get, and a split freezes the count so no reference can come between',
  check: (s) => {
    const t = s.gupFast;
    // try_grab_folio_fast's promise, which the rest of the walk uses the folio for
    // (gup_must_unshare, folio_fast_pin_allowed, folio_set_referenced)
    if (t.pc === 'got' || t.pc === 'pte-ok' || t.pc === 'leaf-got' || t.pc === 'pmd-ok') {
      const pfn = t.pc === 'leaf-got' ? t.pmd.folio + t.vpage : t.pc === 'pmd-ok' ? t.pfn : t.pte.pfn;
      if (pageFolio(s, pfn) !== t.folio) {
        return `CPU0 GUP-fast got a reference for pfn ${pfn} on folio ${t.folio}, but pfn ${pfn} belongs to folio ${pageFolio(s, pfn)}`;
      }
    }
    for (let slot = 0; slot < s.gups.length; slot++) {
      const g = s.gups[slot]!;
      if (g.kind !== 'held') continue;
      const folio = pageFolio(s, g.pfn);
      if (!s.folios[folio]!.allocated) return `gup ${slot}: P${g.owner}'s reference for pfn ${g.pfn} is on folio ${folio}, which is free`;
    }
    return undefined;
  },
};
