import type { GuardTable, Immutable } from '../../src/index.ts';
import type { PagecacheAction } from './actions.ts';
import type { PagecacheKnobs } from './knobs.ts';
import { BATCH_STARTS, INDICES, nrPages, type PagecacheState, type Reader } from './state.ts';
import { folioAt, freeDescriptors, nodeAvailable, slotAt } from './xarray.ts';

type S = Immutable<PagecacheState>;

const readerAt =
  (pc: Reader['pc']) =>
  (s: S, a: { readonly reader: number }): boolean =>
    s.readers[a.reader]!.pc === pc;

/** The folio whose canonical slot is `index`, when the writer is free to lock it. */
function headFolio(s: S, index: number): number | undefined {
  if (s.writer.kind !== 'idle') return undefined;
  const obj = folioAt(s, index);
  return obj !== undefined && s.folios[obj]!.index === index ? obj : undefined;
}

/**
 * `filemap_add_folio` needs an aligned range inside the file holding no folio; shadows in it
 * (whole multi-index ones, not cut by the range's end) are replaced.
 */
function rangeFree(s: S, index: number, order: number): boolean {
  const end = index + nrPages(order);
  if (index % nrPages(order) !== 0 || end > INDICES.length) return false;
  for (let i = index; i < end; i++) {
    const e = slotAt(s, i);
    if (e?.kind === 'folio') return false;
    if (e?.kind === 'sibling' && (e.head < index || slotAt(s, e.head)?.kind !== 'value')) return false;
  }
  const after = slotAt(s, end);
  return !(after?.kind === 'sibling' && after.head < end) && nodeAvailable(s, index);
}

const cacheRefsOnly = (s: S, obj: number) => s.folios[obj]!.count === nrPages(s.folios[obj]!.order);

export const pagecacheGuards: GuardTable<PagecacheState, PagecacheAction, PagecacheKnobs> = {
  xasLoad: (s, { reader, index }) => {
    const r = s.readers[reader]!;
    return r.pc === 'idle' || (r.pc === 'retry' && r.index === index);
  },
  xasDescend: readerAt('sibling'),
  tryGet: readerAt('loaded'),
  xasReload: readerAt('got'),
  folioPut: readerAt('holding'),
  batchLoad: (s, { index }) => (s.batch.pc === 'idle' && (BATCH_STARTS as readonly number[]).includes(index)) || (s.batch.pc === 'walking' && s.batch.cursor === index),
  batchDescend: (s) => s.batch.pc === 'sibling',
  batchTryGet: (s) => s.batch.pc === 'loaded',
  batchReload: (s) => s.batch.pc === 'got',
  batchRelease: (s) => s.batch.pc === 'done',
  addFolio: (s, { index, order }) => s.writer.kind === 'idle' && freeDescriptors(s.folios).length > 0 && rangeFree(s, index, order),
  truncateDelete: (s, { index }) => {
    const obj = headFolio(s, index);
    return obj !== undefined && s.folios[obj]!.count > 0;
  },
  truncatePut: (s) => s.writer.kind === 'truncated',
  evictFreeze: (s, { index }) => {
    const obj = headFolio(s, index);
    return obj !== undefined && cacheRefsOnly(s, obj);
  },
  evictDelete: (s) => s.writer.kind === 'evict-frozen',
  evictFree: (s) => s.writer.kind === 'evicted',
  // split_folio() -> __folio_split(): a large folio, only the page cache's references, and
  // descriptors for the new folios; folio_split(folio, 0, page) only differs from order 2
  splitFreeze: (s, { index, uniform }) => {
    const obj = uniform ? headFolio(s, index) : s.writer.kind === 'idle' ? folioAt(s, index) : undefined;
    if (obj === undefined) return false;
    const f = s.folios[obj]!;
    const pieces = uniform ? nrPages(f.order) - 1 : f.order;
    return f.order >= (uniform ? 1 : 2) && cacheRefsOnly(s, obj) && freeDescriptors(s.folios).length >= pieces;
  },
  splitXas: (s) => s.writer.kind === 'split-frozen',
  splitStoreTail: (s) => s.writer.kind === 'split-storing' && s.writer.stored < s.writer.pieces.length,
  splitUnfreezeHead: (s) => s.writer.kind === 'split-storing' && s.writer.stored === s.writer.pieces.length,
  nodeRcuFree: (s, { node }) => s.nodes[node]!.state === 'detached' && s.nodes[node]!.waiters === 0,
};
