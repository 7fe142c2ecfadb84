import type { KnobSpecs } from '../../src/index.ts';

/** The questions the device-DAX partitioning leaves open, one knob each; the proposal is the kernel's rule where it has one. */
export type DevdaxKnobs = {
  /**
   * How a device gives memory back: resize only when unbound (size_store returns -EBUSY on a
   * bound device), shrink a bound device by zapping and draining the tail first, or shrink a
   * bound device and free at once.
   */
  readonly giveBack: 'unbind' | 'live-shrink' | 'live-no-zap';
  /** kill_dax() and a live shrink wait for dax_srcu readers (synchronize_srcu) before unmapping. */
  readonly srcuSync: boolean;
  /** memunmap_pages() (and a live shrink) wait until no page reference (pin) is left. */
  readonly waitForPins: boolean;
  /** alloc_dev_dax_range() reserves each range in the region (__request_region), refusing overlap. */
  readonly reserveRange: boolean;
  /**
   * What ties extents to the device's align: whole aligned units (start and length), or what
   * alloc_is_aligned() checks, lengths only, with first-fit filling any subsection gap.
   */
  readonly extentAlign: 'aligned' | 'length';
  /** A fault smaller than the device's align: VM_FAULT_SIGBUS, or map it anyway (fsdax-style fallback). */
  readonly finerFault: 'sigbus' | 'fallback';
  /** What survives kexec to re-create a device: its ranges (the `mapping` attribute) or only its size. */
  readonly kexecSave: 'mapping' | 'size';
  /** When a device may be given to another cgroup: unbound and closed by all, or only one of them, or any time. */
  readonly reassign: 'unbound-no-opener' | 'no-opener' | 'unbound' | 'live';
};

export const devdaxKnobs: KnobSpecs<DevdaxKnobs> = {
  giveBack: { values: ['unbind', 'live-shrink', 'live-no-zap'], proposal: 'unbind', meaning: 'how a device shrinks to give memory back' },
  srcuSync: { values: [true, false], proposal: true, meaning: 'kill_dax()/live shrink synchronize_srcu() before unmapping' },
  waitForPins: { values: [true, false], proposal: true, meaning: 'give-back waits until no page is pinned (memunmap_pages)' },
  reserveRange: { values: [true, false], proposal: true, meaning: 'a new range is reserved in the region (__request_region)' },
  extentAlign: { values: ['aligned', 'length'], proposal: 'aligned', meaning: 'extents are whole aligned units, or lengths only' },
  finerFault: { values: ['sigbus', 'fallback'], proposal: 'sigbus', meaning: 'a fault finer than align SIGBUSes or maps anyway' },
  kexecSave: { values: ['mapping', 'size'], proposal: 'mapping', meaning: 'what is saved across kexec to re-create devices' },
  reassign: {
    values: ['unbound-no-opener', 'no-opener', 'unbound', 'live'],
    proposal: 'unbound-no-opener',
    meaning: 'when a device may move to another cgroup',
  },
};
