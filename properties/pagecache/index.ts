import type { Property } from '../../src/index.ts';
import type { PagecacheAction } from '../../models/pagecache/actions.ts';
import type { PagecacheKnobs } from '../../models/pagecache/knobs.ts';
import type { PagecacheState } from '../../models/pagecache/state.ts';
import { lookupCoversIndex, readerRefOnFolio } from './lookup.ts';
import { referencesAccounted } from './references.ts';
import { pagecacheWitnesses } from './witnesses.ts';
import { rcuNodeLive, xarrayConsistent } from './xarray.ts';

/** The pagecache model's properties, in the order they are checked (the first broken one is reported). */
export const pagecacheProperties: readonly Property<PagecacheState, PagecacheAction, PagecacheKnobs>[] = [
  xarrayConsistent,
  rcuNodeLive,
  readerRefOnFolio,
  lookupCoversIndex,
  referencesAccounted,
  ...pagecacheWitnesses,
];
