/**
 * The mixing behind the search's state fingerprints (see `codec.ts` for the token encoding).
 *
 * A state's fingerprint is the sum, lane by lane, of one pseudo-random term per token of its
 * canonical encoding: term = mix(path, token), where a token's path is derived from its
 * parent's path and the field it is in (a key, or an array index). A sum rather than a running hash, so
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
// bijection of the token, and children's paths a bijection of their field, so nothing
// collides but by chance (2^-32 a lane), at a third of the cost of murmur3's block steps.

/** The term a token adds to the fingerprint at a path, lane A. */
export function termA(pathA: number, token: number): number {
  return fmixA(pathA ^ Math.imul(token, 0x9e3779b1));
}

export function termB(pathB: number, token: number): number {
  return fmixB(pathB ^ Math.imul(token, 0x85ebca77));
}

/**
 * The path of a container's field, lane A. `field` names the key (`Dictionary.field`), not
 * its position or the container's shape: a key added to an object leaves its other fields'
 * paths, and so their terms, as they were.
 */
export function childPathA(pathA: number, field: number): number {
  return fmixA(((pathA ^ 0x6a09e667) + Math.imul(field + 1, 0x1b873593)) | 0);
}

export function childPathB(pathB: number, field: number): number {
  return fmixB(((pathB ^ 0x243f6a88) + Math.imul(field + 1, 0x165667b1)) | 0);
}
