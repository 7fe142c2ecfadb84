import { CHUNKS, DEVICES, PAGE_SIZES, PROCESSES, SUBSECTION_PAGES, VMA_PAGES, type PageSize } from './state.ts';

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
