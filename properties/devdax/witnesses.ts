import type { SometimesProperty } from '../../src/index.ts';
import type { DevdaxKnobs } from '../../models/devdax/knobs.ts';
import { pinnedOn } from '../../models/devdax/device.ts';
import type { DevdaxState } from '../../models/devdax/state.ts';

type Witness = SometimesProperty<DevdaxState, DevdaxKnobs>;

/*
 * Each witness reads the state as it is, not a sticky ghost flag: a flag would split every state
 * in two for the exhaustive search, and it would tie a witness to one design's code path.
 */
export const devdaxWitnesses: Witness[] = [
  {
    kind: 'sometimes',
    name: 'discontiguous-mapped',
    meaning: 'a process maps a page of the second range of a device of discontiguous ranges',
    reached: (s) =>
      s.processes.some((p) => {
        const extents = p.vma === undefined ? [] : s.devices[p.vma.dev]!.extents;
        const second = extents[1];
        return second !== undefined && extents[0]!.start + extents[0]!.pages !== second.start && p.leaves.some((l) => l.page >= second.start && l.page < second.start + second.pages);
      }),
  },
  { kind: 'sometimes', name: 'huge-leaf', meaning: 'a device is mapped by a PMD or PUD', reached: (s) => s.processes.some((p) => p.leaves.some((l) => l.size > 1)) },
  {
    kind: 'sometimes',
    name: 'give-back-races-fault',
    meaning: 'a device is being unbound or shrunk while a fault on it is inside dax_read_lock()',
    reached: (s) => {
      const f = s.fault;
      if (f.pc !== 'resolved') return false;
      const d = s.devices[s.processes[f.proc]!.vma!.dev]!;
      return d.state === 'dying' || d.draining !== undefined;
    },
  },
  {
    kind: 'sometimes',
    name: 'give-back-waits-for-pin',
    meaning: 'an unbind or live shrink is held up by a FOLL_LONGTERM pin',
    reached: (s) => s.devices.some((d, dev) => (d.state === 'dying' || d.draining !== undefined) && pinnedOn(s, dev, d.draining)),
  },
  { kind: 'sometimes', name: 'given-to-kernel', meaning: 'a device was handed to dax_kmem and onlined as System RAM', reached: (s) => s.devices.some((d) => d.state === 'kmem') },
  {
    kind: 'sometimes',
    name: 'recreated',
    meaning: 'a device was re-created after kexec with the ranges it had',
    reached: (s) =>
      s.kexec !== undefined &&
      s.kexec.before.some((b, dev) => b !== undefined && !s.kexec!.pending[dev] && JSON.stringify(s.devices[dev]!.extents) === JSON.stringify(b.extents)),
  },
];
