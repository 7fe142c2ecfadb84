import type { Scenario } from '../../src/index.ts';
import type { DevdaxAction } from './actions.ts';
import type { DevdaxKnobs } from './knobs.ts';
import type { DevdaxState } from './state.ts';

type DevdaxScenario = Scenario<DevdaxState, DevdaxAction, DevdaxKnobs>;

/** The seed dax0.0 (cgroup 0's) grown to 2M, bound, mmap()ed by P0. */
const tenant: DevdaxAction[] = [
  { kind: 'grow', dev: 0 },
  { kind: 'bind', dev: 0 },
  { kind: 'mmap', proc: 0, dev: 0 },
];
/** dax0.1 takes pages 0-1 first, so dax0.0 grows into 2-3 and, once dax0.1 shrinks to 0, 0-1. */
const discontiguous: DevdaxAction[] = [
  { kind: 'create', dev: 1 },
  { kind: 'grow', dev: 1 },
  { kind: 'grow', dev: 0 },
  { kind: 'shrink', dev: 1 },
  { kind: 'destroy', dev: 1 },
  { kind: 'grow', dev: 0 },
];
/** A fault resolves its page inside dax_read_lock(), then the device starts to unbind. */
const faultRacesUnbind: DevdaxAction[] = [
  ...tenant,
  { kind: 'fault', proc: 0, pgoff: 0, size: 2 },
  { kind: 'unbindStart', dev: 0 },
];

export const devdaxScenarios: DevdaxScenario[] = [
  {
    name: 'discontiguous-device-survives-kexec',
    meaning: 'a device of ranges 2-3 then 0-1 is re-created from its mapping attribute exactly',
    steps: [...discontiguous, { kind: 'kexec' }, { kind: 'recreate', dev: 0 }],
    expect: {
      kind: 'final',
      meaning: 'dax0.0 has ranges [2-3, 0-1] again',
      check: (s) => {
        const got = s.devices[0]!.extents.map((e) => `${e.start}+${e.pages}`).join(',');
        return got === '2+2,0+2' ? undefined : `dax0.0 is ${got}`;
      },
    },
  },
  {
    name: 'discontiguous-device-recreated-by-size',
    meaning: 're-created from its size alone, the device comes back as one range 0-3: the guest sees other memory',
    variant: 'recreate-by-size',
    steps: [...discontiguous, { kind: 'kexec' }, { kind: 'recreate', dev: 0 }],
    expect: { kind: 'violates', property: 'recreate-exact', atStep: 8 },
  },
  {
    name: 'unbind-waits-for-fault',
    meaning: 'kill_dax() waits for the fault inside dax_read_lock(); its leaf is then zapped',
    steps: [...faultRacesUnbind, { kind: 'faultInsert' }, { kind: 'unbindFinish', dev: 0 }, { kind: 'shrink', dev: 0 }],
    expect: {
      kind: 'final',
      meaning: 'P0 maps nothing and dax0.0 is empty and disabled',
      check: (s) => (s.processes[0]!.leaves.length === 0 && s.devices[0]!.extents.length === 0 ? undefined : 'a leaf or extent is left'),
    },
  },
  {
    name: 'unbind-without-srcu-maps-after-teardown',
    meaning: 'without synchronize_srcu() the zap and memunmap_pages() run first, then the fault maps the page',
    variant: 'unbind-without-srcu',
    steps: [...faultRacesUnbind, { kind: 'unbindFinish', dev: 0 }, { kind: 'faultInsert' }],
    expect: { kind: 'violates', property: 'unmapped-before-give-back', atStep: 7 },
  },
  {
    name: 'pte-fault-on-2m-device',
    meaning: 'a PTE fault on a 2M device gets VM_FAULT_SIGBUS; the PMD fault maps',
    steps: [...tenant, { kind: 'fault', proc: 0, pgoff: 1, size: 1 }, { kind: 'fault', proc: 0, pgoff: 0, size: 2 }, { kind: 'faultInsert' }],
    expect: {
      kind: 'final',
      meaning: 'P0 has one PMD over pages 0-1',
      check: (s) => {
        const leaves = s.processes[0]!.leaves;
        return leaves.length === 1 && leaves[0]!.size === 2 && leaves[0]!.page === 0 ? undefined : `P0 leaves ${JSON.stringify(leaves)}`;
      },
    },
  },
];
