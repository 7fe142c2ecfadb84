import type { AnyModel } from '../src/index.ts';
import { collapseModel } from './collapse/model.ts';
import { devdaxModel } from './devdax/model.ts';
import { dmemfsModel } from './dmemfs/model.ts';
import { folioModel } from './folio/model.ts';
import { lazyZeroModel } from './lazy-zero/model.ts';
import { rcuLookupModel } from './rcu-lookup/model.ts';
import { slabRecursionModel } from './slab-recursion/model.ts';
import { somModel } from './som/model.ts';
import { vmemmapModel } from './vmemmap/model.ts';

/**
 * Every registered model, in the order `list` and `matrix` show them. A new model adds one
 * import and one entry here.
 */
export const registry: readonly AnyModel[] = [
  folioModel,
  vmemmapModel,
  rcuLookupModel,
  slabRecursionModel,
  collapseModel,
  somModel,
  dmemfsModel,
  devdaxModel,
  lazyZeroModel,
];
