import type { Property } from '../../src/index.ts';
import type { VmemmapAction } from '../../models/vmemmap/actions.ts';
import type { VmemmapKnobs } from '../../models/vmemmap/knobs.ts';
import type { VmemmapState } from '../../models/vmemmap/state.ts';
import { aliasesConsistent, compoundHeadCorrect, noReadOnlyWrite, tailsZeroHeadFrozen, vmemmapConserved, vmemmapWitnesses } from './vmemmap.ts';

/** The vmemmap model's properties, in the order they are checked (the first broken one is reported). */
export const vmemmapProperties: readonly Property<VmemmapState, VmemmapAction, VmemmapKnobs>[] = [
  noReadOnlyWrite,
  tailsZeroHeadFrozen,
  compoundHeadCorrect,
  aliasesConsistent,
  vmemmapConserved,
  ...vmemmapWitnesses,
];
