/**
 * The mixing behind the search's state fingerprints (see `codec.ts` for the token encoding).
 *
 * A state's fingerprint is the sum, lane by lane, of one pseudo-random term per token of its
 * canonical encoding: term = mix(path, token), where a token's path is derived from its
 * parent's path, the parent's token and the field index. A sum rather than a running hash, so
 * that a successor's fingerprint is its parent's plus the terms of the few tokens a step
 * changed: the engine never rehashes the unchanged part of a state. The path tells apart the
 * same token at two places, so distinct trees give distinct multisets of (path, token) and
 * their sums differ but for a 2^-64 chance per pair (two independent 32-bit lanes), as with
 * Zobrist hashing.
 */

/** The path lanes of a state's root. */
export const ROOT_PATH_A = 0x3c6ef372;
export const ROOT_PATH_B = 0x5be0cd19;

/** murmur3's 32-bit finaliser. */
export function fmixA(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A second finaliser with other constants (lowbias32), for the independent lane. */
export function fmixB(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return h ^ (h >>> 16);
}

// Each derivation is one multiply-and-combine and a finaliser: for a given path a term is a
// bijection of the token, and siblings' paths a bijection of their index, so nothing collides
// but by chance (2^-32 a lane), and each costs a third of a murmur3 block step and finaliser.

/** The term a token adds to the fingerprint at a path, lane A. */
export function termA(pathA: number, token: number): number {
  return fmixA(pathA ^ Math.imul(token, 0x9e3779b1));
}

export function termB(pathB: number, token: number): number {
  return fmixB(pathB ^ Math.imul(token, 0x85ebca77));
}

/** The path of field `index` of the container with `token` at `pathA`, lane A. */
export function childPathA(pathA: number, token: number, index: number): number {
  return fmixA((pathA + Math.imul(token, 0xcc9e2d51) + Math.imul(index + 1, 0x1b873593)) | 0);
}

export function childPathB(pathB: number, token: number, index: number): number {
  return fmixB((pathB + Math.imul(token, 0x27d4eb2f) + Math.imul(index + 1, 0x165667b1)) | 0);
}
