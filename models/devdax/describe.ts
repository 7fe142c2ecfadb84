import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import type { DevdaxAction } from './actions.ts';
import { overlaps } from './fault.ts';
import type { DevdaxKnobs } from './knobs.ts';
import { deviceSize, devName, extentName, isFree, pgoffToPage, unitOf } from './region.ts';
import { REGION_PAGES, SUBSECTION_PAGES, leafName, sizeName, type DevdaxState, type Extent, type PageSize } from './state.ts';

type S = Immutable<DevdaxState>;

const pages = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const runs = (list: readonly number[]): Extent[] =>
  list.reduce<Extent[]>((out, p) => {
    const last = out.at(-1);
    if (last !== undefined && last.start + last.pages === p) out[out.length - 1] = { start: last.start, pages: last.pages + 1 };
    else out.push({ start: p, pages: 1 });
    return out;
  }, []);

/** The region pages `dev_dax_resize()` takes for one unit, as the design picks them, or none (-ENOSPC). */
function growPick(s: S, dev: number, knobs: DevdaxKnobs): Extent[] | undefined {
  const unit = unitOf(s.devices[dev]!);
  if (knobs.extentAlign === 'aligned') {
    for (let start = 0; start + unit <= REGION_PAGES; start += unit) if (pages(start, unit).every((p) => isFree(s, p))) return [{ start, pages: unit }];
    return undefined;
  }
  const free = pages(0, REGION_PAGES).filter((p) => isFree(s, p));
  return free.length < unit ? undefined : runs(free.slice(0, unit));
}

/** `synchronize_srcu(&dax_srcu)` as this design runs it. */
function srcu(s: S, knobs: DevdaxKnobs): string {
  if (!knobs.srcuSync) return `no synchronize_srcu()${s.srcu[0]!.inside ? " (CPU0's fault is inside dax_read_lock())" : ''}`;
  return s.srcu[0]!.inside ? "synchronize_srcu() waits for CPU0's fault" : 'synchronize_srcu(), no reader inside';
}

/** `__dev_dax_*_fault()`: where the fault resolves, or why it does not. */
function faultBranch(s: S, proc: number, pgoff: number, size: PageSize, knobs: DevdaxKnobs): string {
  const dev = s.processes[proc]!.vma?.dev;
  if (dev === undefined) return 'no VMA: SIGSEGV';
  const device = s.devices[dev]!;
  if (device.state !== 'enabled') return `${devName(dev)} not ALIVE: VM_FAULT_SIGBUS`;
  const finer = size < device.align;
  if (finer && knobs.finerFault === 'sigbus') return `smaller than align ${sizeName(device.align)}: VM_FAULT_SIGBUS`;
  if (size > device.align) return `larger than align ${sizeName(device.align)}: VM_FAULT_FALLBACK`;
  const page = pgoffToPage(device, pgoff, size);
  if (page === undefined) return 'dax_pgoff_to_phys() -> not in one range: VM_FAULT_SIGBUS';
  return `dax_pgoff_to_phys() -> page ${page}${finer ? ` (finer than align ${sizeName(device.align)}, mapped anyway)` : ''}`;
}

/** Each step in kernel words with the branch it takes, in region pages, pgoffs and devices. */
export function describeDevdaxAction(a: DevdaxAction, s: S, knobs: DevdaxKnobs): string {
  const f = s.fault;
  return match(a)
    .with({ kind: 'create' }, ({ dev }) => `region0/create -> ${devName(dev)} (size 0): create_store()`)
    .with({ kind: 'destroy' }, ({ dev }) => `region0/delete ${devName(dev)} (unbound, size 0): delete_store()`)
    .with({ kind: 'setAlign' }, ({ dev, align }) => {
      const device = s.devices[dev]!;
      const unit = Math.max(align, SUBSECTION_PAGES);
      const ok = device.extents.every((e) => e.pages % unit === 0 && (knobs.extentAlign === 'length' || e.start % unit === 0));
      return `${devName(dev)}/align = ${sizeName(align)}: dev_dax_validate_align() -> ${ok ? 'ok' : '-EINVAL'}`;
    })
    .with({ kind: 'grow' }, ({ dev }) => {
      const device = s.devices[dev]!;
      const pick = growPick(s, dev, knobs);
      const size = deviceSize(device);
      if (pick === undefined) return `${devName(dev)}/size = ${size + unitOf(device)} pages: dev_dax_resize() -> -ENOSPC`;
      return `${devName(dev)}/size ${size} -> ${size + unitOf(device)} pages: dev_dax_resize() takes pages ${pick.map(extentName).join(', ')}`;
    })
    .with({ kind: 'shrink' }, ({ dev }) => {
      const device = s.devices[dev]!;
      const size = deviceSize(device);
      const head = `${devName(dev)}/size ${size} -> ${size - unitOf(device)} pages: dev_dax_shrink()`;
      if (device.state === 'disabled') return `${head}, unbound: the tail is free at once`;
      if (knobs.giveBack === 'live-no-zap') return `${head}, bound: the tail is free at once, still mapped`;
      return `${head}, bound: the tail drains; ${srcu(s, knobs)}`;
    })
    .with({ kind: 'shrinkFinish' }, ({ dev }) => {
      const tail = s.devices[dev]!.draining ?? [];
      return `${devName(dev)} shrink: unmap_mapping_range(pages ${tail.map(extentName).join(', ')}), free the tail`;
    })
    .with({ kind: 'mapping' }, ({ dev, start }) => {
      const device = s.devices[dev]!;
      const unit = unitOf(device);
      const head = `${devName(dev)}/mapping = pages ${start}-${start + unit - 1}: alloc_dev_dax_range()`;
      if (start + unit > REGION_PAGES) return `${head} -> -EINVAL`;
      if (knobs.extentAlign === 'aligned' && start % unit !== 0) return `${head} -> -EINVAL (not aligned to ${unit} pages)`;
      const taken = pages(start, unit).some((p) => !isFree(s, p));
      if (!taken) return `${head} -> ok`;
      return knobs.reserveRange ? `${head} -> -EBUSY (__request_region: taken)` : `${head} -> ok, although another range holds it (no __request_region)`;
    })
    .with({ kind: 'assign' }, ({ dev, proc }) => {
      const device = s.devices[dev]!;
      const openers = s.processes.filter((p) => p.vma?.dev === dev).length;
      return `cgroup ${s.processes[proc]!.cgroup} (P${proc}'s) devices.allow ${devName(dev)}, others denied (${devName(dev)} ${device.state}, ${openers} opener(s))`;
    })
    .with({ kind: 'bind' }, ({ dev }) => `bind ${devName(dev)} to device_dax: dev_dax_probe(), run_dax()`)
    .with({ kind: 'unbindStart' }, ({ dev }) => `unbind ${devName(dev)}: kill_dax(): clear DAXDEV_ALIVE; ${srcu(s, knobs)}`)
    .with({ kind: 'unbindFinish' }, ({ dev }) => {
      const leaves = s.processes.filter((p) => p.vma?.dev === dev).reduce((n, p) => n + p.leaves.length, 0);
      const pinned = s.pin?.dev === dev ? ` with page ${s.pin.page} still pinned` : knobs.waitForPins ? ' (no pin left)' : '';
      return `unbind ${devName(dev)}: unmap_mapping_range(all): ${leaves} leaf(s) zapped; memunmap_pages()${pinned}`;
    })
    .with({ kind: 'mmap' }, ({ proc, dev }) => `P${proc} open(/dev/${devName(dev)}) + mmap(MAP_SHARED, ${Math.min(deviceSize(s.devices[dev]!), 4)} pages)`)
    .with({ kind: 'munmap' }, ({ proc }) => `P${proc} munmap() + close()`)
    .with({ kind: 'fault' }, ({ proc, pgoff, size }) => `CPU0 P${proc} ${leafName(size)} fault pgoff ${pgoff}: dax_read_lock(); ${faultBranch(s, proc, pgoff, size, knobs)}`)
    .with({ kind: 'faultInsert' }, () => {
      if (f.pc !== 'resolved') return 'CPU0 vmf_insert_pfn*(); dax_read_unlock()';
      const raced = s.processes[f.proc]!.leaves.some((l) => overlaps(l, f.pgoff, f.size));
      const what = raced ? 'already mapped: VM_FAULT_NOPAGE' : `P${f.proc} pgoff ${f.pgoff} -> page ${f.page} (${leafName(f.size)})`;
      return `CPU0 vmf_insert_pfn*: ${what}; dax_read_unlock()`;
    })
    .with({ kind: 'pin' }, ({ proc, pgoff }) => {
      const p = s.processes[proc]!;
      if (p.vma === undefined) return `P${proc} pin_user_pages(FOLL_LONGTERM) pgoff ${pgoff}: no VMA, -EFAULT`;
      const leaf = p.leaves.find((l) => pgoff >= l.pgoff && pgoff < l.pgoff + l.size);
      const where = leaf === undefined ? 'faults it in first' : `page ${leaf.page + pgoff - leaf.pgoff}`;
      return `P${proc} pin_user_pages(FOLL_LONGTERM) pgoff ${pgoff} of ${devName(p.vma.dev)}: ${where}`;
    })
    .with({ kind: 'unpin' }, () => (s.pin === undefined ? 'unpin_user_page()' : `unpin_user_page(${devName(s.pin.dev)} page ${s.pin.page})`))
    .with({ kind: 'kmemOnline' }, ({ dev }) => `bind ${devName(dev)} to kmem: dev_dax_kmem_probe(), add_memory_driver_managed(pages ${s.devices[dev]!.extents.map(extentName).join(', ')})`)
    .with({ kind: 'kmemOffline' }, ({ dev }) => `unbind ${devName(dev)} from kmem: offline_and_remove_memory()`)
    .with({ kind: 'kexec' }, () => 'kexec: new kernel, region0 comes back empty')
    .with({ kind: 'recreate' }, ({ dev }) => {
      const saved = s.kexec?.before[dev];
      const what = knobs.kexecSave === 'mapping'
        ? `mapping = pages ${saved?.extents.map(extentName).join(', ') ?? '-'}`
        : `size = ${saved?.extents.reduce((n, e) => n + e.pages, 0) ?? 0} pages (ranges not saved)`;
      return `daxctl create-device ${devName(dev)} from the saved configuration: ${what}`;
    })
    .exhaustive();
}
