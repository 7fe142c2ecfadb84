import type { AlwaysProperty, StepProperty } from '../../src/index.ts';
import type { SomAction } from '../../models/som/actions.ts';
import type { SomKnobs } from '../../models/som/knobs.ts';
import type { SomState } from '../../models/som/state.ts';

export const pinnedChunkStays: AlwaysProperty<SomState, SomKnobs> = {
  kind: 'always',
  name: 'pinned-chunk-stays',
  meaning: 'a pinned chunk is never moved away from its owner nor reused',
  rule: 'migration freezes the refcount at the expected count and backs off on pins (folio_ref_freeze)',
  check: (s) => {
    for (let slot = 0; slot < s.pins.length; slot++) {
      const p = s.pins[slot]!;
      if (p.kind !== 'held') continue;
      const c = s.chunks[p.chunk]!;
      if (c.inPool || c.generation !== p.generation) {
        return `pin ${slot}: chunk ${p.chunk} pinned by P${p.owner} went back to the pool${c.inPool ? '' : ' and was handed out again'}`;
      }
      const pte = s.processes[p.owner]!.area?.vpages[p.vpage]?.pte;
      if (p.coherent && pte !== undefined && pte.chunk !== p.chunk) {
        return `pin ${slot}: P${p.owner} pinned chunk ${p.chunk} page ${p.vpage}, but vpage ${p.vpage} now maps chunk ${pte.chunk} (refcount ${c.refcount}, _pincount ${c.pincount} left on chunk ${p.chunk})`;
      }
    }
    return undefined;
  },
};

export const longtermNotMovable: AlwaysProperty<SomState, SomKnobs> = {
  kind: 'always',
  name: 'longterm-not-movable',
  meaning: 'a FOLL_LONGTERM pin never sits on a ZONE_MOVABLE chunk',
  rule: 'folio_is_longterm_pinnable() / check_and_migrate_movable_folios()',
  check: (s) => {
    for (let slot = 0; slot < s.pins.length; slot++) {
      const p = s.pins[slot]!;
      if (p.kind === 'held' && p.longterm && s.chunks[p.chunk]!.zone === 'movable') return `pin ${slot}: FOLL_LONGTERM pin on chunk ${p.chunk} in ZONE_MOVABLE`;
    }
    return undefined;
  },
};

export const movableChunkMigratable: StepProperty<SomState, SomAction, SomKnobs> = {
  kind: 'step',
  name: 'movable-chunk-migratable',
  meaning: 'migrating a ZONE_MOVABLE chunk fails only while something beyond its mappings holds it',
  rule: 'ZONE_MOVABLE holds only migratable memory (hugepage_movable_supported); offline and CMA rely on it',
  check: (before, _action, after) => {
    const f = after.lastMigrationFailure;
    if (after.migrationFailures === before.migrationFailures || f === undefined) return undefined;
    if (f.zone !== 'movable' || f.extraRefs > 0) return undefined;
    return `migrate_pages(chunk ${f.chunk}, ZONE_MOVABLE) failed though no pin or other reference holds it (refcount == mapcount)`;
  },
};
