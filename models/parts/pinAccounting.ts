import { GUP_PIN_COUNTING_BIAS } from './kernelConstants.ts';

/**
 * FOLL_PIN accounting as mm/gup.c does it: a small folio takes GUP_PIN_COUNTING_BIAS on its
 * refcount per pin; a large folio (`folio_has_pincount()`, 64-bit) takes one reference and one
 * `_pincount` per pin.
 */
export interface PinCounters {
  readonly refcount: number;
  readonly pincount: number;
  readonly large: boolean;
}

/** What one FOLL_PIN adds to `_refcount` (`try_grab_folio()`); `bias: false` is the known-bad design. */
export function pinRefcountDelta(large: boolean, bias = true): number {
  return large || !bias ? 1 : GUP_PIN_COUNTING_BIAS;
}

/** `folio_maybe_dma_pinned()`: exact for large folios, "refcount >= 1024" for small ones. */
export function folioMaybeDmaPinned(folio: PinCounters): boolean {
  return folio.large ? folio.pincount > 0 : folio.refcount >= GUP_PIN_COUNTING_BIAS;
}

/** What the pins of a folio contribute to its refcount under the kernel's accounting. */
export function pinRefcountShare(large: boolean, pins: number): number {
  return pins * pinRefcountDelta(large);
}
