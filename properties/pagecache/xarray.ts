import type { AlwaysProperty } from '../../src/index.ts';
import type { PagecacheKnobs } from '../../models/pagecache/knobs.ts';
import { INDICES, NODE_SLOTS, type PagecacheState } from '../../models/pagecache/state.ts';
import { leafOf, slotAt } from '../../models/pagecache/xarray.ts';

type Always = AlwaysProperty<PagecacheState, PagecacheKnobs>;

export const xarrayConsistent: Always = {
  kind: 'always',
  name: 'xarray-consistent',
  meaning: 'the root names attached leaf nodes of its range, none empty; every folio entry points at a live folio; every sibling names an earlier canonical slot holding a folio or a shadow',
  rule: 'page_cache_delete() before the page cache drops its references; xas_store() of a multi-index entry; xas_delete_node() of an empty node',
  check: (s) => {
    for (const [leaf, node] of s.root.entries()) {
      if (node < 0) continue;
      const n = s.nodes[node]!;
      if (n.state !== 'attached' || n.base !== leaf * NODE_SLOTS) return `root slot ${leaf} names node ${node} (${n.state}, base ${n.base})`;
      if (n.slots.every((e) => e === null)) return `node ${node} is attached and empty (xas_delete_node missed)`;
    }
    for (const i of INDICES) {
      const e = slotAt(s, i);
      if (e?.kind === 'folio' && s.folios[e.obj]?.live !== true) return `index ${i} maps desc ${e.obj}, which is free`;
      if (e?.kind !== 'sibling') continue;
      const head = slotAt(s, e.head);
      if (e.head >= i || head === null || head.kind === 'sibling') return `index ${i}: sibling(${e.head}) names a slot holding ${head === null ? 'NULL' : head.kind}`;
    }
    return undefined;
  },
};

/** The readers' walks: each lookup reader's and the batch reader's node, with the index it is for. */
const walks = (s: PagecacheState) => [...s.readers.map((r, i) => ({ who: `T${i}`, node: r.node, index: r.index })), { who: 'B', node: s.batch.node, index: s.batch.cursor }];

export const rcuNodeLive: Always = {
  kind: 'always',
  name: 'rcu-node-live',
  meaning: 'an xa_node a reader reached inside its RCU read-side section is not freed (nor reused for other indices) until the reader leaves the section',
  rule: 'xa_node_free(): call_rcu(radix_tree_node_rcu_free), never kmem_cache_free at once',
  check: (s) => {
    for (const { who, node, index } of walks(s)) {
      if (node < 0) continue;
      const n = s.nodes[node]!;
      if (n.state === 'free') return `${who} is inside node ${node} (index ${index}), which is freed: its next load reads freed memory`;
      if (n.base !== leafOf(index) * NODE_SLOTS) return `${who} is inside node ${node} (index ${index}), reused for indices ${n.base}-${n.base + NODE_SLOTS - 1}`;
    }
    return undefined;
  },
};
