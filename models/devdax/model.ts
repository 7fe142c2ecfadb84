import { defineModel, violates } from '../../src/index.ts';
import { devdaxCoordinates } from './coordinates.ts';
import { devdaxCells } from './cells.ts';
import { devdaxActions, type DevdaxAction } from './actions.ts';
import { describeDevdaxAction } from './describe.ts';
import { canonicalDevdax } from './canonical.ts';
import { shrinkDevice, shrinkFinish, unbindFinish, unbindStart } from './device.ts';
import { faultInsert, faultResolve, mmapDevice, munmapDevice, pinPage } from './fault.ts';
import { devdaxGuards } from './guards.ts';
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
  scenarios: devdaxScenarios,
  budget: { runs: 4000, maxSteps: 40 },
  init: () => initDevdaxState(),
  actions: () => devdaxActions(),
  guards: devdaxGuards,
  transitions: {
    create: (d, { dev }) => {
      d.devices[dev]!.state = 'disabled';
    },
    destroy: (d, { dev }) => {
      d.devices[dev] = absentDevice(d.devices[dev]!.cgroup);
    },
    setAlign: (d, { dev, align }, knobs) => {
      if (alignValid(d.devices[dev]!, align, knobs)) d.devices[dev]!.align = align;
    },
    grow: (d, { dev }, knobs) => {
      growDevice(d, dev, knobs);
    },
    shrink: (d, { dev }, knobs) => shrinkDevice(d, dev, knobs),
    shrinkFinish: (d, { dev }) => shrinkFinish(d, dev),
    mapping: (d, { dev, start }, knobs) => {
      allocRange(d, dev, start, unitOf(d.devices[dev]!), knobs);
    },
    assign: (d, { dev, proc }) => {
      d.devices[dev]!.cgroup = d.processes[proc]!.cgroup;
    },
    bind: (d, { dev }) => {
      d.devices[dev]!.state = 'enabled';
    },
    unbindStart: (d, { dev }, knobs) => unbindStart(d, dev, knobs),
    unbindFinish: (d, { dev }) => unbindFinish(d, dev),
    mmap: (d, { proc, dev }) => mmapDevice(d, proc, dev),
    munmap: (d, { proc }) => munmapDevice(d, proc),
    fault: (d, { proc, pgoff, size }, knobs) => faultResolve(d, proc, pgoff, size, knobs),
    faultInsert: (d) => faultInsert(d),
    pin: (d, { proc, pgoff }, knobs) => pinPage(d, proc, pgoff, knobs),
    unpin: (d) => {
      delete d.pin;
    },
    // dev_dax_kmem_probe() / offline_and_remove_memory(): the device's ranges become System RAM and back
    kmemOnline: (d, { dev }) => {
      d.devices[dev]!.state = 'kmem';
    },
    kmemOffline: (d, { dev }) => {
      d.devices[dev]!.state = 'disabled';
    },
    kexec: (d) => kexec(d),
    recreate: (d, { dev }, knobs) => recreateDevice(d, dev, knobs),
  },
  describe: describeDevdaxAction,
  coordinates: devdaxCoordinates,
  cells: devdaxCells,
  // the layouts before kexec, kept only to check the re-creation against
  bookkeeping: ['kexec.before'],
  symmetry: canonicalDevdax,
});
