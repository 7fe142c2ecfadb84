import type { Property, SometimesProperty, StepProperty } from '../../src/index.ts';
import { stepOps, type AnonAction } from '../../models/typesafe-anon-vma/actions.ts';
import type { AnonKnobs } from '../../models/typesafe-anon-vma/knobs.ts';
import type { AnonState } from '../../models/typesafe-anon-vma/state.ts';

type Step = StepProperty<AnonState, AnonAction, AnonKnobs>;

/**
 * Each access of the step against the objects as its earlier ops left them: a lockless
 * `atomic_inc_not_zero` needs memory that is still an anon_vma (typesafe: a free one will
 * do); anything else needs a live object.
 */
export const ownerAliveWhenTouched: Step = {
  kind: 'step',
  name: 'owner-alive-when-touched',
  meaning: 'no step reads or writes a freed anon_vma (a folio\'s owner, or a child\'s root); a lockless atomic_inc_not_zero only needs anon_vma memory',
  rule: 'a typesafe object proves only its type: dereference it only under a check that it is still in use, and pin the root before the child can outlive it',
  check: (before, action, _after, knobs) => {
    const freed = new Set<number>();
    for (const o of stepOps(before, action, knobs)) {
      const state = freed.has(o.slot) ? 'free' : before.anonVmas[o.slot]!.state;
      if (o.op === 'free') freed.add(o.slot);
      else if (o.op === 'peek' && state === 'discarded') return `atomic_inc_not_zero on anon_vma ${o.slot}, whose slab page was freed: no anon_vma there`;
      else if (o.op !== 'peek' && state !== 'live') return `${action.kind}: ${o.op === 'touch' ? o.why : o.op} on anon_vma ${o.slot}, which is ${state}`;
    }
    return undefined;
  },
};

export const ownerIdentityWhenUsed: Step = {
  kind: 'step',
  name: 'owner-identity-when-used',
  meaning: 'a step that uses an anon_vma as a given mm\'s (the folio\'s, or the one it pinned) finds that one, not another allocated in its memory',
  rule: 'identity is re-checked after the reference: folio_mapped(folio) after atomic_inc_not_zero',
  check: (before, action, _after, knobs) => {
    for (const o of stepOps(before, action, knobs)) {
      if ((o.op === 'touch' || o.op === 'dec') && o.as !== undefined && before.anonVmas[o.slot]!.mm !== o.as) {
        return `${action.kind} uses anon_vma ${o.slot} as mm ${o.as}'s, but it is mm ${before.anonVmas[o.slot]!.mm ?? '-'}'s`;
      }
    }
    return undefined;
  },
};

const witnesses: SometimesProperty<AnonState, AnonKnobs>[] = [
  { kind: 'sometimes', name: 'reader-pins-reused-memory', meaning: 'atomic_inc_not_zero pinned anon_vma 1\'s memory reused by mm 2', reached: (s) => s.seen.reused },
  { kind: 'sometimes', name: 'inc-not-zero-fails', meaning: 'atomic_inc_not_zero found a freed anon_vma (refcount 0)', reached: (s) => s.seen.incFailed },
  { kind: 'sometimes', name: 'recheck-drops-stale', meaning: 'the folio_mapped re-check found the folio unmapped and put the anon_vma', reached: (s) => s.seen.stale },
  { kind: 'sometimes', name: 'reader-frees-anon-vma', meaning: 'the reader\'s put_anon_vma was the last reference', reached: (s) => s.seen.readerFreed },
  { kind: 'sometimes', name: 'rmap-walked', meaning: 'the reader walked the folio\'s anon_vma under its root\'s lock', reached: (s) => s.seen.walked },
  { kind: 'sometimes', name: 'slab-page-discarded', meaning: 'a free anon_vma\'s slab page went back to the page allocator', reached: (s) => s.anonVmas.some((a) => a.state === 'discarded') },
];

/** The typesafe-anon-vma model's properties, in the order they are checked. */
export const typesafeAnonVmaProperties: readonly Property<AnonState, AnonAction, AnonKnobs>[] = [ownerAliveWhenTouched, ownerIdentityWhenUsed, ...witnesses];
