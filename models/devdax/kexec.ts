import type { Draft } from '../../src/index.ts';
import { rcuReaders } from '../parts/rcu.ts';
import type { DevdaxKnobs } from './knobs.ts';
import { allocRange, deviceSize, growDevice } from './region.ts';
import { bootDevices, type DevdaxState } from './state.ts';

type S = Draft<DevdaxState>;

/**
 * kexec into a new kernel: processes, pins and System RAM from dax_kmem are gone and the region
 * comes back empty (soft-reserved again), with only its seed device. The true layouts are kept
 * as ghost state to check the re-creation against; `recreateDevice` takes what the design saves.
 */
export function kexec(d: S): void {
  const before = d.devices.map((dv) => (dv.state !== 'absent' && dv.extents.length > 0 ? { align: dv.align, extents: dv.extents.map((e) => ({ ...e })) } : undefined));
  d.devices = bootDevices();
  // only what changes is written, so a replayed step lists only real changes
  for (const p of d.processes) {
    if (p.leaves.length > 0) p.leaves = [];
    delete p.vma;
  }
  delete d.pin;
  if (d.fault.pc !== 'idle') d.fault = { pc: 'idle' };
  if (d.srcu.some((r) => r.inside || r.section !== 0)) d.srcu = rcuReaders(1);
  d.kexec = { before, pending: before.map((b) => b !== undefined) };
}

/**
 * Re-create a device after kexec (`daxctl create-device` from the saved configuration): write
 * `align`, then either each saved range to `mapping`, or the saved size to `size`. A failing
 * write leaves the slot as it was at boot.
 */
export function recreateDevice(d: S, dev: number, knobs: DevdaxKnobs): void {
  const record = d.kexec!;
  const saved = record.before[dev]!;
  record.pending[dev] = false;
  const device = d.devices[dev]!;
  Object.assign(device, { state: 'disabled', align: saved.align, extents: [] }); // the seed, or a new device
  let ok: boolean;
  if (knobs.kexecSave === 'mapping') {
    ok = saved.extents.every((e) => allocRange(d, dev, e.start, e.pages, knobs));
  } else {
    const size = saved.extents.reduce((n, e) => n + e.pages, 0);
    ok = true;
    while (ok && deviceSize(device) < size) ok = growDevice(d, dev, knobs);
  }
  if (ok) return;
  device.state = bootDevices()[dev]!.state;
  device.extents = [];
}
