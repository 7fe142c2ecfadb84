import type { CoverageCell, Immutable } from '../../src/index.ts';
import type { SomAction } from './actions.ts';
import type { SomKnobs } from './knobs.ts';
import type { SomState } from './state.ts';

const heldPins = (s: Immutable<SomState>) => s.pins.filter((p) => p.kind === 'held');

/** The situations docs/models/som.md argues about (its four open questions), counted by check and explore. */
export const somCells: readonly CoverageCell<SomState, SomAction, SomKnobs>[] = [
  {
    kind: 'step',
    name: 'fork-while-pinned',
    meaning: 'P0 forked while a pin on its som chunk was held (the premise that fork never copies the area)',
    hit: (before, action) => action.kind === 'fork' && heldPins(before).length > 0,
  },
  {
    kind: 'step',
    name: 'migrate-pinned-chunk',
    meaning: 'migrate_pages() began to unmap a chunk with a non-zero _pincount',
    hit: (before, action) => action.kind === 'migrateUnmap' && before.chunks[action.chunk]!.pincount > 0,
  },
  {
    kind: 'step',
    name: 'dontneed-pinned-subpage',
    meaning: 'MADV_DONTNEED zapped a subpage that a pin still holds',
    hit: (before, action) =>
      action.kind === 'dontneed' && heldPins(before).some((p) => p.kind === 'held' && p.owner === action.proc && p.vpage === action.vpage),
  },
  {
    kind: 'step',
    name: 'gup-fast-recheck-during-migration',
    meaning: "GUP-fast re-checked its PTE while migration had the chunk's PTEs unmapped",
    hit: (before, action) => action.kind === 'gupFastRecheck' && before.migration.pc === 'unmapped',
  },
  {
    kind: 'step',
    name: 'exit-while-pinned',
    meaning: 'a process exited with a pin on its som chunk still held',
    hit: (before, action) => action.kind === 'exit' && heldPins(before).some((p) => p.kind === 'held' && p.owner === action.proc),
  },
];
