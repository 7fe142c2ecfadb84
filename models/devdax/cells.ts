import type { CoverageCell, Immutable } from '../../src/index.ts';
import type { DevdaxAction } from './actions.ts';
import type { DevdaxKnobs } from './knobs.ts';
import type { DevdaxState } from './state.ts';

/** Whether a process maps some page of the device. */
const mappedBy = (s: Immutable<DevdaxState>, dev: number) => s.processes.some((p) => p.vma?.dev === dev && p.leaves.length > 0);

/** The situations docs/models/devdax.md argues about, counted by check and explore. */
export const devdaxCells: readonly CoverageCell<DevdaxState, DevdaxAction, DevdaxKnobs>[] = [
  {
    kind: 'step',
    name: 'shrink-while-mapped',
    meaning: 'a device was shrunk (its tail given back) while a process mapped it',
    hit: (before, action) => action.kind === 'shrink' && mappedBy(before, action.dev),
  },
  {
    kind: 'step',
    name: 'unbind-while-pinned',
    meaning: 'device_dax was unbound from a device whose page a pin holds',
    hit: (before, action) => action.kind === 'unbindStart' && before.pin?.dev === action.dev,
  },
  {
    kind: 'step',
    name: 'fault-insert-on-dying-device',
    meaning: "a fault inserted its leaf after its device's unbind or shrink had begun",
    hit: (before, action) => {
      if (action.kind !== 'faultInsert' || before.fault.pc !== 'resolved') return false;
      const dev = before.processes[before.fault.proc]?.vma?.dev;
      return dev !== undefined && before.devices[dev]!.state !== 'enabled';
    },
  },
  {
    kind: 'step',
    name: 'huge-fault',
    meaning: 'a fault asked for a PMD or PUD leaf',
    hit: (_before, action) => action.kind === 'fault' && action.size > 1,
  },
  {
    kind: 'step',
    name: 'kexec-with-enabled-device',
    meaning: 'kexec rebooted with a device enabled, so its layout must come back',
    hit: (before, action) => action.kind === 'kexec' && before.devices.some((d) => d.state === 'enabled'),
  },
];
