import type { SometimesProperty } from '../../src/index.ts';
import type { DmemfsKnobs } from '../../models/dmemfs/knobs.ts';
import type { DmemfsState } from '../../models/dmemfs/state.ts';

type Witness = SometimesProperty<DmemfsState, DmemfsKnobs>;

export const dmemfsWitnesses: Witness[] = [
  {
    kind: 'sometimes',
    name: 'gup-refused',
    meaning: 'GUP-fast bailed on a special leaf and GUP refused the VM_PFNMAP VMA (-EFAULT)',
    reached: (s) => s.seen.gupRefused,
  },
  { kind: 'sometimes', name: 'guest-maps-dmem', meaning: 'the EPT maps a dmem frame found by follow_pte()', reached: (s) => s.ept.some((f) => f !== undefined) },
  { kind: 'sometimes', name: 'kvm-retried', meaning: 'a KVM fault was sent back by mmu_invalidate_retry()', reached: (s) => s.seen.kvmRetried },
  {
    kind: 'sometimes',
    name: 'pinned-frame-orphaned',
    meaning: 'a punched-out frame waited for its VFIO unpin before going back to the pool',
    reached: (s) => s.seen.orphaned,
  },
  {
    kind: 'sometimes',
    name: 'poison-quarantined',
    meaning: 'a poisoned frame is back on the free list and kept out of allocation',
    reached: (s) => s.frames.some((f) => f.poisonRecorded && f.owner === 'free'),
  },
  { kind: 'sometimes', name: 'given-to-kernel', meaning: 'a free dmem frame was given back to the kernel', reached: (s) => s.frames.some((f) => f.owner === 'kernel') },
];
