import type { Property } from '../../src/index.ts';
import type { DmemfsAction } from '../../models/dmemfs/actions.ts';
import type { DmemfsKnobs } from '../../models/dmemfs/knobs.ts';
import type { DmemfsState } from '../../models/dmemfs/state.ts';
import { unmappedBeforeGiveBack } from './giveBack.ts';
import { noPageMetadata } from './metadata.ts';
import { poisonNeverReused } from './poison.ts';
import { dmemfsWitnesses } from './witnesses.ts';

/** The dmemfs model's properties, in the order they are checked (the first broken one is reported). */
export const dmemfsProperties: readonly Property<DmemfsState, DmemfsAction, DmemfsKnobs>[] = [
  noPageMetadata,
  unmappedBeforeGiveBack,
  poisonNeverReused,
  ...dmemfsWitnesses,
];
