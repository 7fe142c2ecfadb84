import type { Scenario } from '../../src/index.ts';
import type { PagecacheAction } from './actions.ts';
import type { PagecacheKnobs } from './knobs.ts';
import type { PagecacheState } from './state.ts';

type S = Scenario<PagecacheState, PagecacheAction, PagecacheKnobs>;

const T0 = { reader: 0 } as const;
const lookup = (index: number): PagecacheAction[] => [
  { kind: 'xasLoad', ...T0, index },
  { kind: 'tryGet', ...T0 },
  { kind: 'xasReload', ...T0 },
];

/** T0 reads the sibling at index 5; folio 1 (order 2 at 4-7) is split before T0 reaches slot 4. */
const splitUnderSibling: PagecacheAction[] = [
  { kind: 'xasLoad', ...T0, index: 5 },
  { kind: 'splitFreeze', index: 4, uniform: true },
  { kind: 'splitXas' },
  { kind: 'xasDescend', ...T0 },
  { kind: 'tryGet', ...T0 },
];

const holding = (obj: number) => (s: PagecacheState) =>
  s.readers[0]!.pc === 'holding' && s.readers[0]!.obj === obj ? undefined : `T0 ${s.readers[0]!.pc} folio ${s.readers[0]!.obj}`;

export const pagecacheScenarios: readonly S[] = [
  {
    name: 'hit',
    meaning: 'a lookup of index 0 returns folio 0 with a reference',
    steps: lookup(0),
    expect: { kind: 'final', meaning: 'T0 holds folio 0, refcount 2', check: (s) => holding(0)(s) ?? (s.folios[0]!.count === 2 ? undefined : `refcount ${s.folios[0]!.count}`) },
  },
  {
    name: 'miss',
    meaning: 'a lookup of index 3 finds NULL',
    steps: [{ kind: 'xasLoad', ...T0, index: 3 }],
    expect: { kind: 'final', meaning: 'T0 is back idle with nothing', check: (s) => (s.readers[0]!.pc === 'idle' && s.seen.miss ? undefined : `T0 ${s.readers[0]!.pc}`) },
  },
  {
    name: 'shadow',
    meaning: 'a lookup of index 1 returns the shadow entry eviction left, with no reference taken',
    steps: [{ kind: 'xasLoad', ...T0, index: 1 }],
    expect: { kind: 'final', meaning: 'T0 returned the shadow', check: (s) => (s.readers[0]!.pc === 'idle' && s.seen.shadow ? undefined : `T0 ${s.readers[0]!.pc}`) },
  },
  {
    name: 'large-folio',
    meaning: 'a lookup of index 6 reads sibling(4), descends to slot 4 and returns folio 1 (order 2)',
    steps: [{ kind: 'xasLoad', ...T0, index: 6 }, { kind: 'xasDescend', ...T0 }, { kind: 'tryGet', ...T0 }, { kind: 'xasReload', ...T0 }],
    expect: { kind: 'final', meaning: 'T0 holds folio 1, refcount 5 (4 page-cache references + T0)', check: (s) => holding(1)(s) ?? (s.folios[1]!.count === 5 ? undefined : `refcount ${s.folios[1]!.count}`) },
  },
  {
    name: 'split-under-reader',
    meaning: 'folio 1 is frozen and split while T0 is between the sibling and its canonical slot: try-get fails; after the split T0 finds its own piece',
    steps: [
      ...splitUnderSibling,
      { kind: 'splitStoreTail' },
      { kind: 'splitStoreTail' },
      { kind: 'splitStoreTail' },
      { kind: 'splitUnfreezeHead' },
      ...lookup(5),
    ],
    expect: { kind: 'final', meaning: 'T0 holds the order-0 folio now at index 5 (descriptor 3, the first tail piece)', check: (s) => holding(3)(s) ?? (s.folios[3]!.index === 5 && s.folios[3]!.order === 0 ? undefined : 'folio 3 is not at index 5') },
  },
  {
    name: 'head-unfrozen-first-returns-wrong-folio',
    meaning: 'with the head unfrozen before the tails are stored, T0 at index 5 takes folio 1, which now covers index 4 only',
    variant: 'split-unfreezes-head-first',
    steps: [{ kind: 'splitFreeze', index: 4, uniform: true }, { kind: 'splitXas' }, ...lookup(5)],
    expect: { kind: 'violates', property: 'lookup-covers-index', atStep: 5 },
  },
  {
    name: 'canonical-reload-passes-a-split-folio',
    meaning: 'folio 1 is split at index 4 (non-uniform) between T0 reading slot 4 for index 5 and its reload: a reload of the canonical slot passes',
    variant: 'reload-at-canonical',
    steps: [
      { kind: 'xasLoad', ...T0, index: 5 },
      { kind: 'xasDescend', ...T0 },
      { kind: 'splitFreeze', index: 4, uniform: false },
      { kind: 'splitXas' },
      { kind: 'splitStoreTail' },
      { kind: 'splitStoreTail' },
      { kind: 'splitUnfreezeHead' },
      { kind: 'tryGet', ...T0 },
      { kind: 'xasReload', ...T0 },
    ],
    expect: { kind: 'violates', property: 'lookup-covers-index', atStep: 9 },
  },
  {
    name: 'uneven-split-under-reader',
    meaning: 'folio_split of folio 1 at index 5 while T0 reads index 7 through sibling(6): try-get fails on the frozen head; afterwards T0 gets the order-1 piece at 6-7',
    steps: [
      { kind: 'splitFreeze', index: 5, uniform: false },
      { kind: 'splitXas' },
      { kind: 'xasLoad', ...T0, index: 7 },
      { kind: 'xasDescend', ...T0 },
      { kind: 'tryGet', ...T0 },
      { kind: 'splitStoreTail' },
      { kind: 'splitStoreTail' },
      { kind: 'splitUnfreezeHead' },
      { kind: 'xasLoad', ...T0, index: 7 },
      { kind: 'xasDescend', ...T0 },
      { kind: 'tryGet', ...T0 },
      { kind: 'xasReload', ...T0 },
    ],
    expect: {
      kind: 'final',
      meaning: 'T0 holds folio 4 (index 6, order 1); folio 1 is order 0 at 4, folio 3 order 0 at 5',
      check: (s) => {
        const [f1, f3, f4] = [s.folios[1]!, s.folios[3]!, s.folios[4]!];
        const shape = f1.order === 0 && f3.index === 5 && f3.order === 0 && f4.index === 6 && f4.order === 1;
        return holding(4)(s) ?? (shape && s.seen.frozenRetry ? undefined : 'not split 4:o0 5:o0 6:o1, or no frozen retry');
      },
    },
  },
  {
    name: 'node-deleted-under-reader',
    meaning: "T0 holds folio 1 from node 1; truncate empties node 1 (xas_delete_node, call_rcu); T0's xas_reload reads NULL in the detached node and retries; the node is freed once T0 leaves",
    steps: [
      { kind: 'xasLoad', ...T0, index: 4 },
      { kind: 'tryGet', ...T0 },
      { kind: 'truncateDelete', index: 4 },
      { kind: 'xasReload', ...T0 },
      { kind: 'xasLoad', ...T0, index: 4 },
      { kind: 'nodeRcuFree', node: 1 },
    ],
    expect: {
      kind: 'final',
      meaning: 'T0 retried and missed; node 1 free, root slot 1 NULL',
      check: (s) => (s.readers[0]!.pc === 'idle' && s.seen.reloadRetry && s.nodes[1]!.state === 'free' && s.root[1] === -1 ? undefined : `T0 ${s.readers[0]!.pc}, node 1 ${s.nodes[1]!.state}`),
    },
  },
  {
    name: 'node-freed-under-reader',
    meaning: 'without call_rcu, truncate frees node 1 while T0, between xas_load and folio_try_get, is inside it',
    variant: 'node-freed-without-grace-period',
    steps: [
      { kind: 'xasLoad', ...T0, index: 4 },
      { kind: 'truncateDelete', index: 4 },
    ],
    expect: { kind: 'violates', property: 'rcu-node-live', atStep: 2 },
  },
];
