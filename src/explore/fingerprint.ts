/**
 * A 64-bit canonical structural fingerprint of a state, as two 32-bit lanes computed in one
 * walk. Canonical: structurally equal states get equal fingerprints whatever the order their
 * object keys, Map entries or Set members were inserted in (those are combined by a
 * commutative sum of mixed per-entry hashes); arrays are ordered. A field holding `undefined`
 * counts as absent, and -0 as 0, as in JSON.
 *
 * The lanes are murmur3-style mixes with different seeds and multipliers, so they are
 * independent; the visited set compares both. Odds of a collision: see `collisionOdds`.
 */

/** The fingerprint of the last `hashValue` call, lane by lane (kept out of the heap). */
let laneA = 0;
let laneB = 0;

const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

/** murmur3's 32-bit finaliser. */
function fmixA(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A second finaliser with other constants (from lowbias32), for the independent lane. */
function fmixB(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return h ^ (h >>> 16);
}

/** Fold one word into an ordered running hash (murmur3's block step). */
function stepA(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function stepB(h: number, k: number): number {
  k = Math.imul(k, 0x9e3779b1);
  k = (k << 13) | (k >>> 19);
  h ^= Math.imul(k, 0x85ebca77);
  h = (h << 17) | (h >>> 15);
  return (Math.imul(h, 9) + 0x165667b1) | 0;
}

// Type tags keep 1, '1', true, [1] and {0: 1} apart.
const TAG_UNDEFINED_A = 0x2f6b1c07;
const TAG_UNDEFINED_B = 0x51d3a8e5;
const TAG_NULL_A = 0x0e1a4f93;
const TAG_NULL_B = 0x7c3b2d61;
const TAG_TRUE_A = 0x4a9d1e2b;
const TAG_TRUE_B = 0x1b5e7f39;
const TAG_FALSE_A = 0x63c82a17;
const TAG_FALSE_B = 0x2d4e9b05;
const SEED_INT = 0x3c6ef372;
const SEED_FLOAT = 0x5be0cd19;
const SEED_STRING = 0x1f83d9ab;
const SEED_ARRAY = 0x6a09e667;
const SEED_OBJECT = 0x3f84d5b5;
const SEED_MAP = 0x243f6a88;
const SEED_SET = 0x13198a2e;
const SEED_ATOM = 0x7137449;

/** String hashes, both lanes, computed once per distinct string (keys and tags repeat). */
const strings = new Map<string, { readonly a: number; readonly b: number }>();

function hashString(s: string): void {
  const cached = strings.get(s);
  if (cached !== undefined) {
    laneA = cached.a;
    laneB = cached.b;
    return;
  }
  let a = SEED_STRING ^ s.length;
  let b = ~SEED_STRING ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = stepA(a, c);
    b = stepB(b, c);
  }
  laneA = fmixA(a);
  laneB = fmixB(b);
  if (strings.size < 1 << 16) strings.set(s, { a: laneA, b: laneB });
}

function hashNumber(n: number): void {
  if ((n | 0) === n) {
    // a bijection is enough for a leaf: every container mixes what it folds in
    laneA = n ^ SEED_INT;
    laneB = n ^ ~SEED_INT;
    return;
  }
  float[0] = n === 0 ? 0 : Number.isNaN(n) ? Number.NaN : n;
  laneA = fmixA(stepA(stepA(SEED_FLOAT, floatWords[0]!), floatWords[1]!));
  laneB = fmixB(stepB(stepB(SEED_FLOAT, floatWords[0]!), floatWords[1]!));
}

/** One unordered entry's hash from its key's and value's lanes. */
function entryA(keyA: number, valueA: number): number {
  return fmixA(stepA(keyA, valueA));
}
function entryB(keyB: number, valueB: number): number {
  return fmixB(stepB(keyB, valueB));
}

function hashObject(value: object): void {
  if (Array.isArray(value)) {
    let a = SEED_ARRAY ^ value.length;
    let b = ~SEED_ARRAY ^ value.length;
    for (let i = 0; i < value.length; i++) {
      hashValue(value[i]);
      a = stepA(a, laneA);
      b = stepB(b, laneB);
    }
    laneA = fmixA(a);
    laneB = fmixB(b);
    return;
  }
  if ((value as object).constructor === Object || Object.getPrototypeOf(value) === null) {
    let a = 0;
    let b = 0;
    let fields = 0;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const field = record[key];
      let valueA: number;
      let valueB: number;
      // the common leaves inline, as hashValue would hash them
      if (typeof field === 'number' && (field | 0) === field) {
        valueA = field ^ SEED_INT;
        valueB = field ^ ~SEED_INT;
      } else if (typeof field === 'boolean') {
        valueA = field ? TAG_TRUE_A : TAG_FALSE_A;
        valueB = field ? TAG_TRUE_B : TAG_FALSE_B;
      } else if (field === undefined) {
        continue;
      } else {
        hashValue(field);
        valueA = laneA;
        valueB = laneB;
      }
      let keyLanes = strings.get(key);
      if (keyLanes === undefined) {
        hashString(key);
        keyLanes = { a: laneA, b: laneB };
      }
      a = (a + entryA(keyLanes.a, valueA)) | 0;
      b = (b + entryB(keyLanes.b, valueB)) | 0;
      fields++;
    }
    laneA = fmixA(stepA(a, SEED_OBJECT ^ fields));
    laneB = fmixB(stepB(b, ~SEED_OBJECT ^ fields));
    return;
  }
  if (value instanceof Map) {
    let a = 0;
    let b = 0;
    for (const [key, entry] of value) {
      hashValue(entry);
      const valueA = laneA;
      const valueB = laneB;
      hashValue(key);
      a = (a + entryA(laneA, valueA)) | 0;
      b = (b + entryB(laneB, valueB)) | 0;
    }
    laneA = fmixA(stepA(a, SEED_MAP ^ value.size));
    laneB = fmixB(stepB(b, ~SEED_MAP ^ value.size));
    return;
  }
  if (value instanceof Set) {
    let a = 0;
    let b = 0;
    for (const member of value) {
      hashValue(member);
      a = (a + fmixA(laneA ^ SEED_SET)) | 0;
      b = (b + fmixB(laneB ^ SEED_SET)) | 0;
    }
    laneA = fmixA(stepA(a, SEED_SET ^ value.size));
    laneB = fmixB(stepB(b, ~SEED_SET ^ value.size));
    return;
  }
  // Anything else (a Date, a class instance) is not model state; hash what it prints as.
  hashString(String(value));
  laneA = fmixA(laneA ^ SEED_ATOM);
  laneB = fmixB(laneB ^ SEED_ATOM);
}

function hashValue(value: unknown): void {
  switch (typeof value) {
    case 'number':
      return hashNumber(value);
    case 'string':
      return hashString(value);
    case 'boolean':
      laneA = value ? TAG_TRUE_A : TAG_FALSE_A;
      laneB = value ? TAG_TRUE_B : TAG_FALSE_B;
      return;
    case 'undefined':
      laneA = TAG_UNDEFINED_A;
      laneB = TAG_UNDEFINED_B;
      return;
    case 'bigint':
      hashString(value.toString());
      laneA = fmixA(laneA ^ SEED_INT);
      laneB = fmixB(laneB ^ SEED_INT);
      return;
    case 'object':
      if (value === null) {
        laneA = TAG_NULL_A;
        laneB = TAG_NULL_B;
        return;
      }
      return hashObject(value);
    default:
      // functions and symbols are not state
      return hashString(String(value));
  }
}

/** A 64-bit fingerprint as its two 32-bit lanes; equal states give equal fingerprints. */
export interface Fingerprint {
  readonly a: number;
  readonly b: number;
}

/**
 * Fingerprint a state into `out` (reused by the hot loop so that nothing is allocated).
 * @example fingerprintInto({ folios: [] }, scratch); visited.add(scratch.a, scratch.b)
 */
export function fingerprintInto(state: unknown, out: { a: number; b: number }): void {
  hashValue(state);
  out.a = laneA;
  out.b = laneB;
}

/** The fingerprint of a state as 16 hex digits, for tests and debugging. */
export function fingerprint(state: unknown): string {
  hashValue(state);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(laneB) + hex(laneA);
}

/**
 * The odds that two of `states` distinct states share a fingerprint, assuming a uniform
 * 64-bit hash (the birthday bound n(n-1)/2^65; TLC reports the same "optimistic" figure).
 */
export function collisionOdds(states: number): number {
  return (states * (states - 1)) / 2 ** 65;
}
