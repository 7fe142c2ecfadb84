import type { Scenario } from '../../src/index.ts';
import type { DmemfsAction } from './actions.ts';
import type { DmemfsKnobs } from './knobs.ts';
import type { DmemfsState } from './state.ts';

type DmemfsScenario = Scenario<DmemfsState, DmemfsAction, DmemfsKnobs>;

/** A vCPU fault reads the pfn, QEMU punches the hole, the fault installs what it read. */
const faultRacesPunchHole: DmemfsAction[] = [{ kind: 'kvmFault', gfn: 0 }, { kind: 'kvmPfn' }, { kind: 'punchHole', page: 0 }, { kind: 'kvmMap' }];
const pinThenPunch: DmemfsAction[] = [{ kind: 'vfioMap', iova: 0 }, { kind: 'punchHole', page: 0 }];

export const dmemfsScenarios: DmemfsScenario[] = [
  {
    name: 'guest-fault-races-punch-hole',
    meaning: 'mmu_invalidate_retry() sends a vCPU fault back when the hole was punched after follow_pte()',
    steps: faultRacesPunchHole,
    expect: {
      kind: 'final',
      meaning: 'the EPT maps nothing and the fault was retried',
      check: (s) => (s.ept[0] === undefined && s.seen.kvmRetried ? undefined : `EPT gfn 0 -> ${s.ept[0]}, retried ${s.seen.kvmRetried}`),
    },
  },
  {
    name: 'guest-fault-races-punch-hole-no-retry',
    meaning: 'without the mmu_invalidate_seq recheck the guest keeps a frame already back in the pool',
    variant: 'kvm-no-retry',
    steps: faultRacesPunchHole,
    expect: { kind: 'violates', property: 'unmapped-before-give-back', atStep: 4 },
  },
  {
    name: 'vfio-pin-outlives-punch-hole',
    meaning: 'a frame VFIO maps is punched out of the file but goes back to the pool only at unmap',
    steps: [...pinThenPunch, { kind: 'vfioUnmap', iova: 0 }],
    expect: {
      kind: 'final',
      meaning: 'frames 0 and 1 are free again, unpinned, and the IOMMU maps nothing',
      check: (s) => {
        const held = s.frames.slice(0, 2).filter((f) => f.owner !== 'free' || f.pins !== 0);
        return held.length === 0 && s.iommu.every((f) => f === undefined) && s.seen.orphaned ? undefined : 'a frame is still held or mapped';
      },
    },
  },
  {
    name: 'vfio-follow-pfn-punch-hole',
    meaning: 'with no pin on the frame the hole frees memory the device can still DMA to',
    variant: 'vfio-follow-pfn',
    steps: pinThenPunch,
    expect: { kind: 'violates', property: 'unmapped-before-give-back', atStep: 2 },
  },
  {
    name: 'machine-check-quarantines-frame',
    meaning: 'after an MCE the dpage faults with VM_FAULT_HWPOISON, and after the hole the pool skips the frame',
    steps: [
      { kind: 'hostFault', proc: 0, vpage: 0 },
      { kind: 'memoryFailure', frame: 0 },
      { kind: 'hostFault', proc: 1, vpage: 0 },
      { kind: 'punchHole', page: 0 },
      { kind: 'hostFault', proc: 0, vpage: 0 },
    ],
    expect: {
      kind: 'final',
      meaning: 'the file page sits on frame 2 and frame 0 is a recorded, free, unmapped frame',
      check: (s) => {
        const f0 = s.frames[0]!;
        if (s.file.pages[0] !== 2) return `file page 0 is on frame ${s.file.pages[0]}`;
        return f0.poisonRecorded && f0.owner === 'free' ? undefined : `frame 0: ${f0.owner}, recorded ${f0.poisonRecorded}`;
      },
    },
  },
  {
    name: 'gup-on-dmem-refused',
    meaning: 'GUP-fast bails on the special PMD and GUP refuses the VM_PFNMAP VMA, touching no struct page',
    steps: [{ kind: 'hostFault', proc: 0, vpage: 1 }, { kind: 'gupFast', proc: 0, vpage: 1 }, { kind: 'gupSlow' }],
    expect: {
      kind: 'final',
      meaning: 'GUP got -EFAULT and no struct page was touched',
      check: (s) => (s.seen.gupRefused && s.metadataAccesses.length === 0 ? undefined : 'GUP was not refused cleanly'),
    },
  },
];
