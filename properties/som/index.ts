import type { Property } from '../../src/index.ts';
import type { SomAction } from '../../models/som/actions.ts';
import type { SomKnobs } from '../../models/som/knobs.ts';
import type { SomState } from '../../models/som/state.ts';
import { singleOwner } from './ownership.ts';
import { longtermNotMovable, movableChunkMigratable, pinnedChunkStays } from './pins.ts';
import { chunkReturnUnused } from './pool.ts';
import { metadataPerChunk, noReleasedStructPageWrite } from './structPages.ts';
import { somWitnesses } from './witnesses.ts';

/** The som model's properties, in the order they are checked (the first broken one is reported). */
export const somProperties: readonly Property<SomState, SomAction, SomKnobs>[] = [
  // a pinned chunk returned early breaks chunk-return-unused and pinned-chunk-stays, and the
  // pool rule is the one it breaks first
  singleOwner,
  noReleasedStructPageWrite,
  metadataPerChunk,
  chunkReturnUnused,
  pinnedChunkStays,
  longtermNotMovable,
  movableChunkMigratable,
  ...somWitnesses,
];
