import { defineModel, violates } from '../../src/index.ts';
import { pagecacheCoordinates } from './coordinates.ts';
import { pagecacheActions, type PagecacheAction } from './actions.ts';
import { batchDescend, batchLoad, batchRelease, batchReload, batchTryGet } from './batch.ts';
import { canonicalPagecache } from './canonical.ts';
import { pagecacheCells } from './cells.ts';
import { describePagecacheAction } from './describe.ts';
import { pagecacheGuards } from './guards.ts';
import { pagecacheKnobs, type PagecacheKnobs } from './knobs.ts';
import { folioPut, tryGet, xasDescend, xasLoad, xasReload } from './reader.ts';
import { pagecacheScenarios } from './scenarios.ts';
import { initPagecacheState, type PagecacheState } from './state.ts';
import * as w from './writers.ts';
import { folioAt } from './xarray.ts';

/** The first index of the folio the page cache maps at `index`. */
const folioStart = (s: PagecacheState, index: number) => s.folios[folioAt(s, index)!]!.index;

export const pagecacheModel = defineModel<PagecacheState, PagecacheAction, PagecacheKnobs>({
  name: 'pagecache',
  title: 'the page cache as an xarray: large folios as multi-index entries, shadows, lockless lookups and batch reads racing add, truncate, evict and split',
  scale:
    'an xarray of 8 indices: a root node of 2 slots over leaf nodes of 4 (real 64 slots a node), 3 leaf node descriptors, ' +
    'folios of order 0-2 (real up to 9), 6 folio descriptors, ' +
    '1-2 filemap_get_entry readers choosing their index, 1 filemap_get_read_batch reader of up to 4 pages from an even index, 1 writer',
  knobs: pagecacheKnobs,
  variants: [
    { name: 'proposal', meaning: 'mainline: xa_is_value/xa_is_sibling checks, xas_reload of xa_index, freezes at the expected count, head unfrozen last', knobs: {}, expect: { kind: 'holds' } },
    { name: 'two-lookups', meaning: 'the proposal with two filemap_get_entry readers and the batch reader', knobs: { lookupReaders: 2 }, expect: { kind: 'holds' } },
    {
      name: 'no-reload',
      meaning: 'no xas_reload after folio_try_get: a folio freed and reused for another index is returned',
      knobs: { reload: 'none' },
      expect: violates('lookup-covers-index', 4),
    },
    {
      name: 'reload-at-canonical',
      meaning: "xas_reload re-reads the canonical slot xas_load descended to, not xa_index's: a folio replaced or split under a sibling lookup passes",
      knobs: { reload: 'canonical' },
      // shortest 9 (scenario canonical-reload-passes-a-split-folio): with emptied nodes freed
      // under RCU, a truncate leaves the reader's node all NULL, so only a split replaces slot 4
      expect: violates('lookup-covers-index', 9),
    },
    {
      name: 'shadow-as-folio',
      meaning: 'no xa_is_value() check: a workingset shadow entry is dereferenced as a folio',
      knobs: { valueCheck: false },
      expect: violates('reader-ref-on-folio', 2),
    },
    {
      name: 'batch-sibling-as-folio',
      meaning: 'filemap_get_read_batch without the xa_is_sibling() break (cb995f4eeba9): xas_next lands on a sibling and uses it as a folio',
      knobs: { batchSiblingCheck: false },
      // shortest by hand 7, on every seed 1..20: the proof cannot reach depth 6 (~500,000
      // states); seeds 2, 3, 5 and 16 stopped at 8 (a truncation of another index, and the new
      // folio added there) until one step could be replaced and another dropped at once
      expect: violates('reader-ref-on-folio', 7),
    },
    {
      name: 'split-without-freeze',
      meaning: 'split compares the refcount instead of freezing it: a reader takes the head folio at a tail index it no longer covers',
      knobs: { splitFreezes: false },
      expect: violates(['lookup-covers-index', 'references-accounted'], 5),
    },
    {
      name: 'split-unfreezes-head-first',
      meaning: 'split unfreezes the head folio before every tail piece is stored: tail slots still point at it',
      knobs: { splitHeadUnfreeze: 'first' },
      expect: violates('lookup-covers-index', 5),
    },
    {
      name: 'evict-without-freeze',
      meaning: '__remove_mapping compares the refcount instead of freezing it: a reader takes a reference and eviction frees under it',
      knobs: { evictFreezes: false },
      expect: violates('references-accounted', 5),
    },
    {
      name: 'truncate-put-before-delete',
      meaning: "truncate drops the page cache's references before page_cache_delete: the xarray maps a freed folio",
      knobs: { truncateOrder: 'put-then-delete' },
      expect: violates('xarray-consistent', 1),
    },
    {
      name: 'node-freed-without-grace-period',
      meaning: 'xas_delete_node frees an emptied xa_node at once instead of call_rcu: a lockless reader inside it reads freed memory',
      knobs: { nodeFree: 'immediate' },
      expect: violates('rcu-node-live', 2),
    },
  ],
  scenarios: pagecacheScenarios,
  budget: { runs: 10_000, maxSteps: 20, states: 15_000 },
  draw: 'kind',
  init: (knobs) => initPagecacheState(knobs.lookupReaders),
  actions: pagecacheActions,
  guards: pagecacheGuards,
  transitions: {
    xasLoad: (d, { reader, index }, knobs) => xasLoad(d, reader, index, knobs),
    xasDescend: (d, { reader }) => xasDescend(d, reader),
    tryGet: (d, { reader }) => tryGet(d, reader),
    xasReload: (d, { reader }, knobs) => xasReload(d, reader, knobs),
    folioPut: (d, { reader }) => folioPut(d, reader),
    batchLoad: (d, { index }, knobs) => batchLoad(d, index, knobs),
    batchDescend: (d) => batchDescend(d),
    batchTryGet: (d) => batchTryGet(d),
    batchReload: (d, _a, knobs) => batchReload(d, knobs),
    batchRelease: (d) => batchRelease(d),
    addFolio: (d, { index, order }, knobs) => w.addFolio(d, index, order, knobs),
    truncateDelete: (d, { index }, knobs) => w.truncateDelete(d, index, knobs),
    truncatePut: (d, _a, knobs) => w.truncatePut(d, knobs),
    evictFreeze: (d, { index }, knobs) => w.evictFreeze(d, index, knobs),
    evictDelete: (d, _a, knobs) => w.evictDelete(d, knobs),
    evictFree: (d) => w.evictFree(d),
    splitFreeze: (d, { index, uniform }, knobs) => (uniform ? w.splitFreeze(d, index, -1, knobs) : w.splitFreeze(d, folioStart(d, index), index, knobs)),
    splitXas: (d, _a, knobs) => w.splitXas(d, knobs),
    splitStoreTail: (d) => w.splitStoreTail(d),
    splitUnfreezeHead: (d) => w.splitUnfreezeHead(d),
    nodeRcuFree: (d, { node }) => w.nodeRcuFree(d, node),
  },
  describe: describePagecacheAction,
  coordinates: pagecacheCoordinates,
  bookkeeping: ['seen', 'readers.*.loaded', 'batch.loaded'],
  cells: pagecacheCells,
  symmetry: canonicalPagecache,
});
