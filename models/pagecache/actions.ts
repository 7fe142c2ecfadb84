import type { PagecacheKnobs } from './knobs.ts';
import { INDICES, NODES, ORDERS } from './state.ts';

/**
 * One atomic step of one thread: lookup reader `T<r>` (`filemap_get_entry`), the batch reader
 * `B` (`filemap_get_read_batch`), or the writer (add, truncate, evict, split under the folio
 * lock and the xarray lock), or RCU freeing a detached xa_node after a grace period.
 */
export type PagecacheAction =
  | { readonly kind: 'xasLoad'; readonly reader: number; readonly index: number }
  | { readonly kind: 'xasDescend'; readonly reader: number }
  | { readonly kind: 'tryGet'; readonly reader: number }
  | { readonly kind: 'xasReload'; readonly reader: number }
  | { readonly kind: 'folioPut'; readonly reader: number }
  | { readonly kind: 'batchLoad'; readonly index: number }
  | { readonly kind: 'batchDescend' }
  | { readonly kind: 'batchTryGet' }
  | { readonly kind: 'batchReload' }
  | { readonly kind: 'batchRelease' }
  | { readonly kind: 'addFolio'; readonly index: number; readonly order: number }
  | { readonly kind: 'truncateDelete'; readonly index: number }
  | { readonly kind: 'truncatePut' }
  | { readonly kind: 'evictFreeze'; readonly index: number }
  | { readonly kind: 'evictDelete' }
  | { readonly kind: 'evictFree' }
  /** `split_folio` (uniform, `index` the head) or `folio_split` at page `index` (non-uniform). */
  | { readonly kind: 'splitFreeze'; readonly index: number; readonly uniform: boolean }
  | { readonly kind: 'splitXas' }
  | { readonly kind: 'splitStoreTail' }
  | { readonly kind: 'splitUnfreezeHead' }
  | { readonly kind: 'nodeRcuFree'; readonly node: number };

const READER_STEPS = ['xasDescend', 'tryGet', 'xasReload', 'folioPut'] as const;
const SINGLE_STEPS = [
  'batchDescend',
  'batchTryGet',
  'batchReload',
  'batchRelease',
  'truncatePut',
  'evictDelete',
  'evictFree',
  'splitXas',
  'splitStoreTail',
  'splitUnfreezeHead',
] as const;

export function pagecacheActions(knobs: PagecacheKnobs): PagecacheAction[] {
  const readers = Array.from({ length: knobs.lookupReaders }, (_, r) => r);
  return [
    ...readers.flatMap((reader) => [
      ...INDICES.map((index) => ({ kind: 'xasLoad' as const, reader, index })),
      ...READER_STEPS.map((kind) => ({ kind, reader })),
    ]),
    // a batch starts at one of BATCH_STARTS and goes on at any index its cursor reaches
    ...INDICES.map((index) => ({ kind: 'batchLoad' as const, index })),
    ...INDICES.flatMap((index) => ORDERS.map((order) => ({ kind: 'addFolio' as const, index, order }))),
    ...INDICES.map((index) => ({ kind: 'truncateDelete' as const, index })),
    ...INDICES.map((index) => ({ kind: 'evictFreeze' as const, index })),
    ...INDICES.flatMap((index) => [true, false].map((uniform) => ({ kind: 'splitFreeze' as const, index, uniform }))),
    ...NODES.map((node) => ({ kind: 'nodeRcuFree' as const, node })),
    ...SINGLE_STEPS.map((kind) => ({ kind })),
  ];
}
