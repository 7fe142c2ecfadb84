import type { Draft, Immutable } from '../../src/index.ts';
import { nrPages, type Entry, type Folio, type PagecacheState } from './state.ts';

type Slots = Immutable<PagecacheState>['slots'];

/** `xas_load` in one go: the slot's entry, a sibling resolved to its canonical slot's entry. */
export function resolve(slots: Slots, index: number): Immutable<Entry> | null {
  const entry = slots[index] ?? null;
  return entry?.kind === 'sibling' ? (slots[entry.head] ?? null) : entry;
}

/** `xas_reload` as fixed: re-read the slot of `xa_index` and resolve its sibling. */
export const folioAt = (slots: Slots, index: number): number | undefined => {
  const entry = resolve(slots, index);
  return entry?.kind === 'folio' ? entry.obj : undefined;
};

/** The folio covers the index: `folio->index <= index < folio_next_index(folio)`. */
export const covers = (f: Immutable<Folio>, index: number) => f.live && f.index <= index && index < f.index + nrPages(f.order);

/**
 * `xas_set_order(xas, index, order); xas_store(xas, entry)`: the canonical slot gets the entry,
 * the rest of the aligned range sibling entries naming it; `null` clears the whole range.
 */
export function storeRange(d: Draft<PagecacheState>, index: number, order: number, entry: Entry | null): void {
  for (let i = index; i < index + nrPages(order); i++) {
    d.slots[i] = entry === null ? null : i === index ? entry : { kind: 'sibling', head: index };
  }
}

/** The lowest free descriptor (the folio cache hands out objects in a fixed order). */
export const freeDescriptors = (folios: Immutable<Folio[]>): number[] => folios.flatMap((f, obj) => (f.live ? [] : [obj]));

/** Drop `n` references; the last frees the descriptor. Returns whether it freed. */
export function putRefs(d: Draft<PagecacheState>, obj: number, n: number): boolean {
  const f = d.folios[obj]!;
  f.count -= n;
  if (f.count !== 0) return false;
  d.folios[obj] = { live: false, index: 0, order: 0, count: 0 };
  return true;
}
