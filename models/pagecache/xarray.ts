import type { Draft, Immutable } from '../../src/index.ts';
import type { PagecacheKnobs } from './knobs.ts';
import { BATCH_BIT, FREE_NODE, NODE_SLOTS, nrPages, type Entry, type Folio, type PagecacheState } from './state.ts';

type S = Immutable<Pick<PagecacheState, 'root' | 'nodes'>>;
type D = Draft<PagecacheState>;

/** The leaf node's slot of the root (`xas_descend` from the root), and the offset in it. */
export const leafOf = (index: number) => Math.floor(index / NODE_SLOTS);
export const offsetOf = (index: number) => index % NODE_SLOTS;

/** The entry at `index` walking from the root now (NULL where no leaf node is attached). */
export function slotAt(s: S, index: number): Immutable<Entry> | null {
  const node = s.root[leafOf(index)] ?? -1;
  return node < 0 ? null : (s.nodes[node]!.slots[offsetOf(index)] ?? null);
}

/** The entry at `index` read in node `node` (a reader's `xas->xa_node`, attached or not). */
export const slotIn = (s: S, node: number, index: number): Immutable<Entry> | null => s.nodes[node]?.slots[offsetOf(index)] ?? null;

/** `xas_load` in one go: the slot's entry, a sibling resolved to its canonical slot's entry. */
export function resolve(s: S, index: number): Immutable<Entry> | null {
  const entry = slotAt(s, index);
  return entry?.kind === 'sibling' ? slotAt(s, entry.head) : entry;
}

/** The folio the page cache maps at `index` now. */
export const folioAt = (s: S, index: number): number | undefined => {
  const entry = resolve(s, index);
  return entry?.kind === 'folio' ? entry.obj : undefined;
};

/** The folio covers the index: `folio->index <= index < folio_next_index(folio)`. */
export const covers = (f: Immutable<Folio>, index: number) => f.live && f.index <= index && index < f.index + nrPages(f.order);

/** Readers inside an RCU read-side section now, as `XaNode.waiters` bits. */
export function readersInside(s: Immutable<PagecacheState>): number {
  let bits = 0;
  s.readers.forEach((r, i) => {
    if (r.pc !== 'idle' && r.pc !== 'holding') bits |= 1 << i;
  });
  if (s.batch.pc !== 'idle' && s.batch.pc !== 'done') bits |= BATCH_BIT;
  return bits;
}

/** `rcu_read_unlock()` of the reader with bit `bit`: grace periods stop waiting for it. */
export function rcuUnlock(d: D, bit: number): void {
  for (const n of d.nodes) if (n.waiters & bit) n.waiters &= ~bit;
}

/** `xas_store` into one slot: `xas_create` allocates the leaf node (lowest free) when none. */
function setSlot(d: D, index: number, entry: Entry | null): void {
  const leaf = leafOf(index);
  let node = d.root[leaf]!;
  if (node < 0) {
    if (entry === null) return;
    node = d.nodes.findIndex((n) => n.state === 'free');
    d.nodes[node] = { state: 'attached', base: leaf * NODE_SLOTS, slots: [null, null, null, null], waiters: 0 };
    d.root[leaf] = node;
  }
  d.nodes[node]!.slots[offsetOf(index)] = entry;
}

/**
 * `xas_delete_node` once a store left a leaf empty: the root slot is cleared and the node
 * handed to `call_rcu` (`xa_node_free`), or, in the known-bad design, freed at once.
 */
function deleteIfEmpty(d: D, leaf: number, knobs: PagecacheKnobs): void {
  const node = d.root[leaf]!;
  if (node < 0 || d.nodes[node]!.slots.some((e) => e !== null)) return;
  d.root[leaf] = -1;
  if (knobs.nodeFree === 'immediate') d.nodes[node] = { ...FREE_NODE, slots: [null, null, null, null] };
  else d.nodes[node] = { state: 'detached', base: d.nodes[node]!.base, slots: [null, null, null, null], waiters: readersInside(d) };
}

/** A free leaf node to allocate, or none (`xas_nomem` would sleep; the model's bound). */
export const nodeAvailable = (s: S, index: number) => (s.root[leafOf(index)] ?? -1) >= 0 || s.nodes.some((n) => n.state === 'free');

/**
 * `xas_set_order(xas, index, order); xas_store(xas, entry)`: the canonical slot gets the entry,
 * the rest of the aligned range sibling entries naming it; `null` clears the whole range.
 */
export function storeRange(d: D, index: number, order: number, entry: Entry | null, knobs: PagecacheKnobs): void {
  for (let i = index; i < index + nrPages(order); i++) {
    setSlot(d, i, entry === null ? null : i === index ? entry : { kind: 'sibling', head: index });
  }
  if (entry === null) deleteIfEmpty(d, leafOf(index), knobs);
}

/** Store one slot (`xas_split` filling a range, a split piece's canonical slot). */
export function storeSlot(d: D, index: number, entry: Entry): void {
  setSlot(d, index, entry);
}

/** The lowest free descriptor (the folio cache hands out objects in a fixed order). */
export const freeDescriptors = (folios: Immutable<Folio[]>): number[] => folios.flatMap((f, obj) => (f.live ? [] : [obj]));

/** Drop `n` references; the last frees the descriptor. Returns whether it freed. */
export function putRefs(d: D, obj: number, n: number): boolean {
  const f = d.folios[obj]!;
  f.count -= n;
  if (f.count !== 0) return false;
  d.folios[obj] = { live: false, index: 0, order: 0, count: 0 };
  return true;
}

/** Some reader (lookup or batch) still holds a node `xas_delete_node` detached. */
export const readerInDetachedNode = (s: Immutable<PagecacheState>) =>
  [...s.readers.map((r) => r.node), s.batch.node].some((n) => n >= 0 && s.nodes[n]!.state === 'detached');
