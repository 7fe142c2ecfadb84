import { MEMDESC_ALIGN, MEMDESC_TAG_BITS } from './kernelConstants.ts';

/**
 * The memdesc word of the memdesc plan: `struct page { unsigned long memdesc; }`, a descriptor
 * pointer with a 4-bit type tag in its low bits, which is why descriptors are 16-byte aligned.
 */
export const MEMDESC_TYPES = ['misc', 'buddy', 'file', 'anon', 'ksm', 'slab', 'movable', 'pagetable'] as const;
export type MemdescType = (typeof MEMDESC_TYPES)[number];

/** `page_set_memdesc()`: tag in the low bits, pointer in the rest (no masking: a bad pointer shows). */
export function encodeMemdesc(type: MemdescType, address: number): number {
  return address + MEMDESC_TYPES.indexOf(type);
}

/** The type a word's tag names, or undefined for a tag that is no memdesc type. */
export const memdescType = (word: number): MemdescType | undefined => MEMDESC_TYPES[word & (MEMDESC_ALIGN - 1)];

/** The pointer a word carries: the word without its tag. */
export const memdescAddress = (word: number): number => word - (word & (MEMDESC_ALIGN - 1));

/** Why a word whose `memdescType` is undefined cannot be decoded. */
export const badMemdescTag = (word: number): string => `tag ${word & (MEMDESC_ALIGN - 1)} is not a memdesc type`;

/** Decode a word: the tag and the pointer, or why it cannot be decoded. */
export function decodeMemdesc(word: number): { type: MemdescType; address: number } | { error: string } {
  const type = memdescType(word);
  if (type === undefined) return { error: badMemdescTag(word) };
  return { type, address: memdescAddress(word) };
}

/** Whether an address can carry a tag: aligned to 2^MEMDESC_TAG_BITS. */
export const memdescAligned = (address: number) => address % (1 << MEMDESC_TAG_BITS) === 0;
