import { defineModel, violates, withProperties, type Property } from '../../src/index.ts';

/**
 * The refcount fixture (test/fixtures/refcountModel.ts) after the steps of
 * docs/writing-a-model.md: `tryGet` now holds its speculative reference until `dropSpeculative`,
 * the knob `speculativePut` says how that reference is dropped, and the property
 * `unreferenced-is-freed` catches the variant that drops it with a bare decrement.
 */
export interface ObjectSlot {
  readonly live: boolean;
  readonly refcount: number;
  /** Ghost state: how many holders own a reference. */
  readonly holders: number;
  /** A lockless reader's reference, taken by tryGet and not yet dropped (0 or 1). */
  readonly speculative: number;
}

export interface PoolState {
  readonly objects: readonly ObjectSlot[];
}

export type PoolAction =
  | { readonly kind: 'alloc'; readonly obj: number }
  | { readonly kind: 'get'; readonly obj: number }
  | { readonly kind: 'put'; readonly obj: number }
  | { readonly kind: 'tryGet'; readonly obj: number }
  | { readonly kind: 'dropSpeculative'; readonly obj: number };

export type PoolKnobs = {
  readonly freeAt: 0 | 1;
  readonly tryGet: 'unless-zero' | 'plain';
  readonly objects: 2 | 3;
  readonly putLeaks: boolean;
  readonly speculativePut: 'put' | 'decrement';
};

const slots = (n: number) => Array.from({ length: n }, (_, obj) => obj);

/** An order on slot contents, so that a sorted pool is the same whichever slots were used. */
function bySlotContents(a: ObjectSlot, b: ObjectSlot): number {
  return Number(a.live) - Number(b.live) || a.refcount - b.refcount || a.holders - b.holders || a.speculative - b.speculative;
}

const poolModel = defineModel<PoolState, PoolAction, PoolKnobs>({
  name: 'refcount',
  title: 'a refcounted object pool (engine self-test)',
  scale: '2 or 3 objects',
  knobs: {
    freeAt: { values: [0, 1], proposal: 0, meaning: 'put frees the object when the count reaches this' },
    tryGet: { values: ['unless-zero', 'plain'], proposal: 'unless-zero', meaning: 'speculative get' },
    objects: { values: [2, 3], proposal: 3, meaning: 'objects in the pool' },
    putLeaks: { values: [false, true], proposal: false, meaning: 'put forgets to decrement' },
    speculativePut: {
      values: ['put', 'decrement'],
      proposal: 'put',
      meaning: 'how a lookup drops its speculative reference: a put that frees at zero, or a bare decrement',
    },
  },
  variants: [
    { name: 'proposal', meaning: 'dec-and-test put, get unless zero', knobs: {}, expect: { kind: 'holds' } },
    {
      name: 'free-at-one',
      meaning: 'put frees one reference early',
      knobs: { freeAt: 1 },
      expect: violates('refcount-accounts-holders', 3),
    },
    {
      name: 'plain-get',
      meaning: 'speculative get increments a free object',
      knobs: { tryGet: 'plain' },
      expect: violates('no-resurrection', 1),
    },
    {
      name: 'leaky-put',
      meaning: 'put drops the holder but not the reference',
      knobs: { putLeaks: true },
      expect: violates('put-decrements', 2),
    },
    {
      name: 'drop-by-decrement',
      meaning: 'the lookup drops its reference with atomic_dec(), not folio_put(): the last reference never frees',
      knobs: { speculativePut: 'decrement' },
      expect: violates('unreferenced-is-freed', 4),
    },
  ],
  scenarios: [
    {
      name: 'balanced',
      meaning: 'alloc, get, put, put frees the object',
      steps: [
        { kind: 'alloc', obj: 1 },
        { kind: 'get', obj: 1 },
        { kind: 'put', obj: 1 },
        { kind: 'put', obj: 1 },
      ],
      expect: { kind: 'final', meaning: 'object 1 is free', check: (s) => (s.objects[1]!.live ? 'object 1 is live' : undefined) },
    },
    {
      name: 'early-free',
      meaning: 'the second put of a shared object frees it under free-at-one',
      variant: 'free-at-one',
      steps: [
        { kind: 'alloc', obj: 0 },
        { kind: 'get', obj: 0 },
        { kind: 'put', obj: 0 },
      ],
      expect: { kind: 'violates', property: 'refcount-accounts-holders', atStep: 3 },
    },
  ],
  budget: { runs: 200, maxSteps: 20 },
  init: (knobs) => ({ objects: slots(knobs.objects).map(() => ({ live: false, refcount: 0, holders: 0, speculative: 0 })) }),
  actions: (knobs) =>
    (['alloc', 'get', 'put', 'tryGet', 'dropSpeculative'] as const).flatMap((kind) => slots(knobs.objects).map((obj) => ({ kind, obj }))),
  guards: {
    alloc: (s, { obj }) => !s.objects[obj]!.live,
    get: (s, { obj }) => s.objects[obj]!.holders > 0,
    put: (s, { obj }) => s.objects[obj]!.holders > 0,
    // one lockless reader per object, so the reference count stays bounded
    tryGet: (s, { obj }) => s.objects[obj]!.speculative === 0,
    dropSpeculative: (s, { obj }) => s.objects[obj]!.speculative > 0,
  },
  transitions: {
    alloc: (d, { obj }) => {
      d.objects[obj] = { live: true, refcount: 1, holders: 1, speculative: 0 };
    },
    get: (d, { obj }) => {
      d.objects[obj]!.refcount++;
      d.objects[obj]!.holders++;
    },
    put: (d, { obj }, knobs) => {
      const o = d.objects[obj]!;
      o.holders--;
      if (!knobs.putLeaks) o.refcount--;
      if (o.refcount === knobs.freeAt) o.live = false;
    },
    // folio_try_get(): the reference is held until the lookup's re-check (dropSpeculative)
    tryGet: (d, { obj }, knobs) => {
      const o = d.objects[obj]!;
      if (knobs.tryGet === 'plain' || o.refcount > 0) {
        o.refcount++;
        o.speculative++;
      }
    },
    // folio_put() after xas_reload() found another folio: it may be the last reference
    dropSpeculative: (d, { obj }, knobs) => {
      const o = d.objects[obj]!;
      o.speculative--;
      o.refcount--;
      if (knobs.speculativePut === 'put' && o.refcount === 0) o.live = false;
    },
  },
  describe: (a) => `${a.kind}(o${a.obj})`,
  // Objects are interchangeable: every property judges each one alike, whatever its slot.
  symmetry: (s) => ({ objects: [...s.objects].sort(bySlotContents) }),
});

/** The pool's invariants, checked in this order. */
export const refcountProperties: readonly Property<PoolState, PoolAction, PoolKnobs>[] = [
  {
    kind: 'always',
    name: 'refcount-accounts-holders',
    meaning: 'an object with holders is live with one reference per holder',
    check: (s) => {
      for (const [obj, o] of s.objects.entries()) {
        if (o.holders > 0 && (!o.live || o.refcount !== o.holders + o.speculative)) {
          const life = o.live ? 'live' : 'freed';
          return `object ${obj}: ${life}, refcount ${o.refcount} but ${o.holders} holder(s)`;
        }
      }
      return undefined;
    },
  },
  {
    kind: 'always',
    name: 'no-resurrection',
    meaning: 'a free object has refcount 0',
    check: (s) => {
      const bad = s.objects.findIndex((o) => !o.live && o.refcount !== 0);
      return bad < 0 ? undefined : `object ${bad}: free with refcount ${s.objects[bad]?.refcount}`;
    },
  },
  {
    kind: 'step',
    name: 'put-decrements',
    meaning: 'put lowers the refcount by one or frees',
    check: (before, action, after) => {
      if (action.kind !== 'put') return undefined;
      const b = before.objects[action.obj]!;
      const a = after.objects[action.obj]!;
      return a.refcount === b.refcount - 1 || !a.live ? undefined : `object ${action.obj}: ${b.refcount} -> ${a.refcount}`;
    },
  },
  {
    kind: 'always',
    name: 'unreferenced-is-freed',
    meaning: 'a live object holds a reference: the put that drops the last one frees it',
    check: (s) => {
      const bad = s.objects.findIndex((o) => o.live && o.refcount === 0);
      return bad < 0 ? undefined : `object ${bad}: live with refcount 0, nobody can free it`;
    },
  },
  {
    kind: 'sometimes',
    name: 'speculative-outlives-holders',
    meaning: "a lookup's speculative reference is the last one",
    reached: (s) => s.objects.some((o) => o.live && o.holders === 0 && o.speculative > 0),
  },
  { kind: 'sometimes', name: 'shared', meaning: 'an object has two holders', reached: (s) => s.objects.some((o) => o.holders >= 2) },
];

export const refcountModel = withProperties(poolModel, refcountProperties);
