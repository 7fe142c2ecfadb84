import type { KnobSpecs } from '../../src/index.ts';

/** The questions the dmemfs thread leaves open, one knob each; the proposal is dmemfs RFC v2. */
export type DmemfsKnobs = {
  /** The dmemfs mount's `dpagesize=`: the unit frames are handed out and mapped in. */
  readonly dpagesize: '2M' | '4K';
  /**
   * How a leaf tells lockless walkers there is no struct page behind it: the special bit at
   * PTE and PMD level (the core-mm change the seed names), the special bit at PTE level only
   * with 2 MiB dpages mapped by plain huge PMDs or split into PTEs, or only the VMA's flags.
   */
  readonly leafMark: 'special' | 'pte-special-pmd-plain' | 'pte-special-ptes-only' | 'vma-flag';
  /** The KVM fault rechecks `mmu_invalidate_seq` under mmu_lock before installing the pfn. */
  readonly kvmRetry: boolean;
  /** What holds a frame VFIO maps: dmem's own pin count, or nothing (follow_pfn and go). */
  readonly vfioPin: 'dmem-pin' | 'none';
  /** Where memory_failure() records a machine check on a frame without struct page. */
  readonly poison: 'dmem-bitmap' | 'none' | 'page-flag';
};

export const dmemfsKnobs: KnobSpecs<DmemfsKnobs> = {
  dpagesize: { values: ['2M', '4K'], proposal: '2M', meaning: 'the dmemfs mount\'s dpagesize= (scaled 2 MiB = 2 frames)' },
  leafMark: {
    values: ['special', 'pte-special-pmd-plain', 'pte-special-ptes-only', 'vma-flag'],
    proposal: 'special',
    meaning: 'what marks a dmem leaf as having no struct page (pte/pmd_special or VMA flags)',
  },
  kvmRetry: { values: [true, false], proposal: true, meaning: 'KVM fault rechecks mmu_invalidate_seq before mapping a pfn' },
  vfioPin: { values: ['dmem-pin', 'none'], proposal: 'dmem-pin', meaning: 'what holds a frame VFIO maps by follow_pfn' },
  poison: {
    values: ['dmem-bitmap', 'none', 'page-flag'],
    proposal: 'dmem-bitmap',
    meaning: 'where memory_failure() records poison on a frame without struct page',
  },
};
