import type { Draft, Immutable } from '../../src/index.ts';
import type { DevdaxKnobs } from './knobs.ts';
import { REGION_PAGES, SUBSECTION_PAGES, type DaxDevice, type DevdaxState, type Extent } from './state.ts';

type S = Immutable<DevdaxState> | Draft<DevdaxState>;
type Device = Immutable<DaxDevice> | Draft<DaxDevice>;

export const devName = (dev: number) => `dax0.${dev}`;

/** A device allocates in units of `max(align, memremap_compat_align())` (`alloc_is_aligned()`). */
export const unitOf = (device: Device) => Math.max(device.align, SUBSECTION_PAGES);

export function deviceSize(device: Device): number {
  let pages = 0;
  for (const e of device.extents) pages += e.pages;
  return pages;
}

export const extentName = (e: Extent) => `${e.start}-${e.start + e.pages - 1}`;

/** Who claims a region page: a device at a pgoff, a device's draining tail, or System RAM (a kmem device). */
export type PageClaim =
  | { readonly kind: 'device'; readonly dev: number; readonly pgoff: number }
  | { readonly kind: 'draining'; readonly dev: number }
  | { readonly kind: 'kernel'; readonly dev: number };

/** Every claim on `page`; more than one is an overlap. */
export function claimsOn(s: S, page: number): PageClaim[] {
  const claims: PageClaim[] = [];
  s.devices.forEach((device, dev) => {
    if (device.state === 'absent') return;
    let pgoff = 0;
    for (const e of device.extents) {
      if (page >= e.start && page < e.start + e.pages) claims.push(device.state === 'kmem' ? { kind: 'kernel', dev } : { kind: 'device', dev, pgoff: pgoff + page - e.start });
      pgoff += e.pages;
    }
    for (const e of device.draining ?? []) if (page >= e.start && page < e.start + e.pages) claims.push({ kind: 'draining', dev });
  });
  return claims;
}

/** Whether `page` lies in one of `extents`. */
export function inExtents(extents: readonly Extent[] | undefined, page: number): boolean {
  if (extents === undefined) return false;
  for (const e of extents) if (page >= e.start && page < e.start + e.pages) return true;
  return false;
}

/**
 * How many claims `page` has (`claimsOn(s, page).length`) without building them: the
 * invariants and the allocator ask it for every page of the region on every state.
 */
export function claimCount(s: S, page: number): number {
  let n = 0;
  for (const device of s.devices) {
    if (device.state === 'absent') continue;
    for (const e of device.extents) if (page >= e.start && page < e.start + e.pages) n++;
    if (device.draining !== undefined) for (const e of device.draining) if (page >= e.start && page < e.start + e.pages) n++;
  }
  return n;
}

export const isFree = (s: S, page: number) => claimCount(s, page) === 0;

/** Whether pages start..start+pages-1 are all free. */
function runFree(s: S, start: number, pages: number): boolean {
  for (let p = start; p < start + pages; p++) if (!isFree(s, p)) return false;
  return true;
}

/**
 * `dax_pgoff_to_phys()`: the page behind `pgoff` when the whole `size` lies in one range,
 * else none (the fault gets VM_FAULT_SIGBUS).
 */
export function pgoffToPage(device: Device, pgoff: number, size: number): number | undefined {
  let base = 0;
  for (const e of device.extents) {
    if (pgoff >= base && pgoff < base + e.pages) return pgoff + size <= base + e.pages ? e.start + pgoff - base : undefined;
    base += e.pages;
  }
  return undefined;
}

/** Add pages to the device: extend its last range when adjacent (`adjust_dev_dax_range`), else a new range. */
function appendRange(device: Draft<DaxDevice>, start: number, pages: number): void {
  const last = device.extents[device.extents.length - 1];
  if (last !== undefined && last.start + last.pages === start) last.pages += pages;
  else device.extents.push({ start, pages });
}

/** The first free run of the region, in address order (the gaps `dev_dax_resize()` walks). */
function firstGap(s: S): Extent | undefined {
  let start = 0;
  while (start < REGION_PAGES && !isFree(s, start)) start++;
  if (start === REGION_PAGES) return undefined;
  let pages = 0;
  while (start + pages < REGION_PAGES && isFree(s, start + pages)) pages++;
  return { start, pages };
}

/**
 * `size_store()` growing the device by one unit. The kernel's `dev_dax_resize()` takes the first
 * gaps in address order, `min(gap, to_alloc)` at a time; the aligned design takes the first
 * free run that starts on a unit boundary, whole. False: -ENOSPC.
 */
export function growDevice(d: Draft<DevdaxState>, dev: number, knobs: DevdaxKnobs): boolean {
  const device = d.devices[dev]!;
  const unit = unitOf(device);
  if (knobs.extentAlign === 'aligned') {
    for (let start = 0; start + unit <= REGION_PAGES; start += unit) {
      if (runFree(d, start, unit)) {
        appendRange(device, start, unit);
        return true;
      }
    }
    return false;
  }
  let avail = 0;
  for (let p = 0; p < REGION_PAGES; p++) if (isFree(d, p)) avail++;
  if (avail < unit) return false;
  for (let toAlloc = unit; toAlloc > 0; ) {
    const gap = firstGap(d)!;
    const alloc = Math.min(gap.pages, toAlloc);
    appendRange(device, gap.start, alloc);
    toAlloc -= alloc;
  }
  return true;
}

/**
 * The `mapping` attribute (`mapping_store()` -> `alloc_dev_dax_range()`): add the range
 * start..start+pages-1 as a new range. Its length must be a whole number of units (and its start
 * aligned, in the aligned design); `__request_region()` refuses a range another one holds.
 */
export function allocRange(d: Draft<DevdaxState>, dev: number, start: number, pages: number, knobs: DevdaxKnobs): boolean {
  const device = d.devices[dev]!;
  const unit = unitOf(device);
  if (pages % unit !== 0 || start + pages > REGION_PAGES) return false;
  if (knobs.extentAlign === 'aligned' && start % unit !== 0) return false;
  if (knobs.reserveRange && !runFree(d, start, pages)) return false; // -EBUSY
  device.extents.push({ start, pages });
  return true;
}

/** `dev_dax_shrink()` by one unit: cut it off the last ranges, returning what was cut. */
export function cutTail(device: Draft<DaxDevice>): Extent[] {
  const cut: Extent[] = [];
  for (let toCut = unitOf(device); toCut > 0; ) {
    const last = device.extents[device.extents.length - 1]!;
    const n = Math.min(last.pages, toCut);
    cut.push({ start: last.start + last.pages - n, pages: n });
    if (n === last.pages) device.extents.pop();
    else last.pages -= n;
    toCut -= n;
  }
  return cut;
}

/** `dev_dax_validate_align()` for a new align: every range a whole number of units (and aligned). */
export function alignValid(device: Device, align: number, knobs: DevdaxKnobs): boolean {
  const unit = Math.max(align, SUBSECTION_PAGES);
  return device.extents.every((e) => e.pages % unit === 0 && (knobs.extentAlign === 'length' || e.start % unit === 0));
}
