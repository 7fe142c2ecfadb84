import type { Draft } from '../../src/index.ts';
import { rcuReadLock, rcuReadUnlock } from '../parts/rcu.ts';
import type { DevdaxKnobs } from './knobs.ts';
import { deviceSize, pgoffToPage } from './region.ts';
import { VMA_PAGES, type DevdaxState, type PageSize } from './state.ts';

type S = Draft<DevdaxState>;

/** Whether a leaf covers any of pgoffs pgoff..pgoff+size-1. */
export const overlaps = (l: { readonly pgoff: number; readonly size: number }, pgoff: number, size: number) =>
  l.pgoff < pgoff + size && pgoff < l.pgoff + l.size;

/** open() passes the devices cgroup check (the guard), then `dax_mmap()`: a MAP_SHARED VMA. */
export function mmapDevice(d: S, proc: number, dev: number): void {
  d.processes[proc]!.vma = { dev, pages: Math.min(deviceSize(d.devices[dev]!), VMA_PAGES) };
}

export function munmapDevice(d: S, proc: number): void {
  const p = d.processes[proc]!;
  p.leaves = [];
  delete p.vma;
}

/**
 * `__dev_dax_{pte,pmd,pud}_fault()` under dax_read_lock(): `check_vma()` (DAXDEV_ALIVE), a fault
 * smaller than the device's align is VM_FAULT_SIGBUS (or mapped anyway by the known-bad
 * fallback), a larger one VM_FAULT_FALLBACK, then `dax_pgoff_to_phys()`. The page, or why not.
 */
function resolve(s: S, proc: number, pgoff: number, size: PageSize, knobs: DevdaxKnobs): number | undefined {
  const dev = s.processes[proc]!.vma!.dev;
  const device = s.devices[dev]!;
  if (device.state !== 'enabled') return undefined;
  if (size < device.align && knobs.finerFault === 'sigbus') return undefined;
  if (size > device.align) return undefined;
  return pgoffToPage(device, pgoff, size);
}

/** The fault, step 1: `id = dax_read_lock()`, then resolve; a failed fault unlocks and returns. */
export function faultResolve(d: S, proc: number, pgoff: number, size: PageSize, knobs: DevdaxKnobs): void {
  rcuReadLock(d.srcu, 0);
  const page = resolve(d, proc, pgoff, size, knobs);
  if (page === undefined) {
    rcuReadUnlock(d.srcu, 0);
    return;
  }
  d.fault = { pc: 'resolved', proc, pgoff, size, page };
}

/** The fault, step 2: `vmf_insert_pfn{,_pmd,_pud}()`, then `dax_read_unlock(id)`. */
export function faultInsert(d: S): void {
  const f = d.fault;
  if (f.pc !== 'resolved') return;
  const p = d.processes[f.proc]!;
  // a racing fault on the same range already installed a leaf: VM_FAULT_NOPAGE
  if (!p.leaves.some((l) => overlaps(l, f.pgoff, f.size))) p.leaves.push({ pgoff: f.pgoff, page: f.page, size: f.size });
  rcuReadUnlock(d.srcu, 0);
  d.fault = { pc: 'idle' };
}

/**
 * `pin_user_pages(FOLL_LONGTERM)`: fault the page in at the device's align if no leaf covers it
 * (inside its own dax_read_lock()), then take a reference on the ZONE_DEVICE page.
 */
export function pinPage(d: S, proc: number, pgoff: number, knobs: DevdaxKnobs): void {
  const p = d.processes[proc]!;
  const dev = p.vma!.dev;
  const covering = () => p.leaves.find((l) => pgoff >= l.pgoff && pgoff < l.pgoff + l.size);
  if (covering() === undefined) {
    const size = d.devices[dev]!.align;
    const base = pgoff - (pgoff % size);
    if (base + size > p.vma!.pages || p.leaves.some((l) => overlaps(l, base, size))) return;
    const page = resolve(d, proc, base, size, knobs);
    if (page === undefined) return; // -EFAULT
    p.leaves.push({ pgoff: base, page, size });
  }
  const leaf = covering()!;
  d.pin = { proc, dev, page: leaf.page + pgoff - leaf.pgoff };
}
