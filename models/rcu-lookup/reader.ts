import type { Draft } from '../../src/index.ts';
import { rcuReadLock, rcuReadUnlock } from '../parts/rcu.ts';
import { putDescriptor } from './descriptors.ts';
import type { LookupKnobs } from './knobs.ts';
import type { LookupState } from './state.ts';

/** `rcu_read_lock()` at the top of `filemap_get_entry`. */
export function readerLock(d: Draft<LookupState>, r: number): void {
  rcuReadLock(d.rcu, r);
  d.readers[r]!.pc = 'locked';
}

/** `xas_load`: the entry, with no reference; an empty slot returns NULL. */
export function readerLoad(d: Draft<LookupState>, r: number): void {
  const reader = d.readers[r]!;
  const entry = d.pagecache[reader.index];
  if (entry === undefined) {
    reader.pc = 'put';
    return;
  }
  reader.ptr = entry;
  reader.pc = 'loaded';
}

/** `folio_try_get`: increment the word at `_refcount` unless it is zero; zero means `goto repeat`. */
export function readerTryGet(d: Draft<LookupState>, r: number, knobs: LookupKnobs): void {
  const reader = d.readers[r]!;
  const desc = d.descriptors[reader.ptr!]!;
  if (knobs.tryGet === 'plain' || desc.count > 0) {
    desc.count++;
    reader.pc = 'got';
  } else {
    delete reader.ptr;
    reader.pc = 'locked';
  }
}

/** `xas_reload`: same entry, return it with the reference; else `folio_put` and `goto repeat`. */
export function readerRecheck(d: Draft<LookupState>, r: number, knobs: LookupKnobs): void {
  const reader = d.readers[r]!;
  if (!knobs.recheck || d.pagecache[reader.index] === reader.ptr) {
    reader.pc = 'holding';
    return;
  }
  if (putDescriptor(d, reader.ptr!, knobs)) d.seen.readerFreed = true;
  d.seen.recheckFailed = true;
  delete reader.ptr;
  reader.pc = 'locked';
}

/** The caller is done with the folio: `folio_put`, which may be the last reference. */
export function readerPut(d: Draft<LookupState>, r: number, knobs: LookupKnobs): void {
  const reader = d.readers[r]!;
  if (putDescriptor(d, reader.ptr!, knobs)) d.seen.readerFreed = true;
  delete reader.ptr;
  reader.pc = 'put';
}

/** `rcu_read_unlock()`. */
export function readerUnlock(d: Draft<LookupState>, r: number): void {
  rcuReadUnlock(d.rcu, r);
  d.readers[r]!.pc = 'idle';
}
