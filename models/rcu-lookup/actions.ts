import { match } from 'ts-pattern';
import type { GuardTable, Immutable } from '../../src/index.ts';
import { gracePeriodElapsed } from '../parts/rcu.ts';
import type { LookupKnobs } from './knobs.ts';
import { DESCRIPTORS, INDICES, type LookupState, type ReaderPc } from './state.ts';

/** One atomic step of one thread: reader `r`, the truncating writer, reclaim, or the allocators. */
export type LookupAction =
  | { readonly kind: 'rcuLock'; readonly reader: number }
  | { readonly kind: 'load'; readonly reader: number }
  | { readonly kind: 'tryGet'; readonly reader: number }
  | { readonly kind: 'recheck'; readonly reader: number }
  | { readonly kind: 'put'; readonly reader: number }
  | { readonly kind: 'rcuUnlock'; readonly reader: number }
  | { readonly kind: 'truncateRemove'; readonly index: number }
  | { readonly kind: 'truncatePut' }
  | { readonly kind: 'reclaimFreeze'; readonly index: number }
  | { readonly kind: 'reclaimUnfreeze' }
  | { readonly kind: 'reclaimRemove' }
  | { readonly kind: 'reclaimFree' }
  | { readonly kind: 'allocFolio'; readonly obj: number; readonly index: number }
  | { readonly kind: 'slabPageFree'; readonly obj: number }
  | { readonly kind: 'reuseAsPagetable'; readonly obj: number }
  | { readonly kind: 'pagetableFree'; readonly obj: number };

const READER_STEPS = ['rcuLock', 'load', 'tryGet', 'recheck', 'put', 'rcuUnlock'] as const;

export function lookupActions(knobs: LookupKnobs): LookupAction[] {
  const readers = Array.from({ length: knobs.readers }, (_, r) => r);
  return [
    ...readers.flatMap((reader) => READER_STEPS.map((kind) => ({ kind, reader }))),
    ...INDICES.map((index) => ({ kind: 'truncateRemove' as const, index })),
    { kind: 'truncatePut' },
    ...INDICES.map((index) => ({ kind: 'reclaimFreeze' as const, index })),
    { kind: 'reclaimUnfreeze' },
    { kind: 'reclaimRemove' },
    { kind: 'reclaimFree' },
    ...DESCRIPTORS.flatMap((obj) => INDICES.map((index) => ({ kind: 'allocFolio' as const, obj, index }))),
    ...DESCRIPTORS.map((obj) => ({ kind: 'slabPageFree' as const, obj })),
    ...DESCRIPTORS.map((obj) => ({ kind: 'reuseAsPagetable' as const, obj })),
    ...DESCRIPTORS.map((obj) => ({ kind: 'pagetableFree' as const, obj })),
  ];
}

/** A folio that truncate or reclaim is working on is locked: the other one waits. */
const busy = (s: Immutable<LookupState>, obj: number | undefined) =>
  obj !== undefined && ((s.truncate.kind !== 'idle' && s.truncate.obj === obj) || (s.reclaim.kind !== 'idle' && s.reclaim.obj === obj));

type S = Immutable<LookupState>;

/** A reader step runs from one program counter: its thread is sequential. */
const readerAt =
  (pc: ReaderPc) =>
  (s: S, a: { readonly reader: number }): boolean =>
    s.readers[a.reader]!.pc === pc;

export const lookupGuards: GuardTable<LookupState, LookupAction, LookupKnobs> = {
  rcuLock: readerAt('idle'),
  load: readerAt('locked'),
  tryGet: readerAt('loaded'),
  recheck: readerAt('got'),
  put: readerAt('holding'),
  rcuUnlock: readerAt('put'),
  truncateRemove: (s, { index }) => s.truncate.kind === 'idle' && s.pagecache[index] !== undefined && !busy(s, s.pagecache[index]),
  truncatePut: (s) => s.truncate.kind === 'removed',
  // shrink_folio_list -> __remove_mapping: only a folio whose one reference is the page cache's
  reclaimFreeze: (s, { index }) => {
    const obj = s.pagecache[index];
    return s.reclaim.kind === 'idle' && obj !== undefined && !busy(s, obj) && s.descriptors[obj]!.count === 1;
  },
  reclaimUnfreeze: (s, _a, knobs) => knobs.reclaimUnfreezesEarly && s.reclaim.kind === 'frozen',
  reclaimRemove: (s, _a, knobs) => (knobs.reclaimUnfreezesEarly ? s.reclaim.kind === 'unfrozen' : s.reclaim.kind === 'frozen'),
  reclaimFree: (s) => s.reclaim.kind === 'deleted',
  allocFolio: (s, { obj, index }) => {
    const page = s.slabPages[obj]!;
    // a released slab page is the page allocator's again; the cache takes a new one instead
    return s.descriptors[obj]!.kind === 'free' && page.kind !== 'released' && s.pagecache[index] === undefined && !busy(s, obj);
  },
  slabPageFree: (s, { obj }) => {
    const page = s.slabPages[obj]!;
    return page.kind === 'rcu-pending' && gracePeriodElapsed(s.rcu, page.gp);
  },
  reuseAsPagetable: (s, { obj }, knobs) =>
    s.descriptors[obj]!.kind === 'free' && (knobs.typesafeByRcu ? s.slabPages[obj]!.kind === 'released' : true) && !busy(s, obj),
  pagetableFree: (s, { obj }) => s.descriptors[obj]!.kind === 'pagetable',
};

/** What `folio_try_get` does on the word at `_refcount`, and why. */
function tryGetBranch(s: Immutable<LookupState>, ptr: number, knobs: LookupKnobs): string {
  const desc = s.descriptors[ptr]!;
  const what = desc.kind === 'folio' ? (desc.count === 0 ? 'frozen' : 'folio') : desc.kind === 'free' ? 'freed' : 'not a folio: a ptdesc';
  if (knobs.tryGet === 'plain') return `plain increment -> got (refcount ${desc.count} -> ${desc.count + 1}, ${what})`;
  if (desc.count === 0) return `failed (refcount 0, ${what}), retry`;
  return `got (refcount ${desc.count} -> ${desc.count + 1}${desc.kind === 'folio' ? '' : `, ${what}`})`;
}

/** What `folio_put` does to descriptor `obj`: drop a reference, or free it (and how, in this design). */
function putBranch(s: Immutable<LookupState>, obj: number, knobs: LookupKnobs): string {
  const desc = s.descriptors[obj]!;
  if (desc.kind !== 'folio' || desc.count !== 1) return `refcount ${desc.count} -> ${desc.count - 1}`;
  return `last reference: ${freeBranch(knobs)}`;
}

/** `kmem_cache_free(folio_cache)` in this design: when the slab page may change type. */
function freeBranch(knobs: LookupKnobs): string {
  if (!knobs.typesafeByRcu) return 'kmem_cache_free, memory may change type at once (not typesafe)';
  return knobs.slabFreeWaitsForGp ? 'kmem_cache_free, slab page freed after a grace period' : 'kmem_cache_free, slab page freed at once';
}

export function describeLookupAction(a: LookupAction, s: Immutable<LookupState>, knobs: LookupKnobs): string {
  const at = (r: number) => {
    const reader = s.readers[r]!;
    return `index ${reader.index}${reader.ptr === undefined ? '' : `, desc ${reader.ptr}`}`;
  };
  const recheck = (r: number) => {
    const reader = s.readers[r]!;
    if (!knobs.recheck) return `T${r} filemap_get_entry: no xas_reload, return desc ${reader.ptr}`;
    const entry = s.pagecache[reader.index];
    if (reader.ptr === undefined) return `T${r} filemap_get_entry: xas_reload(${at(r)})`;
    if (entry === reader.ptr) return `T${r} filemap_get_entry: xas_reload(${at(r)}) -> same, return it`;
    const now = entry === undefined ? 'NULL' : `desc ${entry}`;
    return `T${r} filemap_get_entry: xas_reload(${at(r)}) -> ${now}: folio_put (${putBranch(s, reader.ptr, knobs)}), retry`;
  };
  return match(a)
    .with({ kind: 'rcuLock' }, ({ reader }) => `T${reader} filemap_get_entry: rcu_read_lock()`)
    .with({ kind: 'load' }, ({ reader }) => {
      const entry = s.pagecache[s.readers[reader]!.index];
      return `T${reader} filemap_get_entry: xas_load(index ${s.readers[reader]!.index}) -> ${entry === undefined ? 'NULL' : `desc ${entry}`}`;
    })
    .with({ kind: 'tryGet' }, ({ reader }) => {
      const ptr = s.readers[reader]!.ptr;
      return `T${reader} filemap_get_entry: folio_try_get(desc ${ptr})${ptr === undefined ? '' : ` -> ${tryGetBranch(s, ptr, knobs)}`}`;
    })
    .with({ kind: 'recheck' }, ({ reader }) => recheck(reader))
    .with({ kind: 'put' }, ({ reader }) => {
      const ptr = s.readers[reader]!.ptr;
      return `T${reader} caller done: folio_put(desc ${ptr})${ptr === undefined ? '' : ` -> ${putBranch(s, ptr, knobs)}`}`;
    })
    .with({ kind: 'rcuUnlock' }, ({ reader }) => `T${reader} rcu_read_unlock()`)
    .with({ kind: 'truncateRemove' }, ({ index }) => `truncate: xas_store(index ${index}, NULL) [desc ${s.pagecache[index]}]`)
    .with({ kind: 'truncatePut' }, () =>
      s.truncate.kind === 'removed' ? `truncate: folio_put(desc ${s.truncate.obj}) -> ${putBranch(s, s.truncate.obj, knobs)}` : 'truncate: folio_put',
    )
    .with({ kind: 'reclaimFreeze' }, ({ index }) => `reclaim: folio_ref_freeze(desc ${s.pagecache[index]}, 1) -> frozen (refcount 1 -> 0)`)
    .with({ kind: 'reclaimUnfreeze' }, () => 'reclaim: folio_ref_unfreeze(1) before removing the entry (refcount 0 -> 1)')
    .with({ kind: 'reclaimRemove' }, () => `reclaim: __filemap_remove_folio(desc ${s.reclaim.kind === 'idle' ? '?' : s.reclaim.obj})`)
    .with({ kind: 'reclaimFree' }, () => `reclaim: free_folio(desc ${s.reclaim.kind === 'idle' ? '?' : s.reclaim.obj}) -> ${freeBranch(knobs)}`)
    .with({ kind: 'allocFolio' }, ({ obj, index }) => `filemap_add_folio(index ${index}) with kmem_cache_alloc -> desc ${obj}`)
    .with({ kind: 'slabPageFree' }, ({ obj }) => `rcu_free_slab(slab page of desc ${obj}): grace period over`)
    .with({ kind: 'reuseAsPagetable' }, ({ obj }) => `pagetable_alloc: desc ${obj}'s memory becomes a ptdesc`)
    .with({ kind: 'pagetableFree' }, ({ obj }) => `pagetable_free(desc ${obj})`)
    .exhaustive();
}
