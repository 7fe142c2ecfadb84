import type { StepProperty } from '../../src/index.ts';
import type { DevdaxAction } from '../../models/devdax/actions.ts';
import type { DevdaxKnobs } from '../../models/devdax/knobs.ts';
import { devName, extentName } from '../../models/devdax/region.ts';
import { sizeName, type DevdaxState, type Extent } from '../../models/devdax/state.ts';

const layout = (extents: readonly Extent[]) => `[${extents.map(extentName).join(', ')}]`;

export const recreateExact: StepProperty<DevdaxState, DevdaxAction, DevdaxKnobs> = {
  kind: 'step',
  name: 'recreate-exact',
  meaning: 'a device re-created after kexec has exactly the ranges, in pgoff order, and align it had',
  rule: 'the `mapping` attribute: the saved ranges are re-allocated as they were (daxctl create-device --input)',
  check: (_before, action, after) => {
    if (action.kind !== 'recreate') return undefined;
    const now = after.devices[action.dev]!;
    const was = after.kexec?.before[action.dev];
    // a refused write (-EBUSY, -ENOSPC) leaves the slot empty: a loud failure, not a wrong layout
    if (now.extents.length === 0 || was === undefined) return undefined;
    if (now.align === was.align && layout(now.extents) === layout(was.extents)) return undefined;
    return `${devName(action.dev)} was ${layout(was.extents)} align ${sizeName(was.align)} before kexec, re-created as ${layout(now.extents)} align ${sizeName(now.align)}`;
  },
};
