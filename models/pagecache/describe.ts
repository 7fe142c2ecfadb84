import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import type { PagecacheAction } from './actions.ts';
import { batchEnd } from './batch.ts';
import type { PagecacheKnobs } from './knobs.ts';
import { reloaded } from './reader.ts';
import { nrPages, type Entry, type PagecacheState } from './state.ts';
import { splitPieces } from './writers.ts';
import { folioAt, slotAt, slotIn } from './xarray.ts';

type S = Immutable<PagecacheState>;

const entryName = (e: Immutable<Entry> | null) =>
  e === null ? 'NULL' : e.kind === 'folio' ? `folio ${e.obj}` : e.kind === 'sibling' ? `sibling(${e.head})` : `value(shadow ${e.shadow})`;

const folioName = (s: S, obj: number) => {
  const f = s.folios[obj];
  if (f === undefined) return `stray pointer ${obj}`;
  return f.live ? `folio ${obj} [index ${f.index}, order ${f.order}, refcount ${f.count}]` : `desc ${obj} [free, refcount 0]`;
};

/** What a `folio_try_get` on `obj` does: succeed, or fail on a zero refcount. */
const tryGetResult = (s: S, obj: number) => {
  const f = s.folios[obj];
  if (f?.live !== true) return 'refcount 0 (free) -> goto repeat';
  return f.count > 0 ? `ok (refcount ${f.count} -> ${f.count + 1})` : 'refcount 0 (frozen) -> goto repeat';
};

function describeLoad(e: Immutable<Entry> | null, knobs: PagecacheKnobs): string {
  if (e === null) return 'NULL: return NULL';
  if (e.kind === 'value') return knobs.valueCheck ? `${entryName(e)}: xa_is_value, return the shadow` : `${entryName(e)}: used as a folio pointer (no xa_is_value check)`;
  if (e.kind === 'sibling') return `${entryName(e)}: xa_is_sibling, descend to slot ${e.head}`;
  return `${entryName(e)}, no reference yet`;
}

/** Which node a walk from the root reaches for `index`. */
const nodeName = (s: S, index: number) => {
  const node = s.root[Math.floor(index / 4)]!;
  return node < 0 ? '(root slot NULL)' : `(root -> node ${node})`;
};

const detachedNote = (s: S, node: number) => {
  const state = s.nodes[node]?.state;
  return state === 'detached' ? ' [detached, RCU free pending]' : state === 'free' ? ' [FREED]' : '';
};

/** Truncating `obj` empties its leaf node: `xas_delete_node`, and how this design frees it. */
function emptiesNode(s: S, obj: number, knobs: PagecacheKnobs): string {
  const f = s.folios[obj]!;
  const node = s.root[Math.floor(f.index / 4)]!;
  const left = s.nodes[node]!.slots.filter((e, k) => e !== null && (k + s.nodes[node]!.base < f.index || k + s.nodes[node]!.base >= f.index + nrPages(f.order)));
  if (left.length > 0) return '';
  return knobs.nodeFree === 'rcu' ? `; node ${node} empty: xas_delete_node, call_rcu` : `; node ${node} empty: xas_delete_node frees it at once`;
}

const piecesName = (s: S, obj: number, at: number) => {
  const f = s.folios[obj]!;
  return splitPieces(f.index, f.order, at)
    .map((p) => `${p.index}:o${p.order}`)
    .join(' ');
};

export function describePagecacheAction(a: PagecacheAction, s: S, knobs: PagecacheKnobs): string {
  const w = s.writer;
  const b = s.batch;
  return match(a)
    .with({ kind: 'xasLoad' }, ({ reader, index }) => `T${reader} filemap_get_entry(index ${index}): xas_load ${nodeName(s, index)} -> ${describeLoad(slotAt(s, index), knobs)}`)
    .with({ kind: 'xasDescend' }, ({ reader }) => {
      const r = s.readers[reader]!;
      return `T${reader} filemap_get_entry(index ${r.index}): xas_descend reads slot ${r.slot} of node ${r.node}${detachedNote(s, r.node)} -> ${entryName(slotIn(s, r.node, r.slot))}`;
    })
    .with({ kind: 'tryGet' }, ({ reader }) => `T${reader} filemap_get_entry: folio_try_get(${folioName(s, s.readers[reader]!.obj)}) -> ${tryGetResult(s, s.readers[reader]!.obj)}`)
    .with({ kind: 'xasReload' }, ({ reader }) => {
      const r = s.readers[reader]!;
      const again = reloaded(s, r, knobs);
      const how = knobs.reload === 'none' ? 'no xas_reload' : `xas_reload(${knobs.reload === 'index' ? 'index' : 'slot'} ${knobs.reload === 'index' ? r.index : r.slot}, node ${r.node}${detachedNote(s, r.node)})`;
      return `T${reader} filemap_get_entry: ${how} -> ${again === r.obj ? `folio ${r.obj}, same: return it` : `${again === undefined ? 'no folio' : `folio ${again}`} != folio ${r.obj}: folio_put, goto repeat`}`;
    })
    .with({ kind: 'folioPut' }, ({ reader }) => `T${reader} caller done: folio_put(${folioName(s, s.readers[reader]!.obj)})`)
    .with({ kind: 'batchLoad' }, ({ index }) => {
      const start = b.pc === 'idle' ? `filemap_get_read_batch(index ${index}..${batchEnd(index)}): xas_load` : `filemap_get_read_batch: ${b.fresh ? 'xas_load after xas_reset' : 'xas_next'} at index ${index}`;
      const fresh = b.pc === 'idle' || b.fresh || b.node < 0;
      const e = fresh ? slotAt(s, index) : slotIn(s, b.node, index);
      if (e?.kind === 'sibling' && !fresh) return `B ${start} -> ${entryName(e)}: ${knobs.batchSiblingCheck ? 'xa_is_sibling, break' : 'used as a folio pointer (no xa_is_sibling check)'}`;
      if (e === null) return `B ${start} -> NULL: end of batch`;
      if (e.kind === 'value' && knobs.valueCheck) return `B ${start} -> ${entryName(e)}: xa_is_value, break`;
      return `B ${start} -> ${describeLoad(e, knobs)}`;
    })
    .with({ kind: 'batchDescend' }, () => `B filemap_get_read_batch(index ${b.cursor}): xas_descend reads slot ${b.slot} of node ${b.node}${detachedNote(s, b.node)} -> ${entryName(slotIn(s, b.node, b.slot))}`)
    .with({ kind: 'batchTryGet' }, () => `B filemap_get_read_batch: folio_try_get(${folioName(s, b.obj)}) -> ${tryGetResult(s, b.obj).replace('goto repeat', 'xas_reset, retry')}`)
    .with({ kind: 'batchReload' }, () => {
      const again = reloaded(s, { index: b.cursor, slot: b.slot, node: b.node, obj: b.obj }, knobs);
      const f = s.folios[b.obj];
      const next = f === undefined ? b.cursor + 1 : Math.max(f.index + nrPages(f.order), b.cursor + 1);
      return again === b.obj
        ? `B filemap_get_read_batch: xas_reload(index ${b.cursor}) -> folio ${b.obj}: folio_batch_add, xas_advance to index ${next}`
        : `B filemap_get_read_batch: xas_reload(index ${b.cursor}) -> ${again === undefined ? 'no folio' : `folio ${again}`} != folio ${b.obj}: folio_put, xas_reset, retry`;
    })
    .with({ kind: 'batchRelease' }, () => `B filemap_read done: folio_batch_release([${b.batch.join(', ')}])`)
    .with({ kind: 'addFolio' }, ({ index, order }) => {
      const replaced = [...new Set(Array.from({ length: nrPages(order) }, (_, k) => entryName(slotAt(s, index + k))))].join(' + ');
      const node = s.root[Math.floor(index / 4)]! < 0 ? `; xas_create allocates node ${s.nodes.findIndex((n) => n.state === 'free')}` : '';
      return `filemap_add_folio(index ${index}, order ${order}): new folio, refcount ${nrPages(order)}, replaces ${replaced}${node}`;
    })
    .with({ kind: 'truncateDelete' }, ({ index }) => {
      const obj = folioAt(s, index);
      if (obj === undefined) return `truncate_inode_folio(index ${index}): no folio`;
      return knobs.truncateOrder === 'delete-then-put'
        ? `truncate_inode_folio: page_cache_delete(${folioName(s, obj)}) stores NULL over its range${emptiesNode(s, obj, knobs)}, folio_put_refs(${nrPages(s.folios[obj]!.order)})`
        : `truncate_inode_folio: folio_put_refs(${folioName(s, obj)}, ${nrPages(s.folios[obj]!.order)}) before deleting it`;
    })
    .with({ kind: 'truncatePut' }, () => (w.kind !== 'truncated' ? 'truncate: (idle)' : `truncate_inode_folio: page_cache_delete(index ${w.index}, order ${w.order}) stores NULL`))
    .with({ kind: 'evictFreeze' }, ({ index }) => {
      const obj = folioAt(s, index);
      if (obj === undefined) return `__remove_mapping(index ${index}): no folio`;
      const nr = nrPages(s.folios[obj]!.order);
      return knobs.evictFreezes ? `__remove_mapping: folio_ref_freeze(${folioName(s, obj)}, ${nr}) -> frozen` : `__remove_mapping: folio_ref_count(${folioName(s, obj)}) == ${nr}, not frozen`;
    })
    .with({ kind: 'evictDelete' }, () => (w.kind === 'evict-frozen' ? `__filemap_remove_folio(folio ${w.obj}): stores value(shadow ${w.obj}) over its range` : 'evict: (idle)'))
    .with({ kind: 'evictFree' }, () => (w.kind === 'evicted' ? `free_folio(${folioName(s, w.obj)})` : 'evict: (idle)'))
    .with({ kind: 'splitFreeze' }, ({ uniform, index }) => {
      const obj = folioAt(s, index);
      const how = uniform ? 'split_folio (uniform)' : `folio_split(at index ${index}, non-uniform)`;
      if (obj === undefined) return `${how}: no folio`;
      const nr = nrPages(s.folios[obj]!.order);
      return knobs.splitFreezes ? `${how} -> __folio_split: folio_ref_freeze(${folioName(s, obj)}, ${nr}) -> frozen` : `${how} -> __folio_split: folio_ref_count(${folioName(s, obj)}) == ${nr}, not frozen`;
    })
    .with({ kind: 'splitXas' }, () =>
      w.kind === 'split-frozen'
        ? `__split_unmapped_folio + xas_split(folio ${w.obj}): pieces ${piecesName(s, w.obj, w.at)}, every canonical slot holds folio ${w.obj}${knobs.splitHeadUnfreeze === 'first' ? '; folio_ref_unfreeze(head) now' : ''}`
        : 'split: (idle)',
    )
    .with({ kind: 'splitStoreTail' }, () => {
      if (w.kind !== 'split-storing') return 'split: (idle)';
      const p = w.pieces[w.stored]!;
      return `__folio_split: folio_ref_unfreeze(folio ${p}, ${nrPages(s.folios[p]!.order)}), __xa_store(index ${s.folios[p]!.index}, folio ${p}, order ${s.folios[p]!.order})`;
    })
    .with({ kind: 'splitUnfreezeHead' }, () =>
      w.kind !== 'split-storing' ? 'split: (idle)' : w.headUnfrozen ? `__folio_split: done (head folio ${w.obj} already unfrozen)` : `__folio_split: folio_ref_unfreeze(folio ${w.obj}, ${nrPages(s.folios[w.obj]!.order)}), every piece stored`,
    )
    .with({ kind: 'nodeRcuFree' }, ({ node }) => `RCU callback: radix_tree_node_rcu_free(node ${node}) -> kmem_cache_free (grace period over: no reader inside from before xas_delete_node)`)
    .exhaustive();
}
