import type { Property } from '../../src/index.ts';
import type { DevdaxAction } from '../../models/devdax/actions.ts';
import type { DevdaxKnobs } from '../../models/devdax/knobs.ts';
import type { DevdaxState } from '../../models/devdax/state.ts';
import { extentsAligned, extentsDisjoint } from './extents.ts';
import { mappingGranularity, tenantIsolation, unmappedBeforeGiveBack } from './mappings.ts';
import { recreateExact } from './recreate.ts';
import { devdaxWitnesses } from './witnesses.ts';

/** The devdax model's properties, in the order they are checked (the first broken one is reported). */
export const devdaxProperties: readonly Property<DevdaxState, DevdaxAction, DevdaxKnobs>[] = [
  extentsDisjoint,
  extentsAligned,
  mappingGranularity,
  unmappedBeforeGiveBack,
  tenantIsolation,
  recreateExact,
  ...devdaxWitnesses,
];
