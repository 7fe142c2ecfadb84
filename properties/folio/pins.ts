import type { AlwaysProperty, Immutable, StepProperty } from '../../src/index.ts';
import { folioMaybeDmaPinned } from '../../models/parts/pinAccounting.ts';
import type { FolioAction } from '../../models/folio/actions.ts';
import type { FolioKnobs } from '../../models/folio/knobs.ts';
import type { FolioState } from '../../models/folio/state.ts';
import { mappedByPmd, mappedFolio, mappedPage, pageMapcount } from '../../models/folio/pmd.ts';

export const maybeDmaPinnedNoFalseNegative: AlwaysProperty<FolioState, FolioKnobs> = {
  kind: 'always',
  name: 'maybe-dma-pinned',
  meaning: 'folio_maybe_dma_pinned() is true for every pinned folio (false positives allowed)',
  rule: 'GUP_PIN_COUNTING_BIAS for small folios, exact _pincount for large ones',
  check: (s) => {
    for (let slot = 0; slot < s.gups.length; slot++) {
      const g = s.gups[slot]!;
      if (g.kind !== 'held' || g.flavor === 'get') continue;
      const f = s.folios[g.folio]!;
      if (!folioMaybeDmaPinned(f)) {
        return `folio ${g.folio} pinned by gup ${slot} but folio_maybe_dma_pinned() is false (refcount ${f.refcount}, _pincount ${f.pincount})`;
      }
    }
    return undefined;
  },
};

export const pinCoherent: AlwaysProperty<FolioState, FolioKnobs> = {
  kind: 'always',
  name: 'pin-coherent',
  meaning: 'a pin stays the page its process maps there: device and process see each other\'s writes',
  rule: 'no COW or migration away from a pinned page (PG_anon_exclusive, copy at fork, refcount freeze)',
  check: (s) => {
    for (let slot = 0; slot < s.gups.length; slot++) {
      const g = s.gups[slot]!;
      if (g.kind !== 'held' || g.flavor === 'get' || !g.coherent) continue;
      const folio = mappedFolio(s, g.owner, g.vpage);
      const page = mappedPage(s, g.owner, g.vpage);
      if (folio !== g.folio || page !== g.page) {
        const now = folio >= 0 ? `folio ${folio} page ${page}` : 'nothing';
        return `gup ${slot}: P${g.owner} pinned folio ${g.folio} page ${g.page} at vpage ${g.vpage}, but maps ${now} there`;
      }
    }
    return undefined;
  },
};

/** Another process (incarnation) maps `folio`/`page`, or holds a GUP reference on it. */
function sharedWith(s: Immutable<FolioState>, owner: number, folio: number, page: number): string | undefined {
  for (let proc = 0; proc < s.processes.length; proc++) {
    if (proc === owner) continue;
    for (let vpage = 0; vpage < s.processes[proc]!.vpages.length; vpage++) {
      if (mappedFolio(s, proc, vpage) === folio && mappedPage(s, proc, vpage) === page) return `P${proc} maps it${mappedByPmd(s, proc, vpage) ? ' by PMD' : ''}`;
    }
  }
  const holder = s.gups.find((g) => g.kind === 'held' && g.owner !== owner && g.folio === folio && g.page === page);
  return holder?.kind === 'held' ? `P${holder.owner} holds a ${holder.flavor} reference` : undefined;
}

export const pinnedAnonExclusive: StepProperty<FolioState, FolioAction, FolioKnobs> = {
  kind: 'step',
  name: 'pinned-anon-exclusive',
  meaning: 'FOLL_PIN never takes an anon page another process maps or references (what PageAnonExclusive guarantees)',
  rule: 'gup_must_unshare(): a R/O pin of a possibly shared anon page unshares it first, on the slow and the fast path',
  check: (before, action, after) => {
    if (action.kind !== 'gup' && action.kind !== 'gupFast') return undefined;
    const slot = after.gups.findIndex((g, i) => g.kind === 'held' && before.gups[i]?.kind === 'none');
    const g = after.gups[slot];
    if (g === undefined || g.kind !== 'held') return undefined;
    const f = after.folios[g.folio]!;
    const shared = f.anon && !f.pages[g.page]!.exclusive ? sharedWith(after, g.owner, g.folio, g.page) : undefined;
    return shared === undefined
      ? undefined
      : `P${g.owner} pinned folio ${g.folio} page ${g.page}, not PageAnonExclusive and ${shared} (page mapcount ${pageMapcount(f, g.page)})`;
  },
};

export const longtermNotMovable: AlwaysProperty<FolioState, FolioKnobs> = {
  kind: 'always',
  name: 'longterm-not-movable',
  meaning: 'a FOLL_LONGTERM pin never sits on a ZONE_MOVABLE frame',
  rule: 'folio_is_longterm_pinnable() / check_and_migrate_movable_folios()',
  check: (s) => {
    for (let slot = 0; slot < s.gups.length; slot++) {
      const g = s.gups[slot]!;
      if (g.kind === 'held' && (g.flavor === 'longterm' || g.flavor === 'longterm-ro') && s.folios[g.folio]!.zone === 'movable') {
        return `gup ${slot}: FOLL_LONGTERM pin on folio ${g.folio} in ZONE_MOVABLE`;
      }
    }
    return undefined;
  },
};
