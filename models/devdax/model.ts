import { match } from 'ts-pattern';
import { defineModel, violates } from '../../src/index.ts';
import { extentsAligned, extentsDisjoint } from '../../properties/devdax/extents.ts';
import { mappingGranularity, tenantIsolation, unmappedBeforeGiveBack } from '../../properties/devdax/mappings.ts';
import { recreateExact } from '../../properties/devdax/recreate.ts';
import { devdaxWitnesses } from '../../properties/devdax/witnesses.ts';
import { describeDevdaxAction, devdaxActions, type DevdaxAction } from './actions.ts';
import { canonicalDevdax } from './canonical.ts';
import { shrinkDevice, shrinkFinish, unbindFinish, unbindStart } from './device.ts';
import { faultInsert, faultResolve, mmapDevice, munmapDevice, pinPage } from './fault.ts';
import { devdaxEnabled } from './guards.ts';
import { kexec, recreateDevice } from './kexec.ts';
import { devdaxKnobs, type DevdaxKnobs } from './knobs.ts';
import { allocRange, growDevice, alignValid, unitOf } from './region.ts';
import { devdaxScenarios } from './scenarios.ts';
import { absentDevice, initDevdaxState, type DevdaxState } from './state.ts';

export const devdaxModel = defineModel<DevdaxState, DevdaxAction, DevdaxKnobs>({
  name: 'devdax',
  title: 'device-DAX partitions: discontiguous extents, per-device align, cgroups, give-back, kexec',
  scale:
    'a region of 8 pages (PMD 2, PUD 4, subsection 2; real 4 KiB pages), 2 device slots ' +
    '(the seed dax0.0 and dax0.1), 2 processes in 2 cgroups mapping up to 4 pages, one SRCU fault thread, one pin',
  knobs: devdaxKnobs,
  variants: [
    { name: 'proposal', meaning: 'resize unbound only, synchronize_srcu and pin drain at unbind, aligned reserved ranges, saved mapping', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'live-shrink',
      meaning: 'shrink a bound device: cut the tail, synchronize_srcu, wait for pins, zap, free (holds)',
      knobs: { giveBack: 'live-shrink' },
      expect: { kind: 'holds' },
    },
    {
      name: 'give-back-while-mapped',
      meaning: 'a bound device shrinks and frees its tail while a process maps it',
      knobs: { giveBack: 'live-no-zap' },
      expect: violates('unmapped-before-give-back', 5),
    },
    {
      name: 'unbind-without-srcu',
      meaning: 'kill_dax() without synchronize_srcu(): a fault that passed check_vma() maps after the zap and memunmap_pages()',
      knobs: { srcuSync: false },
      expect: violates('unmapped-before-give-back', 7),
    },
    {
      name: 'unbind-ignores-pins',
      meaning: 'memunmap_pages() tears the pagemap down with a FOLL_LONGTERM pin outstanding',
      knobs: { waitForPins: false },
      expect: violates('unmapped-before-give-back', 6),
    },
    {
      name: 'mapping-unreserved',
      meaning: 'the mapping attribute adds a range without __request_region(): it overlaps a live extent',
      knobs: { reserveRange: false },
      expect: violates('extents-disjoint', 3),
    },
    {
      name: 'align-length-only',
      meaning: 'only lengths are checked (alloc_is_aligned()): a 1G device takes a range on a 2M boundary',
      knobs: { extentAlign: 'length' },
      expect: violates('extents-aligned', 2),
    },
    {
      name: 'finer-fault-fallback',
      meaning: 'a PTE fault on a 2M device is mapped instead of VM_FAULT_SIGBUS',
      knobs: { finerFault: 'fallback' },
      expect: violates('mapping-granularity', 5),
    },
    {
      name: 'recreate-by-size',
      meaning: 'only the size survives kexec: re-creation allocates first fit, not the old ranges',
      knobs: { kexecSave: 'size' },
      expect: violates('recreate-exact', 3),
    },
    {
      name: 'reassign-live',
      meaning: 'a device moves to another cgroup while the old tenant maps it (devcgroup checks open() only)',
      knobs: { reassign: 'live' },
      expect: violates('tenant-isolation', 5),
    },
    {
      name: 'reassign-closed',
      meaning: 'a device moves once nobody has it open, but a FOLL_LONGTERM pin of the old tenant survives munmap',
      knobs: { reassign: 'no-opener' },
      expect: violates('tenant-isolation', 6),
    },
    {
      name: 'reassign-unbound',
      meaning: 'a device moves once unbound, but the old tenant keeps its VMA and faults again after rebind',
      knobs: { reassign: 'unbound' },
      expect: violates('tenant-isolation', 8),
    },
  ],
  properties: [extentsDisjoint, extentsAligned, mappingGranularity, unmappedBeforeGiveBack, tenantIsolation, recreateExact, ...devdaxWitnesses],
  scenarios: devdaxScenarios,
  budget: { runs: 4000, maxSteps: 40 },
  init: () => initDevdaxState(),
  actions: () => devdaxActions(),
  enabled: devdaxEnabled,
  apply: (d, a, knobs) =>
    match(a)
      .with({ kind: 'create' }, ({ dev }) => {
        d.devices[dev]!.state = 'disabled';
      })
      .with({ kind: 'destroy' }, ({ dev }) => {
        d.devices[dev] = absentDevice(d.devices[dev]!.cgroup);
      })
      .with({ kind: 'setAlign' }, ({ dev, align }) => {
        if (alignValid(d.devices[dev]!, align, knobs)) d.devices[dev]!.align = align;
      })
      .with({ kind: 'grow' }, ({ dev }) => {
        growDevice(d, dev, knobs);
      })
      .with({ kind: 'shrink' }, ({ dev }) => shrinkDevice(d, dev, knobs))
      .with({ kind: 'shrinkFinish' }, ({ dev }) => shrinkFinish(d, dev))
      .with({ kind: 'mapping' }, ({ dev, start }) => {
        allocRange(d, dev, start, unitOf(d.devices[dev]!), knobs);
      })
      .with({ kind: 'assign' }, ({ dev, proc }) => {
        d.devices[dev]!.cgroup = d.processes[proc]!.cgroup;
      })
      .with({ kind: 'bind' }, ({ dev }) => {
        d.devices[dev]!.state = 'enabled';
      })
      .with({ kind: 'unbindStart' }, ({ dev }) => unbindStart(d, dev, knobs))
      .with({ kind: 'unbindFinish' }, ({ dev }) => unbindFinish(d, dev))
      .with({ kind: 'mmap' }, ({ proc, dev }) => mmapDevice(d, proc, dev))
      .with({ kind: 'munmap' }, ({ proc }) => munmapDevice(d, proc))
      .with({ kind: 'fault' }, ({ proc, pgoff, size }) => faultResolve(d, proc, pgoff, size, knobs))
      .with({ kind: 'faultInsert' }, () => faultInsert(d))
      .with({ kind: 'pin' }, ({ proc, pgoff }) => pinPage(d, proc, pgoff, knobs))
      .with({ kind: 'unpin' }, () => {
        delete d.pin;
      })
      .with({ kind: 'kmemOnline' }, { kind: 'kmemOffline' }, ({ kind, dev }) => {
        d.devices[dev]!.state = kind === 'kmemOnline' ? 'kmem' : 'disabled';
      })
      .with({ kind: 'kexec' }, () => kexec(d))
      .with({ kind: 'recreate' }, ({ dev }) => recreateDevice(d, dev, knobs))
      .exhaustive(),
  describe: describeDevdaxAction,
  symmetry: canonicalDevdax,
});
