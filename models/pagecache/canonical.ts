import type { Immutable } from '../../src/index.ts';
import type { PagecacheKnobs } from './knobs.ts';
import { NOTHING_SEEN, type Entry, type PagecacheState } from './state.ts';

/** A shadow's payload only matters to a reader that takes it for a folio pointer. */
const plainShadow = (e: Immutable<Entry> | null) => (e?.kind === 'value' ? { kind: 'value' as const, shadow: 0 } : e);

/**
 * The representative the exhaustive search hashes: the ghost history in `seen` dropped. No
 * guard, transition or invariant reads it (only witnesses do), so two states that differ only
 * there have the same futures; without this every order of first events would be a new state.
 * Also, with `xa_is_value()` checked, shadow payloads (nothing reads them), and a non-uniform
 * split's target page within its order-0 pair (both pages give the same pieces).
 */
export function canonicalPagecache(s: Immutable<PagecacheState>, knobs: PagecacheKnobs): Immutable<PagecacheState> {
  const w = s.writer;
  const writer = (w.kind === 'split-frozen' || w.kind === 'split-storing') && w.at > 0 ? { ...w, at: w.at - (w.at % 2) } : w;
  const nodes = knobs.valueCheck ? s.nodes.map((n) => ({ ...n, slots: n.slots.map(plainShadow) })) : s.nodes;
  return { ...s, nodes, writer, seen: NOTHING_SEEN };
}
