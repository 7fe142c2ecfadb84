import type { Property } from '../../src/index.ts';
import type { FolioAction } from '../../models/folio/actions.ts';
import type { FolioKnobs } from '../../models/folio/knobs.ts';
import type { FolioState } from '../../models/folio/state.ts';
import { noPrivateWriteLeak } from './isolation.ts';
import { longtermNotMovable, maybeDmaPinnedNoFalseNegative, pinCoherent, pinnedAnonExclusive } from './pins.ts';
import { mapcountMatchesPtes, noCounterWraps, noUseAfterFree, refcountAccountsHolders } from './references.ts';
import { folioWitnesses } from './witnesses.ts';

/** The folio model's properties in checking order: the first broken one is reported. */
export const folioProperties: readonly Property<FolioState, FolioAction, FolioKnobs>[] = [
  // the specific rules before the accounting sum
  noUseAfterFree,
  noCounterWraps,
  maybeDmaPinnedNoFalseNegative,
  mapcountMatchesPtes,
  refcountAccountsHolders,
  pinnedAnonExclusive,
  pinCoherent,
  longtermNotMovable,
  noPrivateWriteLeak,
  ...folioWitnesses,
];
