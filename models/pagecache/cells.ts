import type { CoverageCell } from '../../src/index.ts';
import type { PagecacheAction } from './actions.ts';
import type { PagecacheKnobs } from './knobs.ts';
import type { PagecacheState } from './state.ts';
import { readerInDetachedNode, slotIn } from './xarray.ts';

type Cell = CoverageCell<PagecacheState, PagecacheAction, PagecacheKnobs>;

const splitting = (s: { readonly writer: PagecacheState['writer'] }, obj: number) =>
  (s.writer.kind === 'split-frozen' || s.writer.kind === 'split-storing') && s.writer.obj === obj;

/** The situations docs/models/pagecache.md argues are the interesting ones. */
export const pagecacheCells: readonly Cell[] = [
  {
    kind: 'step',
    name: 'try-get-fails-under-split',
    meaning: "a reader's folio_try_get fails on a folio being split (frozen), so it retries",
    hit: (before, action, after) => action.kind === 'tryGet' && after.readers[action.reader]!.pc === 'retry' && splitting(before, before.readers[action.reader]!.obj),
  },
  {
    kind: 'step',
    name: 'reload-after-replace',
    meaning: 'xas_reload saw a different entry at the index (truncate, eviction or split in between) and the reader retried',
    hit: (_b, action, after) => (action.kind === 'xasReload' && after.readers[action.reader]!.pc === 'retry') || (action.kind === 'batchReload' && after.batch.pc === 'walking' && after.batch.fresh),
  },
  {
    kind: 'step',
    name: 'batch-stops-at-sibling',
    meaning: 'xas_next in filemap_get_read_batch landed on a sibling entry (a larger folio replaced the one just read) and the batch stopped',
    hit: (before, action) => action.kind === 'batchLoad' && before.batch.pc === 'walking' && !before.batch.fresh && before.batch.node >= 0 && slotIn(before, before.batch.node, action.index)?.kind === 'sibling',
  },
  {
    kind: 'state',
    name: 'reader-mid-sibling',
    meaning: 'a reader has read a sibling entry and not yet its canonical slot while the writer is busy',
    hit: (s) => s.writer.kind !== 'idle' && (s.readers.some((r) => r.pc === 'sibling') || s.batch.pc === 'sibling'),
  },
  {
    kind: 'state',
    name: 'reader-in-deleted-node',
    meaning: 'a reader inside its RCU section holds an xa_node that xas_delete_node detached (its free waits for the reader)',
    hit: (s) => readerInDetachedNode(s),
  },
  {
    kind: 'step',
    name: 'reader-retries-uneven-split',
    meaning: "a reader's folio_try_get fails on a folio a non-uniform folio_split is splitting",
    hit: (before, action, after) =>
      action.kind === 'tryGet' && after.readers[action.reader]!.pc === 'retry' && splitting(before, before.readers[action.reader]!.obj) && (before.writer.kind === 'split-frozen' || before.writer.kind === 'split-storing') && before.writer.at >= 0,
  },
  {
    kind: 'state',
    name: 'large-folio-in-batch',
    meaning: 'a batch read holds a large folio',
    hit: (s) => s.batch.batch.some((obj) => (s.folios[obj]?.order ?? 0) > 0),
  },
];
