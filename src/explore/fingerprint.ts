import { Codec, Tokens } from './codec.ts';
import { Dictionary } from './dictionary.ts';
import { ROOT_PATH_A, ROOT_PATH_B } from './mix.ts';

/**
 * A state's 64-bit fingerprint, as the search computes it: the canonical token encoding
 * (`codec.ts`; key order, Map and Set order, `undefined` fields and -0 do not matter) summed
 * into two 32-bit lanes (`mix.ts`). The search keeps one dictionary per run and works its
 * fingerprints out incrementally (`workspace.ts`); this one, for tests and tools, shares a
 * dictionary across calls so that its fingerprints compare with each other.
 */
const codec = new Codec(new Dictionary());
const tokens = new Tokens();

/** The fingerprint of a state as 16 hex digits, for tests and debugging. */
export function fingerprint(state: unknown): string {
  tokens.length = 0;
  codec.encode(state, tokens);
  codec.hash(tokens.data, 0, ROOT_PATH_A, ROOT_PATH_B);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(codec.hashB) + hex(codec.hashA);
}

/**
 * The odds that two of `states` distinct states share a fingerprint, assuming a uniform
 * 64-bit hash (the birthday bound n(n-1)/2^65; TLC reports the same "optimistic" figure).
 */
export function collisionOdds(states: number): number {
  return (states * (states - 1)) / 2 ** 65;
}
