import type { Draft } from '../../src/index.ts';
import type { AnonKnobs } from './knobs.ts';
import { applyOps, readerPutOps } from './ops.ts';
import { idle, type AnonState } from './state.ts';

type D = Draft<AnonState>;

/** The grace period the reader held back can end: its slab pages may go. */
function rcuReadUnlock(d: D): void {
  for (const a of d.anonVmas) a.rcuPending = false;
}

/** `rcu_read_lock(); anon_mapping = READ_ONCE(folio->mapping); if (!folio_mapped(folio)) goto out;` */
export function loadMapping(d: D, knobs: AnonKnobs): void {
  if (d.folio.mapped || !knobs.mappedCheck) d.reader = { pc: 'loaded', slot: d.folio.mapping, pinned: null };
}

/** `atomic_inc_not_zero(&anon_vma->refcount)`: fails on a freed object (typesafe: still an anon_vma). */
export function incNotZero(d: D): void {
  const a = d.anonVmas[d.reader.slot]!;
  if (a.state === 'live' && a.refcount > 0) {
    a.refcount++;
    d.reader.pc = 'got';
    d.reader.pinned = a.mm;
    if (a.mm !== d.folio.owner) d.seen.reused = true;
    return;
  }
  d.seen.incFailed = true;
  d.reader = idle(d.reader.slot);
  rcuReadUnlock(d);
}

/** `if (!folio_mapped(folio)) { rcu_read_unlock(); put_anon_vma(anon_vma); return NULL; }` */
export function recheckMapped(d: D, knobs: AnonKnobs): void {
  rcuReadUnlock(d);
  if (d.folio.mapped || !knobs.mappedRecheck) {
    d.reader.pc = 'holding';
    return;
  }
  d.seen.stale = true;
  d.reader.pc = 'stale';
}

/** The caller's rmap walk: `anon_vma_lock_read` takes `anon_vma->root->rwsem`, walks, unlocks. */
export function rmapWalk(d: D): void {
  d.seen.walked = true;
  d.reader.pc = 'walked';
}

/** `put_anon_vma(anon_vma)`: the last reference frees it (`__put_anon_vma`). */
export function readerPut(d: D, knobs: AnonKnobs): void {
  const ops = readerPutOps(d, knobs);
  applyOps(d, ops);
  if (ops.some((o) => o.op === 'free' && o.slot === d.reader.slot)) d.seen.readerFreed = true;
  d.reader = idle(d.reader.slot);
}
