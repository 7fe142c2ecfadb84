import type { Property } from '../../src/index.ts';
import type { CollapseAction } from '../../models/collapse/actions.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import type { CollapseState } from '../../models/collapse/state.ts';
import { countsExact } from './counts.ts';
import { collapseInvisible, noPrivateWriteLeak } from './data.ts';
import { anonExclusiveSole } from './exclusive.ts';
import { gupFastReturnsMapped } from './gupFast.ts';
import { pinCoherent, pinnedAnonExclusive } from './pins.ts';
import { refOnPageFolio } from './refs.ts';
import { forkSnapshot } from './snapshot.ts';
import { walkerTableLive } from './walker.ts';
import { collapseWitnesses } from './witnesses.ts';

/**
 * The collapse model's properties, in the order they are checked: the first broken one is
 * reported, so the specific rules come before the accounting.
 */
export const collapseProperties: readonly Property<CollapseState, CollapseAction, CollapseKnobs>[] = [
  walkerTableLive,
  gupFastReturnsMapped,
  pinnedAnonExclusive,
  anonExclusiveSole,
  pinCoherent,
  noPrivateWriteLeak,
  collapseInvisible,
  forkSnapshot,
  refOnPageFolio,
  countsExact,
  ...collapseWitnesses,
];
