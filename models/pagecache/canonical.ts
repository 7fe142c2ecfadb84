import type { Immutable } from '../../src/index.ts';
import { NOTHING_SEEN, type PagecacheState } from './state.ts';

/**
 * The representative the exhaustive search hashes: the ghost history in `seen` dropped. No
 * guard, transition or invariant reads it (only witnesses do), so two states that differ only
 * there have the same futures; without this every order of first events would be a new state.
 */
export function canonicalPagecache(s: Immutable<PagecacheState>): Immutable<PagecacheState> {
  return { ...s, seen: NOTHING_SEEN };
}
