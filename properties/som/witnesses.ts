import type { SometimesProperty } from '../../src/index.ts';
import type { SomKnobs } from '../../models/som/knobs.ts';
import type { SomState } from '../../models/som/state.ts';

type Witness = SometimesProperty<SomState, SomKnobs>;

const mapsChunk = (s: SomState, proc: number) => s.processes[proc]!.area?.vpages.find((v) => v.pte !== undefined)?.pte?.chunk;

export const somWitnesses: Witness[] = [
  { kind: 'sometimes', name: 'chunk-partially-unmapped', meaning: 'a chunk stays in use after part of it was zapped', reached: (s) => s.seen.partialUnmap },
  { kind: 'sometimes', name: 'chunk-returned', meaning: 'a used chunk went back to the HugeTLB pool', reached: (s) => s.seen.returned },
  { kind: 'sometimes', name: 'chunk-migrated', meaning: 'migrate_pages() moved a mapped chunk', reached: (s) => s.seen.migrated },
  {
    kind: 'sometimes',
    name: 'migration-blocked',
    meaning: 'a migration backed off because a pin or GUP-fast reference held the chunk',
    reached: (s) => s.seen.migrationBlocked,
  },
  { kind: 'sometimes', name: 'gup-fast-backed-off', meaning: "GUP-fast's grab or PTE re-check failed and it backed off", reached: (s) => s.seen.gupFastBackedOff },
  {
    kind: 'sometimes',
    name: 'longterm-pin-held',
    meaning: 'a FOLL_LONGTERM pin is held (on a ZONE_NORMAL chunk)',
    reached: (s) => s.pins.some((p) => p.kind === 'held' && p.longterm),
  },
  { kind: 'sometimes', name: 'fork-with-som-mapped', meaning: 'P0 forked while its som area mapped a chunk', reached: (s) => s.seen.forkedWithSom },
  {
    kind: 'sometimes',
    name: 'two-owners',
    meaning: 'two processes each map a chunk of their own at once',
    reached: (s) => mapsChunk(s, 0) !== undefined && mapsChunk(s, 1) !== undefined,
  },
  {
    kind: 'sometimes',
    name: 'pin-outlives-mappings',
    meaning: 'a pinned chunk is mapped by nothing and stays out of the pool',
    reached: (s) => s.chunks.some((c) => !c.inPool && c.mapcount === 0 && c.pincount > 0),
  },
];
