/**
 * Counters as kernel words: `_refcount`, `_mapcount` and `_pincount` are `atomic_t` (32 bits).
 * A model keeps the true count and asks whether a word of `bits` bits (scaled down from 32;
 * 0 means unbounded) could hold it, and what the kernel would read from it.
 */

/** The largest count a `bits`-bit word holds before it wraps to 0 (unsigned). */
export function wordMax(bits: number): number {
  return bits === 0 ? Number.POSITIVE_INFINITY : 2 ** bits - 1;
}

/** Whether the kernel reads the count as `<= 0` through the signed `atomic_read()`: sign bit set or zero. */
export function readsNonPositive(count: number, bits: number): boolean {
  return count <= 0 || (bits > 0 && count >= 2 ** (bits - 1));
}

/**
 * The guard of `try_grab_folio()` / `try_get_page()` (8fde12ca79af, CVE-2019-11487): refuse a
 * new reference while the refcount reads `<= 0`, so half the word is headroom and it never wraps.
 */
export function refGuardRefuses(refcount: number, bits: number): boolean {
  return bits > 0 && readsNonPositive(refcount, bits);
}
