import { MAX_MAPCOUNT, MAX_PINCOUNT, MAX_REFCOUNT } from './model.ts';

/**
 * The benchmark model as a hand-packed breadth-first search: the ceiling of exhaustive search
 * in JavaScript. A folio is 7 bits (allocated 1, refcount 3, mapcount 2, pincount 1), a state
 * of 4 folios one 28-bit integer; the visited set is an open-addressing Int32Array table and
 * the queue an Int32Array. Same actions, guards and invariant as bench/model.ts.
 */
const BITS = 7;
const FOLIO_MASK = (1 << BITS) - 1;
const ALLOCATED = 1;
const REF_SHIFT = 1;
const MAP_SHIFT = 4;
const PIN_SHIFT = 6;

const allocated = (f: number) => (f & ALLOCATED) !== 0;
const refcount = (f: number) => (f >>> REF_SHIFT) & 7;
const mapcount = (f: number) => (f >>> MAP_SHIFT) & 3;
const pincount = (f: number) => (f >>> PIN_SHIFT) & 1;
const pack = (alloc: boolean, ref: number, map: number, pin: number) =>
  (alloc ? ALLOCATED : 0) | (ref << REF_SHIFT) | (map << MAP_SHIFT) | (pin << PIN_SHIFT);

/** Drop one reference; the last one frees the folio. */
function dropRef(f: number, ref: number, map: number, pin: number): number {
  return ref === 0 ? pack(false, 0, map, pin) : pack(allocated(f), ref, map, pin);
}

/** The folio after verb `verb` (the index in VERBS), or -1 when the guard is false. */
function next(f: number, verb: number, putChecksHolders: boolean): number {
  const alloc = allocated(f);
  const ref = refcount(f);
  const map = mapcount(f);
  const pin = pincount(f);
  switch (verb) {
    case 0: // alloc
      return alloc ? -1 : pack(true, 1, 0, 0);
    case 1: // map
      return alloc && map < MAX_MAPCOUNT && ref < MAX_REFCOUNT ? pack(true, ref + 1, map + 1, pin) : -1;
    case 2: // unmap
      return map > 0 ? dropRef(f, ref - 1, map - 1, pin) : -1;
    case 3: // get
      return alloc && ref < MAX_REFCOUNT ? pack(true, ref + 1, map, pin) : -1;
    case 4: // put
      return alloc && ref > (putChecksHolders ? map + pin : 0) ? dropRef(f, ref - 1, map, pin) : -1;
    case 5: // pin
      return alloc && pin < MAX_PINCOUNT && ref < MAX_REFCOUNT ? pack(true, ref + 1, map, pin + 1) : -1;
    case 6: // unpin
      return pin > 0 ? dropRef(f, ref - 1, map, pin - 1) : -1;
    default:
      return -1;
  }
}

const holds = (f: number) =>
  allocated(f) ? refcount(f) >= mapcount(f) + pincount(f) : refcount(f) + mapcount(f) + pincount(f) === 0;

export interface PackedBfsResult {
  readonly distinctStates: number;
  readonly generated: number;
  readonly depth: number;
  readonly violated: boolean;
  /** The shortest counterexample's length (0 when none). */
  readonly length: number;
  readonly elapsedMs: number;
  readonly tableBytes: number;
}

/** Each folio value's successor under each verb (-1: disabled), and whether it holds. */
function transitionTable(putChecksHolders: boolean): { next: Int32Array; ok: Uint8Array } {
  const table = new Int32Array((FOLIO_MASK + 1) * 7);
  const ok = new Uint8Array(FOLIO_MASK + 1);
  for (let f = 0; f <= FOLIO_MASK; f++) {
    ok[f] = holds(f) ? 1 : 0;
    // a broken folio is never expanded (the search stops at it), and its counters could
    // underflow into the next folio's bits; so it gets no successors
    for (let verb = 0; verb < 7; verb++) table[f * 7 + verb] = ok[f] === 1 ? next(f, verb, putChecksHolders) : -1;
  }
  return { next: table, ok };
}

/** Fibonacci hashing: the top `bits` bits of the product, which mix every bit of the state. */
const slotOf = (state: number, bits: number) => Math.imul(state, 0x9e3779b1) >>> (32 - bits);

/** Breadth-first search over all states of `folios` folios, stopping at the first violation. */
export function packedBfs(folios: number, putChecksHolders: boolean): PackedBfsResult {
  if (folios < 1 || folios * BITS > 31) throw new Error(`packedBfs: ${folios} folios do not fit a 31-bit state`);
  const started = performance.now();
  const { next: successors, ok } = transitionTable(putChecksHolders);
  let bits = 16;
  let mask = (1 << bits) - 1;
  // -1 marks an empty slot: every packed state is a non-negative 28-bit integer
  let table = new Int32Array(mask + 1).fill(-1);
  let queue = new Int32Array(1 << 16);
  let count = 0;
  let generated = 0;
  let violatedAt = -1;
  let depth = 0;

  // the initial state, 0, is all folios free
  table[slotOf(0, bits)] = 0;
  queue[count++] = 0;
  let levelEnd = count;
  let head = 0;
  search: while (head < count) {
    if (head === levelEnd) {
      depth++;
      levelEnd = count;
    }
    const state = queue[head++]!;
    for (let folio = 0; folio < folios; folio++) {
      const shift = folio * BITS;
      const f = (state >>> shift) & FOLIO_MASK;
      const rest = state & ~(FOLIO_MASK << shift);
      for (let verb = 0; verb < 7; verb++) {
        const g = successors[f * 7 + verb]!;
        if (g < 0) continue;
        generated++;
        const after = rest | (g << shift);
        let slot = slotOf(after, bits);
        let at = table[slot]!;
        while (at !== -1 && at !== after) {
          slot = (slot + 1) & mask;
          at = table[slot]!;
        }
        if (at === after) continue;
        table[slot] = after;
        count++;
        // only folio `folio` changed, and every other one held before
        if (ok[g] === 0) {
          violatedAt = depth + 1;
          break search;
        }
        if (count > queue.length) {
          const bigger = new Int32Array(queue.length * 2);
          bigger.set(queue);
          queue = bigger;
        }
        queue[count - 1] = after;
        // keep the load at most 1/2, so that linear probing stays short
        if (count * 2 > mask) {
          const old = table;
          bits++;
          mask = (1 << bits) - 1;
          table = new Int32Array(mask + 1).fill(-1);
          for (const s of old) {
            if (s === -1) continue;
            let k = slotOf(s, bits);
            while (table[k] !== -1) k = (k + 1) & mask;
            table[k] = s;
          }
        }
      }
    }
  }
  return {
    distinctStates: count,
    generated,
    depth: violatedAt >= 0 ? violatedAt : depth,
    violated: violatedAt >= 0,
    length: Math.max(violatedAt, 0),
    elapsedMs: performance.now() - started,
    tableBytes: table.byteLength + queue.byteLength,
  };
}
