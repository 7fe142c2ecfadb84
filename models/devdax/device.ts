import type { Draft } from '../../src/index.ts';
import { startGracePeriod } from '../parts/rcu.ts';
import type { DevdaxKnobs } from './knobs.ts';
import { cutTail } from './region.ts';
import type { DevdaxState, Extent } from './state.ts';

type S = Draft<DevdaxState>;

/** `unmap_mapping_range()` on the device inode: zap every leaf of `dev` that `hit` selects. */
export function zapLeaves(d: S, dev: number, hit: (page: number, size: number) => boolean): void {
  for (const p of d.processes) {
    if (p.vma?.dev !== dev) continue;
    p.leaves = p.leaves.filter((l) => !hit(l.page, l.size));
  }
}

/** Start an SRCU grace period (`synchronize_srcu(&dax_srcu)`), or none when the design skips it. */
function srcuGracePeriod(d: S, knobs: DevdaxKnobs) {
  return knobs.srcuSync ? startGracePeriod(d.srcu) : { waitsFor: [] };
}

/** Unbind, step 1: `kill_dev_dax()` -> `kill_dax()`: clear DAXDEV_ALIVE, then wait for SRCU readers. */
export function unbindStart(d: S, dev: number, knobs: DevdaxKnobs): void {
  const device = d.devices[dev]!;
  device.state = 'dying';
  device.gp = srcuGracePeriod(d, knobs);
}

/**
 * Unbind, step 2, once the grace period is over: `unmap_mapping_range(inode->i_mapping, 0, 0, 1)`,
 * then the devm release of the pagemap (`memunmap_pages()`), which the guard holds until no
 * page reference is left when the design waits for pins.
 */
export function unbindFinish(d: S, dev: number): void {
  zapLeaves(d, dev, () => true);
  const device = d.devices[dev]!;
  device.state = 'disabled';
  delete device.gp;
}

const within = (extents: readonly Extent[], page: number, size: number) =>
  extents.some((e) => page < e.start + e.pages && page + size > e.start);

/**
 * Shrink by one unit. An unbound device frees at once (nothing can map it); a bound one either
 * frees at once (the known-bad design) or cuts the tail off, waits for SRCU readers and pins,
 * zaps the tail and frees it (`shrinkFinish`).
 */
export function shrinkDevice(d: S, dev: number, knobs: DevdaxKnobs): void {
  const device = d.devices[dev]!;
  const cut = cutTail(device);
  if (device.state === 'disabled' || knobs.giveBack === 'live-no-zap') return;
  device.draining = cut;
  device.gp = srcuGracePeriod(d, knobs);
}

/** A live shrink ends: zap what maps the tail, then the tail is free region again. */
export function shrinkFinish(d: S, dev: number): void {
  const device = d.devices[dev]!;
  const tail = device.draining ?? [];
  zapLeaves(d, dev, (page, size) => within(tail, page, size));
  delete device.draining;
  delete device.gp;
}

/** Whether a pin holds a page of `dev` (all of it, or only the draining tail). */
export function pinnedOn(s: { readonly pin?: { readonly dev: number; readonly page: number } }, dev: number, tail?: readonly Extent[]): boolean {
  const pin = s.pin;
  if (pin === undefined || pin.dev !== dev) return false;
  return tail === undefined || within(tail, pin.page, 1);
}
