import type { Scenario } from '../../src/index.ts';
import type { SomAction } from './actions.ts';
import type { SomKnobs } from './knobs.ts';
import type { SomState } from './state.ts';

type SomScenario = Scenario<SomState, SomAction, SomKnobs>;

const fault = (vpage: number, proc = 0) => ({ kind: 'fault', proc, vpage }) as const;
const pin = (vpage: number, longterm = false) => ({ kind: 'pin', proc: 0, vpage, longterm }) as const;

/** Fixed sequences for the seed's open questions, with what the proposal does in each. */
export const somScenarios: SomScenario[] = [
  {
    name: 'pin-outlives-dontneed',
    meaning: 'pin a page, MADV_DONTNEED the whole mapped part: the chunk waits for the unpin, then returns',
    steps: [fault(0), pin(0), { kind: 'dontneed', proc: 0, vpage: 0 }, { kind: 'unpin', slot: 0 }],
    expect: {
      kind: 'final',
      meaning: 'chunk 0 is back in the pool only after the unpin',
      check: (s) => (s.chunks[0]!.inPool && s.seen.returned ? undefined : 'chunk 0 did not return to the pool'),
    },
  },
  {
    name: 'fork-skips-som',
    meaning: 'fork skips the VM_DONTCOPY area; the child builds its own and gets another chunk',
    steps: [fault(0), { kind: 'fork' }, { kind: 'somMmap', proc: 1 }, fault(0, 1)],
    expect: {
      kind: 'final',
      meaning: 'P0 maps chunk 0, P1 maps chunk 1',
      check: (s) => {
        const [p0, p1] = [0, 1].map((proc) => s.processes[proc]!.area?.vpages[0]!.pte?.chunk);
        return p0 === 0 && p1 === 1 ? undefined : `P0 maps chunk ${p0}, P1 maps chunk ${p1}`;
      },
    },
  },
  {
    name: 'longterm-pin-migrates-to-normal',
    meaning: 'FOLL_LONGTERM on a ZONE_MOVABLE chunk moves the whole chunk to ZONE_NORMAL, then pins',
    steps: [fault(0), fault(5), pin(5, true)],
    expect: {
      kind: 'final',
      meaning: 'both pages now map chunk 2 (ZONE_NORMAL), which holds the pin; chunk 0 is back in the pool',
      check: (s) => {
        const area = s.processes[0]!.area!;
        const p = s.pins[0]!;
        if (area.vpages[0]!.pte?.chunk !== 2 || area.vpages[5]!.pte?.chunk !== 2) return 'P0 does not map chunk 2';
        if (p.kind !== 'held' || p.chunk !== 2) return 'the pin is not on chunk 2';
        return s.chunks[0]!.inPool ? undefined : 'chunk 0 is not back in the pool';
      },
    },
  },
  {
    name: 'gup-fast-races-migration',
    meaning: 'GUP-fast grabs the chunk after try_to_migrate: the freeze fails, migration backs off, the pin is good',
    steps: [
      fault(0),
      { kind: 'gupFastLoad', proc: 0, vpage: 0 },
      { kind: 'migrateUnmap', chunk: 0 },
      { kind: 'gupFastGrab' },
      { kind: 'migrateMove' },
      { kind: 'gupFastRecheck' },
    ],
    expect: {
      kind: 'final',
      meaning: 'P0 still maps chunk 0, which holds the pin',
      check: (s) => {
        const p = s.pins[0]!;
        const pte = s.processes[0]!.area!.vpages[0]!.pte;
        if (pte?.kind !== 'present' || pte.chunk !== 0) return 'P0 does not map chunk 0';
        return p.kind === 'held' && p.chunk === 0 ? undefined : 'no pin on chunk 0';
      },
    },
  },
  {
    name: 'migration-after-gup-fast-load',
    meaning: 'GUP-fast loads the PTE, the chunk migrates, GUP-fast finds it free in the pool and backs off',
    steps: [fault(0), { kind: 'gupFastLoad', proc: 0, vpage: 0 }, { kind: 'migrateUnmap', chunk: 0 }, { kind: 'migrateMove' }, { kind: 'gupFastGrab' }],
    expect: {
      kind: 'final',
      meaning: 'P0 maps the new chunk, nothing is pinned',
      check: (s) => (s.processes[0]!.area!.vpages[0]!.pte?.chunk === 1 && s.pins.every((p) => p.kind === 'none') ? undefined : 'unexpected pin or mapping'),
    },
  },
  {
    name: 'dontneed-returns-partly-mapped-chunk',
    meaning: 'the known-bad first-unmap return: the chunk goes to the pool while vpage 1 still maps it',
    variant: 'return-partially-unmapped',
    steps: [fault(0), fault(1), { kind: 'dontneed', proc: 0, vpage: 0 }],
    expect: { kind: 'violates', property: 'chunk-return-unused', atStep: 3 },
  },
  {
    name: 'dofork-then-fork',
    meaning: 'the known-bad MADV_DOFORK: the child inherits the som chunk',
    variant: 'dofork-allowed',
    steps: [fault(0), { kind: 'madvDofork', proc: 0 }, { kind: 'fork' }],
    expect: { kind: 'violates', property: 'single-owner', atStep: 3 },
  },
];
