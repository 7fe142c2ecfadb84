import { defineModel, violates, withProperties, type Property } from '../src/index.ts';

/**
 * The benchmark model, as this engine sees it: folios with refcount, mapcount and pincount,
 * and the actions alloc, map, unmap, get, put, pin, unpin. The same model is written three
 * more ways beside it (bench/folios.qnt, bench/handLoop.ts, bench/packedBfs.ts); keep the four
 * in step. Every counter is bounded by a guard, so the state space is finite: per folio 1 free
 * state and 20 allocated ones, 21^n states for n folios.
 */
export const MAX_REFCOUNT = 4;
export const MAX_MAPCOUNT = 2;
export const MAX_PINCOUNT = 1;

export interface BenchFolio {
  readonly allocated: boolean;
  readonly refcount: number;
  readonly mapcount: number;
  readonly pincount: number;
}

export interface BenchState {
  readonly folios: readonly BenchFolio[];
}

export type BenchVerb = 'alloc' | 'map' | 'unmap' | 'get' | 'put' | 'pin' | 'unpin';
export const VERBS: readonly BenchVerb[] = ['alloc', 'map', 'unmap', 'get', 'put', 'pin', 'unpin'];

export type BenchAction = { readonly [verb in BenchVerb]: { readonly kind: verb; readonly folio: number } }[BenchVerb];

export type BenchKnobs = {
  readonly folios: 2 | 3 | 4;
  /** put drops only a reference that no mapping or pin accounts for (the fixed design). */
  readonly putChecksHolders: boolean;
};

const FREE: BenchFolio = { allocated: false, refcount: 0, mapcount: 0, pincount: 0 };

/** Drop one reference; the last one frees the folio (folio_put). */
function dropRef(f: { allocated: boolean; refcount: number }): void {
  f.refcount--;
  if (f.refcount === 0) f.allocated = false;
}

const benchFolios = defineModel<BenchState, BenchAction, BenchKnobs>({
  name: 'bench-folios',
  title: 'the benchmark model: folios with refcount, mapcount and pincount',
  scale: `2-4 folios; refcount <= ${MAX_REFCOUNT}, mapcount <= ${MAX_MAPCOUNT}, pincount <= ${MAX_PINCOUNT}`,
  knobs: {
    folios: { values: [2, 3, 4], proposal: 4, meaning: 'folios in the pool' },
    putChecksHolders: {
      values: [true, false],
      proposal: true,
      meaning: 'put drops only a reference no mapping or pin accounts for',
    },
  },
  variants: [
    { name: 'proposal', meaning: 'put drops only a plain reference', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'put-frees-mapped',
      meaning: 'put drops any reference, so it may free a mapped or pinned folio',
      knobs: { putChecksHolders: false },
      expect: violates('refcount-covers-holders', 4),
    },
  ],
  budget: { runs: 1000, maxSteps: 20 },
  init: (knobs) => ({ folios: Array.from({ length: knobs.folios }, () => FREE) }),
  actions: (knobs) =>
    VERBS.flatMap((kind) => Array.from({ length: knobs.folios }, (_, folio) => ({ kind, folio }))),
  guards: {
    alloc: (s, a) => !s.folios[a.folio]!.allocated,
    map: (s, a) => {
      const f = s.folios[a.folio]!;
      return f.allocated && f.mapcount < MAX_MAPCOUNT && f.refcount < MAX_REFCOUNT;
    },
    pin: (s, a) => {
      const f = s.folios[a.folio]!;
      return f.allocated && f.pincount < MAX_PINCOUNT && f.refcount < MAX_REFCOUNT;
    },
    get: (s, a) => s.folios[a.folio]!.allocated && s.folios[a.folio]!.refcount < MAX_REFCOUNT,
    unmap: (s, a) => s.folios[a.folio]!.mapcount > 0,
    unpin: (s, a) => s.folios[a.folio]!.pincount > 0,
    put: (s, a, knobs) => {
      const f = s.folios[a.folio]!;
      return f.allocated && f.refcount > (knobs.putChecksHolders ? f.mapcount + f.pincount : 0);
    },
  },
  transitions: {
    alloc: (d, a) => {
      const f = d.folios[a.folio]!;
      f.allocated = true;
      f.refcount = 1;
    },
    map: (d, a) => {
      const f = d.folios[a.folio]!;
      f.mapcount++;
      f.refcount++;
    },
    pin: (d, a) => {
      const f = d.folios[a.folio]!;
      f.pincount++;
      f.refcount++;
    },
    get: (d, a) => {
      d.folios[a.folio]!.refcount++;
    },
    unmap: (d, a) => {
      const f = d.folios[a.folio]!;
      f.mapcount--;
      dropRef(f);
    },
    unpin: (d, a) => {
      const f = d.folios[a.folio]!;
      f.pincount--;
      dropRef(f);
    },
    put: (d, a) => dropRef(d.folios[a.folio]!),
  },
  describe: (a) => `${a.kind}(folio ${a.folio})`,
  // 7 bits a folio, as bench/packedBfs.ts packs it: explore keeps states as integers
  pack: {
    encode: (s) => {
      let code = 0;
      for (let i = 0; i < s.folios.length; i++) code |= packFolio(s.folios[i]!) << (7 * i);
      return code;
    },
    decode: (code, knobs) => {
      const folios: BenchFolio[] = [];
      for (let i = 0; i < knobs.folios; i++) folios.push(unpackFolio((code >>> (7 * i)) & 127));
      return { folios };
    },
    // the recipes only change a folio's counters in place: its objects can be written again
    decodeInto: (code, knobs, into) => {
      for (let i = 0; i < knobs.folios; i++) unpackInto(into.folios[i]!, (code >>> (7 * i)) & 127);
      return into;
    },
  },
});

function unpackFolio(f: number): BenchFolio {
  return unpackInto({ allocated: false, refcount: 0, mapcount: 0, pincount: 0 }, f);
}

/** Write the 7 bits `f` into folio `into`'s fields. */
function unpackInto(into: { allocated: boolean; refcount: number; mapcount: number; pincount: number }, f: number): BenchFolio {
  into.allocated = (f & 1) === 1;
  into.refcount = (f >> 1) & 7;
  into.mapcount = (f >> 4) & 3;
  into.pincount = f >> 6;
  return into;
}

/** One folio in 7 bits: allocated, refcount (3 bits), mapcount (2), pincount (1). */
function packFolio(f: BenchFolio): number {
  if (!(f.refcount >= 0 && f.refcount <= 7 && f.mapcount >= 0 && f.mapcount <= 3 && (f.pincount === 0 || f.pincount === 1))) {
    throw new Error(`bench model: folio counters out of the packed range: ${JSON.stringify(f)}`);
  }
  return (f.allocated ? 1 : 0) | (f.refcount << 1) | (f.mapcount << 4) | (f.pincount << 6);
}

/** The benchmark model's invariant and witness. */
const benchProperties: readonly Property<BenchState, BenchAction, BenchKnobs>[] = [
  {
    kind: 'always',
    name: 'refcount-covers-holders',
    meaning: 'allocated: refcount >= mapcount + pincount; free: all zero',
    // a plain indexed loop, as the registered models' hot paths are written (no iterator)
    check: (s) => {
      for (let i = 0; i < s.folios.length; i++) {
        const f = s.folios[i]!;
        if (f.allocated ? f.refcount < f.mapcount + f.pincount : f.refcount + f.mapcount + f.pincount !== 0) {
          const life = f.allocated ? 'allocated' : 'free';
          return `folio ${i}: ${life}, refcount ${f.refcount}, mapcount ${f.mapcount}, pincount ${f.pincount}`;
        }
      }
      return undefined;
    },
  },
  {
    kind: 'sometimes',
    name: 'mapped-and-pinned',
    meaning: 'a folio is mapped twice and pinned',
    reached: (s) => s.folios.some((f) => f.mapcount === MAX_MAPCOUNT && f.pincount > 0),
  },
];

export const benchModel = withProperties(benchFolios, benchProperties);
