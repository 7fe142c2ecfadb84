import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import { devName } from './region.ts';
import { CHUNKS, DEVICES, PAGE_SIZES, PROCESSES, SUBSECTION_PAGES, VMA_PAGES, leafName, sizeName, type DevdaxState, type PageSize } from './state.ts';

export type DevdaxAction =
  | { readonly kind: 'create'; readonly dev: number }
  | { readonly kind: 'destroy'; readonly dev: number }
  | { readonly kind: 'setAlign'; readonly dev: number; readonly align: PageSize }
  | { readonly kind: 'grow'; readonly dev: number }
  | { readonly kind: 'shrink'; readonly dev: number }
  | { readonly kind: 'shrinkFinish'; readonly dev: number }
  | { readonly kind: 'mapping'; readonly dev: number; readonly start: number }
  /** Give the device to the cgroup of process `proc`: named by a process so that renaming P1 to P0 while shrinking renames its cgroup too. */
  | { readonly kind: 'assign'; readonly dev: number; readonly proc: number }
  | { readonly kind: 'bind'; readonly dev: number }
  | { readonly kind: 'unbindStart'; readonly dev: number }
  | { readonly kind: 'unbindFinish'; readonly dev: number }
  | { readonly kind: 'mmap'; readonly proc: number; readonly dev: number }
  | { readonly kind: 'munmap'; readonly proc: number }
  | { readonly kind: 'fault'; readonly proc: number; readonly pgoff: number; readonly size: PageSize }
  | { readonly kind: 'faultInsert' }
  | { readonly kind: 'pin'; readonly proc: number; readonly pgoff: number }
  | { readonly kind: 'unpin' }
  | { readonly kind: 'kmemOnline'; readonly dev: number }
  | { readonly kind: 'kmemOffline'; readonly dev: number }
  | { readonly kind: 'kexec' }
  | { readonly kind: 'recreate'; readonly dev: number };

const perDev = <K extends 'create' | 'destroy' | 'kmemOnline' | 'kmemOffline' | 'grow' | 'shrink' | 'shrinkFinish' | 'bind' | 'unbindStart' | 'unbindFinish' | 'recreate'>(kind: K) =>
  DEVICES.map((dev) => ({ kind, dev }));
const PGOFFS = Array.from({ length: VMA_PAGES }, (_, pgoff) => pgoff);

export function devdaxActions(): DevdaxAction[] {
  return [
    // dax0.0 is never created or deleted (the guard says so), but its slot is in the alphabet
    // so that shrinking can rename dax0.1 to dax0.0 in every step at once
    ...perDev('create'),
    ...perDev('destroy'),
    ...DEVICES.flatMap((dev) => PAGE_SIZES.map((align) => ({ kind: 'setAlign' as const, dev, align }))),
    ...perDev('grow'),
    ...perDev('shrink'),
    ...perDev('shrinkFinish'),
    ...DEVICES.flatMap((dev) => CHUNKS.map((c) => ({ kind: 'mapping' as const, dev, start: c * SUBSECTION_PAGES }))),
    ...DEVICES.flatMap((dev) => PROCESSES.map((proc) => ({ kind: 'assign' as const, dev, proc }))),
    ...perDev('bind'),
    ...perDev('unbindStart'),
    ...perDev('unbindFinish'),
    ...PROCESSES.flatMap((proc) => DEVICES.map((dev) => ({ kind: 'mmap' as const, proc, dev }))),
    ...PROCESSES.map((proc) => ({ kind: 'munmap' as const, proc })),
    // every naturally aligned fault the VMA can take, at each level
    ...PROCESSES.flatMap((proc) =>
      PAGE_SIZES.flatMap((size) => PGOFFS.filter((pgoff) => pgoff % size === 0).map((pgoff) => ({ kind: 'fault' as const, proc, pgoff, size }))),
    ),
    { kind: 'faultInsert' },
    ...PROCESSES.flatMap((proc) => PGOFFS.map((pgoff) => ({ kind: 'pin' as const, proc, pgoff }))),
    { kind: 'unpin' },
    ...perDev('kmemOnline'),
    ...perDev('kmemOffline'),
    { kind: 'kexec' },
    ...perDev('recreate'),
  ];
}

/** The step in kernel words; the fault thread's target is read from the state before. */
export function describeDevdaxAction(a: DevdaxAction, s: Immutable<DevdaxState>): string {
  const f = s.fault;
  const inserting = f.pc === 'resolved' ? `P${f.proc} pgoff ${f.pgoff} -> page ${f.page}` : '?';
  return match(a)
    .with({ kind: 'create' }, ({ dev }) => `region0/create -> ${devName(dev)} (size 0): create_store()`)
    .with({ kind: 'destroy' }, ({ dev }) => `region0/delete ${devName(dev)} (unbound, size 0): delete_store()`)
    .with({ kind: 'setAlign' }, ({ dev, align }) => `${devName(dev)}/align = ${sizeName(align)}: dev_dax_validate_align()`)
    .with({ kind: 'grow' }, ({ dev }) => `${devName(dev)}/size += unit: dev_dax_resize()`)
    .with({ kind: 'shrink' }, ({ dev }) => `${devName(dev)}/size -= unit: dev_dax_shrink()`)
    .with({ kind: 'shrinkFinish' }, ({ dev }) => `${devName(dev)} shrink: unmap_mapping_range(tail), free the tail`)
    .with({ kind: 'mapping' }, ({ dev, start }) => `${devName(dev)}/mapping = range at page ${start}: alloc_dev_dax_range()`)
    .with({ kind: 'assign' }, ({ dev, proc }) => `cgroup ${s.processes[proc]!.cgroup} (P${proc}'s) devices.allow ${devName(dev)}, others denied`)
    .with({ kind: 'bind' }, ({ dev }) => `bind ${devName(dev)} to device_dax: dev_dax_probe(), run_dax()`)
    .with({ kind: 'unbindStart' }, ({ dev }) => `unbind ${devName(dev)}: kill_dax(): clear ALIVE; synchronize_srcu()?`)
    .with({ kind: 'unbindFinish' }, ({ dev }) => `unbind ${devName(dev)}: unmap_mapping_range(all), memunmap_pages()`)
    .with({ kind: 'mmap' }, ({ proc, dev }) => `P${proc} open(/dev/${devName(dev)}) + mmap(MAP_SHARED)`)
    .with({ kind: 'munmap' }, ({ proc }) => `P${proc} munmap() + close()`)
    .with({ kind: 'fault' }, ({ proc, pgoff, size }) => `CPU0 P${proc} ${leafName(size)} fault pgoff ${pgoff}: dax_read_lock(); dax_pgoff_to_phys()`)
    .with({ kind: 'faultInsert' }, () => `CPU0 vmf_insert_pfn*(${inserting}); dax_read_unlock()`)
    .with({ kind: 'pin' }, ({ proc, pgoff }) => `P${proc} pin_user_pages(FOLL_LONGTERM) pgoff ${pgoff}`)
    .with({ kind: 'unpin' }, () => 'unpin_user_page()')
    .with({ kind: 'kmemOnline' }, ({ dev }) => `bind ${devName(dev)} to kmem: dev_dax_kmem_probe(), add_memory_driver_managed()`)
    .with({ kind: 'kmemOffline' }, ({ dev }) => `unbind ${devName(dev)} from kmem: offline_and_remove_memory()`)
    .with({ kind: 'kexec' }, () => 'kexec: new kernel, region0 comes back empty')
    .with({ kind: 'recreate' }, ({ dev }) => `daxctl create-device ${devName(dev)} from the saved configuration`)
    .exhaustive();
}
