import { rcuReaders, type GracePeriod, type RcuReader } from '../parts/rcu.ts';

/**
 * Scale: a dax region of 8 pages, where a PMD is 2 pages and a PUD 4 (real: 4 KiB pages, 512
 * and 262144 of them), and memremap_compat_align() (a 2 MiB subsection) is 2 pages, so every
 * extent is a multiple of 2 pages; the region is 4 subsections. Two
 * device slots (dax0.0, the region's seed device, present at boot with size 0; dax0.1, to
 * create), two processes (P0 in cgroup 0, P1 in cgroup 1) that each map up to 4 pages of one
 * device, one fault thread inside dax_read_lock() (SRCU), one FOLL_LONGTERM pin slot.
 */
export const REGION_PAGES = 8;
export const SUBSECTION_PAGES = 2;
export const CHUNKS = [0, 1, 2, 3] as const;
export const DEVICES = [0, 1] as const;
export const PROCESSES = [0, 1] as const;
export const CGROUPS = [0, 1] as const;
export const VMA_PAGES = 4;

/** A device's `align` and a leaf's size, in pages: 4K (PTE), 2M (PMD), 1G (PUD) scaled. */
export type PageSize = 1 | 2 | 4;
export const PAGE_SIZES: readonly PageSize[] = [1, 2, 4];
export const sizeName = (size: number) => (size === 1 ? '4K' : size === 2 ? '2M' : '1G');
export const leafName = (size: number) => (size === 1 ? 'PTE' : size === 2 ? 'PMD' : 'PUD');

/** One `dev_dax_range`: physical pages start..start+pages-1 of the region. */
export interface Extent {
  readonly start: number;
  readonly pages: number;
}

/**
 * absent: not created; disabled: no driver; enabled: device_dax bound; dying: kill_dax() waits;
 * kmem: bound to dax_kmem, its ranges onlined as System RAM (the give-back to the kernel).
 */
export type DeviceState = 'absent' | 'disabled' | 'enabled' | 'dying' | 'kmem';

export interface DaxDevice {
  readonly state: DeviceState;
  readonly align: PageSize;
  /** `dev_dax->ranges`, in pgoff order. */
  readonly extents: readonly Extent[];
  /**
   * The cgroup whose devices.allow grants this device. The rule names a device number, so it
   * exists before the device does and survives its deletion: every dax0.N starts out granted
   * to cgroup 0, the first tenant, and moves to another only by an `assign`.
   */
  readonly cgroup: number;
  /** The SRCU grace period kill_dax() or a live shrink waits for. */
  readonly gp?: GracePeriod;
  /** A live shrink's tail: cut off the device, not yet given back. */
  readonly draining?: readonly Extent[];
}

/** A present PTE/PMD/PUD: device pgoffs pgoff.. map region pages page.. */
export interface Leaf {
  readonly pgoff: number;
  readonly page: number;
  readonly size: PageSize;
}

export interface Process {
  readonly cgroup: number;
  /** The device this process has open and mmap()ed (MAP_SHARED), and how many pages. */
  readonly vma?: { readonly dev: number; readonly pages: number };
  readonly leaves: readonly Leaf[];
}

/** A FOLL_LONGTERM pin (VFIO, RDMA): a page reference that outlives munmap. */
export interface Pin {
  readonly proc: number;
  readonly dev: number;
  readonly page: number;
}

/** `dev_dax_huge_fault()` as a thread: resolved inside dax_read_lock(), inserted after. */
export type FaultThread =
  | { readonly pc: 'idle' }
  | { readonly pc: 'resolved'; readonly proc: number; readonly pgoff: number; readonly size: PageSize; readonly page: number };

/** What kexec left behind: the true layouts (ghost) and which devices are still to re-create. */
export interface KexecRecord {
  readonly before: readonly ({ readonly align: PageSize; readonly extents: readonly Extent[] } | undefined)[];
  readonly pending: readonly boolean[];
}

export interface DevdaxState {
  readonly devices: readonly DaxDevice[];
  readonly processes: readonly Process[];
  readonly pin?: Pin;
  readonly fault: FaultThread;
  /** dax_srcu readers: the fault thread. */
  readonly srcu: readonly RcuReader[];
  readonly kexec?: KexecRecord;
}

type FreshDevice = { state: DeviceState; align: PageSize; extents: Extent[]; cgroup: number };

/** A device slot not created (yet): region align 2M, no ranges. A fresh object a draft can take. */
export const absentDevice = (cgroup: number): FreshDevice => ({ state: 'absent', align: 2, extents: [], cgroup });

/** The devices a region has at boot: the seed dax0.0 of size 0, unbound; dax0.1 not created. */
export const bootDevices = (): FreshDevice[] => DEVICES.map((dev) => ({ ...absentDevice(0), state: dev === 0 ? 'disabled' : 'absent' }));

export function initDevdaxState(): DevdaxState {
  return {
    devices: bootDevices(),
    processes: PROCESSES.map((proc) => ({ cgroup: CGROUPS[proc]!, leaves: [] })),
    fault: { pc: 'idle' },
    srcu: rcuReaders(1),
  };
}
