import { withProperties, type AnyModel } from '../src/index.ts';
import { collapseModel } from '../models/collapse/model.ts';
import { devdaxModel } from '../models/devdax/model.ts';
import { dmemfsModel } from '../models/dmemfs/model.ts';
import { folioModel } from '../models/folio/model.ts';
import { folioListsModel } from '../models/folio-lists/model.ts';
import { lazyZeroModel } from '../models/lazy-zero/model.ts';
import { pagecacheModel } from '../models/pagecache/model.ts';
import { rcuLookupModel } from '../models/rcu-lookup/model.ts';
import { slabRecursionModel } from '../models/slab-recursion/model.ts';
import { somModel } from '../models/som/model.ts';
import { typesafeAnonVmaModel } from '../models/typesafe-anon-vma/model.ts';
import { typesafeRcuModel } from '../models/typesafe-rcu/model.ts';
import { vmemmapModel } from '../models/vmemmap/model.ts';
import { collapseProperties } from '../properties/collapse/index.ts';
import { devdaxProperties } from '../properties/devdax/index.ts';
import { dmemfsProperties } from '../properties/dmemfs/index.ts';
import { folioProperties } from '../properties/folio/index.ts';
import { folioListsProperties } from '../properties/folio-lists/index.ts';
import { lazyZeroProperties } from '../properties/lazy-zero/index.ts';
import { pagecacheProperties } from '../properties/pagecache/index.ts';
import { rcuLookupProperties } from '../properties/rcu-lookup/index.ts';
import { slabRecursionProperties } from '../properties/slab-recursion/index.ts';
import { somProperties } from '../properties/som/index.ts';
import { typesafeAnonVmaProperties } from '../properties/typesafe-anon-vma/index.ts';
import { typesafeRcuProperties } from '../properties/typesafe-rcu/index.ts';
import { vmemmapProperties } from '../properties/vmemmap/index.ts';

/**
 * Every model joined with its properties: models and properties never import each other in
 * that direction, so this is the one place that knows both. A new model adds one entry.
 */
export const models = {
  folio: withProperties(folioModel, folioProperties),
  vmemmap: withProperties(vmemmapModel, vmemmapProperties),
  rcuLookup: withProperties(rcuLookupModel, rcuLookupProperties),
  slabRecursion: withProperties(slabRecursionModel, slabRecursionProperties),
  collapse: withProperties(collapseModel, collapseProperties),
  som: withProperties(somModel, somProperties),
  dmemfs: withProperties(dmemfsModel, dmemfsProperties),
  devdax: withProperties(devdaxModel, devdaxProperties),
  lazyZero: withProperties(lazyZeroModel, lazyZeroProperties),
  pagecache: withProperties(pagecacheModel, pagecacheProperties),
  typesafeRcu: withProperties(typesafeRcuModel, typesafeRcuProperties),
  typesafeAnonVma: withProperties(typesafeAnonVmaModel, typesafeAnonVmaProperties),
  folioLists: withProperties(folioListsModel, folioListsProperties),
};

/** Every registered model, in the order `list` and `matrix` show them. */
export const registry: readonly AnyModel[] = Object.values(models);
