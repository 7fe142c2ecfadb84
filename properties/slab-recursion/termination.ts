import type { AlwaysProperty, StepProperty } from '../../src/index.ts';
import type { SlabAction } from '../../models/slab-recursion/actions.ts';
import type { SlabKnobs } from '../../models/slab-recursion/knobs.ts';
import { snapshot, type AllocationState } from '../../models/slab-recursion/state.ts';

/**
 * One round of recursion: folio_alloc -> kmem_cache_alloc(folio) -> slab_alloc(folio) ->
 * kmem_cache_alloc(slab) -> slab_alloc(slab), which embeds its descriptor and calls nothing.
 */
export const MAX_DEPTH = 5;
/** Steps per frame at most: folio_alloc 3, kmem_cache_alloc 2, slab_alloc 3, and the last round 2 + 2. */
export const MAX_STEPS = 12;

export const termination: AlwaysProperty<AllocationState, SlabKnobs> = {
  kind: 'always',
  name: 'termination',
  meaning: `the call stack never exceeds one round of recursion (${MAX_DEPTH} frames) and every allocation finishes within ${MAX_STEPS} of its own steps`,
  rule: 'slab_alloc() for the slab cache keeps its descriptor in its own page, so the recursion stops after one round',
  check: (s) => {
    if (s.stack.length > MAX_DEPTH) {
      return `call stack depth ${s.stack.length}: ${s.stack.map((f) => ('cache' in f ? `${f.fn}(${f.cache})` : f.fn)).join(' > ')}`;
    }
    return s.current && s.current.steps > MAX_STEPS ? `${s.current.fn} still running after ${s.current.steps} steps` : undefined;
  },
};

export const failureAtomic: StepProperty<AllocationState, SlabAction, SlabKnobs> = {
  kind: 'step',
  name: 'failure-atomic',
  meaning: 'an allocation that fails at any depth leaves pages, memdescs and slabs as it found them',
  rule: 'folio_alloc frees its descriptor and slab_alloc its page when the next allocation fails',
  check: (before, _action, after) => {
    if (before.current === undefined || after.current !== undefined || after.returned?.kind !== 'fail') return undefined;
    return snapshot(after) === before.current.before ? undefined : `${before.current.fn} failed but left pages or slabs changed`;
  },
};
