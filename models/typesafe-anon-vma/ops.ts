import type { Draft, Immutable } from '../../src/index.ts';
import type { AnonKnobs } from './knobs.ts';
import { inRcu, type AnonState } from './state.ts';

/**
 * What one step does to anon_vma memory, in order: the model applies these, and the
 * properties judge each access against the objects as the earlier ops of the step left them.
 * `as`: the anon_vma (by its mm) the code believes it is using.
 */
export type Op =
  /** `atomic_inc_not_zero(&anon_vma->refcount)` on a pointer found without a lock. */
  | { readonly op: 'peek'; readonly slot: number }
  /** Reads or writes the object: its lock, its root pointer, its tree. */
  | { readonly op: 'touch'; readonly slot: number; readonly why: string; readonly as?: number }
  /** `anon_vma_interval_tree_remove`: one VMA fewer on its tree. */
  | { readonly op: 'unlink'; readonly slot: number }
  /** `atomic_dec_and_test(&anon_vma->refcount)`. */
  | { readonly op: 'dec'; readonly slot: number; readonly as?: number }
  /** `kmem_cache_free(anon_vma_cachep, anon_vma)`. */
  | { readonly op: 'free'; readonly slot: number };

type S = Immutable<AnonState>;

/**
 * `put_anon_vma`: the last reference runs `__put_anon_vma`, whose `anon_vma_free` reads
 * `anon_vma->root->rwsem`, and which drops the child's reference on its root (`rootRef`).
 * `refs` is the step's running view of the refcounts.
 */
function putAnonVma(s: S, slot: number, knobs: AnonKnobs, refs: number[], as?: number): Op[] {
  const dec: Op = as === undefined ? { op: 'dec', slot } : { op: 'dec', slot, as };
  refs[slot]!--;
  if (refs[slot] !== 0) return [dec];
  const root = s.anonVmas[slot]!.root;
  const freeSelf: Op[] = [{ op: 'touch', slot: root, why: 'anon_vma_free: rwsem_is_locked(&anon_vma->root->rwsem)' }, { op: 'free', slot }];
  if (root === slot || !knobs.rootRef) return [dec, ...freeSelf];
  refs[root]!--;
  const putRoot: Op[] = [{ op: 'dec', slot: root }];
  if (refs[root] === 0) putRoot.push({ op: 'touch', slot: root, why: 'anon_vma_free(root): root->rwsem' }, { op: 'free', slot: root });
  return knobs.putOrder === 'child-first' ? [dec, ...freeSelf, ...putRoot] : [dec, ...putRoot, ...freeSelf];
}

/** The reader's `put_anon_vma` on what it pinned. */
export function readerPutOps(s: S, knobs: AnonKnobs): Op[] {
  const r = s.reader;
  return putAnonVma(s, r.slot, knobs, s.anonVmas.map((a) => a.refcount), r.pinned ?? undefined);
}

/**
 * `unlink_anon_vmas` at exit: under the root's lock, take the VMA off each anon_vma's tree;
 * then put each anon_vma whose tree is empty, newest first, so a root goes last.
 */
export function unlinkOps(s: S, mm: number, knobs: AnonKnobs): Op[] {
  const chain = s.mms[mm]!.chain;
  const ops: Op[] = [];
  for (const slot of chain) {
    ops.push({ op: 'touch', slot: s.anonVmas[slot]!.root, why: 'lock_anon_vma_root' }, { op: 'unlink', slot });
  }
  const refs = s.anonVmas.map((a) => a.refcount);
  for (const slot of chain) if (s.anonVmas[slot]!.vmas === 1) ops.push(...putAnonVma(s, slot, knobs, refs));
  return ops;
}

/** Apply a step's ops; a free made inside the reader's RCU section waits for its grace period. */
export function applyOps(d: Draft<AnonState>, ops: readonly Op[]): void {
  const pending = inRcu(d.reader);
  for (const o of ops) {
    const a = d.anonVmas[o.slot]!;
    if (o.op === 'unlink') a.vmas--;
    else if (o.op === 'dec') a.refcount--;
    else if (o.op === 'free') {
      a.state = 'free';
      a.rcuPending = pending;
    }
  }
}
