import { MAX_MAPCOUNT, MAX_PINCOUNT, MAX_REFCOUNT } from './model.ts';

/**
 * The benchmark model as a hand-written mutable random loop: the practical ceiling of random
 * checking in JavaScript. It does the work the engine does per step and no more: evaluate every
 * guard, draw one action uniformly among the enabled ones, apply it in place, check the
 * invariant on every folio, look for the witness, and record the action so that a failing
 * trace can be printed. Same actions, guards and invariant as bench/model.ts.
 */
export interface HandLoopOptions {
  readonly folios: number;
  /** The fixed design: put drops only a reference no mapping or pin accounts for. */
  readonly putChecksHolders: boolean;
  readonly traces: number;
  readonly steps: number;
  /** Any 32-bit integer; 0 is mapped to a non-zero xorshift state. */
  readonly seed: number;
}

export interface HandLoopResult {
  readonly verdict: 'holds' | 'violated' | 'vacuous';
  readonly traces: number;
  readonly steps: number;
  /** The failing trace's length in steps (0 when none). */
  readonly length: number;
  /** The failing trace as `verb(folio)` strings, to compare with the other engines. */
  readonly counterexample: readonly string[];
  readonly elapsedMs: number;
}

// Verb numbers, in bench/model.ts's VERBS order.
const ALLOC = 0;
const MAP = 1;
const UNMAP = 2;
const GET = 3;
const PUT = 4;
const PIN = 5;
const UNPIN = 6;
const VERB_NAMES = ['alloc', 'map', 'unmap', 'get', 'put', 'pin', 'unpin'];

/** Run `traces` random traces of `steps` steps, stopping at the first violation. */
export function handLoop(options: HandLoopOptions): HandLoopResult {
  const { folios: n, putChecksHolders, traces, steps } = options;
  const started = performance.now();
  const allocated = new Uint8Array(n);
  const ref = new Int32Array(n);
  const map = new Int32Array(n);
  const pin = new Int32Array(n);
  const enabled = new Int32Array(7 * n); // folio * 7 + verb of each enabled action
  const trace = new Int32Array(steps);
  // xorshift32 needs a non-zero state
  let rng = options.seed | 0 || 0x2545f491;
  let totalSteps = 0;
  let witnessed = false;

  for (let t = 0; t < traces; t++) {
    allocated.fill(0);
    ref.fill(0);
    map.fill(0);
    pin.fill(0);
    for (let s = 0; s < steps; s++) {
      let count = 0;
      for (let f = 0; f < n; f++) {
        const a = allocated[f] === 1;
        const r = ref[f]!;
        const m = map[f]!;
        const p = pin[f]!;
        const base = f * 7;
        if (!a) enabled[count++] = base + ALLOC;
        if (a && m < MAX_MAPCOUNT && r < MAX_REFCOUNT) enabled[count++] = base + MAP;
        if (m > 0) enabled[count++] = base + UNMAP;
        if (a && r < MAX_REFCOUNT) enabled[count++] = base + GET;
        if (a && r > (putChecksHolders ? m + p : 0)) enabled[count++] = base + PUT;
        if (a && p < MAX_PINCOUNT && r < MAX_REFCOUNT) enabled[count++] = base + PIN;
        if (p > 0) enabled[count++] = base + UNPIN;
      }
      if (count === 0) break; // stuck: never happens in this model, as in the engine's rule
      rng ^= rng << 13;
      rng ^= rng >>> 17;
      rng ^= rng << 5;
      // the high bits scaled to [0, count): uniform without the bias of a modulo
      const choice = enabled[Math.floor(((rng >>> 0) * count) / 4294967296)]!;
      const f = (choice / 7) | 0;
      const verb = choice - f * 7;
      trace[s] = choice;
      totalSteps++;
      let drop = false;
      switch (verb) {
        case ALLOC:
          allocated[f] = 1;
          ref[f] = 1;
          break;
        case MAP:
          map[f]!++;
          ref[f]!++;
          break;
        case UNMAP:
          map[f]!--;
          drop = true;
          break;
        case GET:
          ref[f]!++;
          break;
        case PUT:
          drop = true;
          break;
        case PIN:
          pin[f]!++;
          ref[f]!++;
          break;
        case UNPIN:
          pin[f]!--;
          drop = true;
          break;
      }
      // the last reference frees the folio (folio_put)
      if (drop && --ref[f]! === 0) allocated[f] = 0;
      for (let g = 0; g < n; g++) {
        const holders = map[g]! + pin[g]!;
        const ok = allocated[g] === 1 ? ref[g]! >= holders : ref[g]! + holders === 0;
        if (!ok) {
          const counterexample = Array.from(trace.subarray(0, s + 1), (c) => `${VERB_NAMES[c % 7]}(folio ${(c / 7) | 0})`);
          return { verdict: 'violated', traces: t + 1, steps: totalSteps, length: s + 1, counterexample, elapsedMs: performance.now() - started };
        }
        if (map[g] === MAX_MAPCOUNT && pin[g]! > 0) witnessed = true;
      }
    }
  }
  return {
    verdict: witnessed ? 'holds' : 'vacuous',
    traces,
    steps: totalSteps,
    length: 0,
    counterexample: [],
    elapsedMs: performance.now() - started,
  };
}
