/**
 * Scale: a `dmem=` pool of 4 frames (real: hundreds of GiB), one dmemfs file of 2 base pages
 * (one 2 MiB dpage at this scale, or two 4 KiB dpages), two processes mapping the whole file
 * MAP_SHARED (P0 is QEMU, whose mapping backs the guest; P1 a vhost-user backend), one guest
 * with 2 frames of EPT, and 2 VFIO DMA slots over P0's mapping. The pool's frames have no
 * struct page: only a frame given back to the kernel gets a memmap.
 */
export const FRAMES = [0, 1, 2, 3] as const;
export const FILE_PAGES = [0, 1] as const;
export const PROCESSES = [0, 1] as const;
/** Guest frame g is backed by P0's mapping of file page g. */
export const GFNS = [0, 1] as const;
/** VFIO DMA slot i maps P0's file page i. */
export const IOVAS = [0, 1] as const;

/** Where a frame is: the dmem free list, a file, punched out but still pinned, or the kernel. */
export type FrameOwner = 'free' | 'file' | 'orphan' | 'kernel';

export interface DmemFrame {
  readonly owner: FrameOwner;
  /** A memmap covers the frame: true only once it has been given back to the kernel. */
  readonly structPage: boolean;
  /** In the dmem pool's error bitmap: never handed out again. */
  readonly poisonRecorded: boolean;
  /** Ghost: a machine check hit this frame (the hardware's truth, whoever recorded it). */
  readonly hwPoison: boolean;
  /** dmem's own pin count for VFIO: the refcount a frame without struct page lacks. */
  readonly pins: number;
}

/** A present page-table leaf of a process mapping the file. */
export interface Leaf {
  readonly frame: number;
  readonly level: 'pte' | 'pmd';
  /** pte_special()/pmd_special(): lockless walkers know there is no struct page behind it. */
  readonly special: boolean;
}

export interface Process {
  /** The file is mmap()ed (MAP_SHARED, VM_PFNMAP); munmap() clears it. */
  readonly mapped: boolean;
  /** The leaf covering each file page; a PMD leaf covers both. */
  readonly entries: readonly (Leaf | undefined)[];
}

export interface DmemfsFile {
  /** The frame behind each file page; in a 2 MiB dpage both pages sit in one aligned pair. */
  readonly pages: readonly (number | undefined)[];
  /** memory_failure() marked the page: a fault on it returns VM_FAULT_HWPOISON. */
  readonly poisoned: readonly boolean[];
}

/** GUP from a process (O_DIRECT, vhost) as a thread: the lockless walk, then a grab or the slow path. */
export type GupThread =
  | { readonly pc: 'idle' }
  | { readonly pc: 'loaded'; readonly proc: number; readonly vpage: number; readonly frame: number }
  /** `special`: GUP-fast bailed on a special leaf (rather than finding none). */
  | { readonly pc: 'slow'; readonly proc: number; readonly vpage: number; readonly special: boolean };

/**
 * A vCPU's EPT-violation fault as a thread. `invalidated` stands for the change of
 * `kvm->mmu_invalidate_seq` since the fault read it: an MMU-notifier invalidation ran.
 */
export type KvmFault =
  | { readonly pc: 'idle' }
  | { readonly pc: 'seq-read'; readonly gfn: number; readonly invalidated: boolean }
  | { readonly pc: 'pfn'; readonly gfn: number; readonly frame: number; readonly invalidated: boolean };

export interface DmemfsState {
  readonly frames: readonly DmemFrame[];
  readonly file: DmemfsFile;
  readonly processes: readonly Process[];
  readonly gup: GupThread;
  /** The guest's EPT: gfn -> frame. */
  readonly ept: readonly (number | undefined)[];
  readonly kvmFault: KvmFault;
  /** The IOMMU: VFIO DMA slot -> frame. */
  readonly iommu: readonly (number | undefined)[];
  /** Ghost: every struct page a path touched for a frame that has none (each an oops or worse). */
  readonly metadataAccesses: readonly { readonly frame: number; readonly by: string }[];
  /** Ghost events, for witnesses. */
  readonly seen: {
    readonly gupRefused: boolean;
    readonly kvmRetried: boolean;
    readonly orphaned: boolean;
    readonly quarantined: boolean;
  };
}

export function initDmemfsState(): DmemfsState {
  return {
    frames: FRAMES.map(() => ({ owner: 'free', structPage: false, poisonRecorded: false, hwPoison: false, pins: 0 })),
    file: { pages: FILE_PAGES.map(() => undefined), poisoned: FILE_PAGES.map(() => false) },
    processes: PROCESSES.map(() => ({ mapped: true, entries: FILE_PAGES.map(() => undefined) })),
    gup: { pc: 'idle' },
    ept: GFNS.map(() => undefined),
    kvmFault: { pc: 'idle' },
    iommu: IOVAS.map(() => undefined),
    metadataAccesses: [],
    seen: { gupRefused: false, kvmRetried: false, orphaned: false, quarantined: false },
  };
}
