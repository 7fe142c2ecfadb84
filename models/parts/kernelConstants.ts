/**
 * The real constants that figures quoted to users are computed from. Models run at a scaled
 * geometry and say so; these never scale.
 */

/** Base page size on x86-64 and arm64 with 4 KiB pages. */
export const PAGE_SIZE = 4096;
/** `sizeof(struct page)` on x86-64/arm64. */
export const STRUCT_PAGE_SIZE = 64;
/** Struct pages per 4 KiB vmemmap page. */
export const STRUCT_PAGES_PER_VMEMMAP_PAGE = PAGE_SIZE / STRUCT_PAGE_SIZE;
/** The 8-byte tagged pointer of the memdesc plan. */
export const MEMDESC_SIZE = 8;
/** Memdesc type tag bits; hence 16-byte aligned descriptors. */
export const MEMDESC_TAG_BITS = 4;
export const MEMDESC_ALIGN = 1 << MEMDESC_TAG_BITS;
/** `GUP_PIN_COUNTING_BIAS` in include/linux/mm.h: a FOLL_PIN on a small folio adds this. */
export const GUP_PIN_COUNTING_BIAS = 1024;
/** PMD order with 4 KiB pages: 512 base pages per 2 MiB. */
export const PMD_ORDER = 9;
/** PUD order with 4 KiB pages: 262144 base pages per 1 GiB. */
export const PUD_ORDER = 18;
/** Struct pages HugeTLB keeps unique metadata in (`__NR_USED_SUBPAGE`). */
export const HUGETLB_USED_SUBPAGES = 4;
/** Struct pages device-DAX compound pagemaps keep unique metadata in. */
export const DEVDAX_USED_SUBPAGES = 3;
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;
