import type { Scenario } from '../../src/index.ts';
import type { TypesafeAction } from './actions.ts';
import type { TypesafeKnobs } from './knobs.ts';
import type { TypesafeState } from './state.ts';

/** T0 finds vma 0 in mm 0; mm 0 unmaps it and mm 1 reuses the object before T0's reference. */
const reusedByOther: TypesafeAction[] = [
  { kind: 'masWalk' },
  { kind: 'munmap', mm: 0 },
  { kind: 'mmap', mm: 1 },
  { kind: 'startRead' },
  { kind: 'checkMm' },
];

export const typesafeScenarios: readonly Scenario<TypesafeState, TypesafeAction, TypesafeKnobs>[] = [
  {
    name: 'reused-vma-released-safely',
    meaning: 'T0 meets vma 0 reused by mm 1, grabs mm 1, puts the VMA, and mm 1 exits only after the mmdrop',
    steps: [...reusedByOther, { kind: 'releaseFirst' }, { kind: 'releaseSecond' }, { kind: 'munmap', mm: 1 }, { kind: 'exitMm', mm: 1 }, { kind: 'releaseDrop' }],
    expect: {
      kind: 'final',
      meaning: "mm 1 is freed by T0's mmdrop, the last mm_count",
      check: (s) => (!s.mms[1]!.alive && s.reader.pc === 'idle' ? undefined : `mm 1 alive ${s.mms[1]!.alive}, T0 ${s.reader.pc}`),
    },
  },
  {
    name: 'put-then-wake-touches-freed-mm',
    meaning: 'without mmgrab, mm 1 exits between the put and rcuwait_wake_up: the wake-up writes a freed mm',
    variant: 'mismatch-put-without-mmgrab',
    steps: [...reusedByOther, { kind: 'releaseFirst' }, { kind: 'munmap', mm: 1 }, { kind: 'exitMm', mm: 1 }, { kind: 'releaseSecond' }],
    expect: { kind: 'violates', property: 'owner-alive-when-touched', atStep: 9 },
  },
];
