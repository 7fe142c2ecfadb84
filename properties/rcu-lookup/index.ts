import type { Property } from '../../src/index.ts';
import type { LookupAction } from '../../models/rcu-lookup/actions.ts';
import type { LookupKnobs } from '../../models/rcu-lookup/knobs.ts';
import type { LookupState } from '../../models/rcu-lookup/state.ts';
import { memdescDecodes } from './memdesc.ts';
import { lookupIdentity, noTypeConfusion, referencesAccounted, tryGetNotZero } from './references.ts';
import { lookupWitnesses } from './witnesses.ts';

/** The rcu-lookup model's properties, in the order they are checked (the first broken one is reported). */
export const rcuLookupProperties: readonly Property<LookupState, LookupAction, LookupKnobs>[] = [
  memdescDecodes,
  tryGetNotZero,
  noTypeConfusion,
  lookupIdentity,
  referencesAccounted,
  ...lookupWitnesses,
];
