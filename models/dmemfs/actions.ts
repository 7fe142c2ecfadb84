import { FILE_PAGES, FRAMES, GFNS, IOVAS, PROCESSES } from './state.ts';

export type DmemfsAction =
  | { readonly kind: 'hostFault'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'munmap'; readonly proc: number }
  | { readonly kind: 'mmap'; readonly proc: number }
  | { readonly kind: 'punchHole'; readonly page: number }
  | { readonly kind: 'gupFast'; readonly proc: number; readonly vpage: number }
  | { readonly kind: 'gupGrab' }
  | { readonly kind: 'gupSlow' }
  | { readonly kind: 'kvmFault'; readonly gfn: number }
  | { readonly kind: 'kvmPfn' }
  | { readonly kind: 'kvmMap' }
  | { readonly kind: 'vfioMap'; readonly iova: number }
  | { readonly kind: 'vfioUnmap'; readonly iova: number }
  | { readonly kind: 'memoryFailure'; readonly frame: number }
  | { readonly kind: 'dmemRelease'; readonly frame: number };

const perProcPage = <K extends 'hostFault' | 'gupFast'>(kind: K) =>
  PROCESSES.flatMap((proc) => FILE_PAGES.map((vpage) => ({ kind, proc, vpage })));

export function dmemfsActions(): DmemfsAction[] {
  return [
    ...perProcPage('hostFault'),
    ...PROCESSES.map((proc) => ({ kind: 'munmap' as const, proc })),
    ...PROCESSES.map((proc) => ({ kind: 'mmap' as const, proc })),
    ...FILE_PAGES.map((page) => ({ kind: 'punchHole' as const, page })),
    ...perProcPage('gupFast'),
    { kind: 'gupGrab' },
    { kind: 'gupSlow' },
    ...GFNS.map((gfn) => ({ kind: 'kvmFault' as const, gfn })),
    { kind: 'kvmPfn' },
    { kind: 'kvmMap' },
    ...IOVAS.map((iova) => ({ kind: 'vfioMap' as const, iova })),
    ...IOVAS.map((iova) => ({ kind: 'vfioUnmap' as const, iova })),
    ...FRAMES.map((frame) => ({ kind: 'memoryFailure' as const, frame })),
    ...FRAMES.map((frame) => ({ kind: 'dmemRelease' as const, frame })),
  ];
}
