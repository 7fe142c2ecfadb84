import type { AlwaysProperty } from '../../src/index.ts';
import type { PagecacheKnobs } from '../../models/pagecache/knobs.ts';
import type { PagecacheState } from '../../models/pagecache/state.ts';

export const xarrayConsistent: AlwaysProperty<PagecacheState, PagecacheKnobs> = {
  kind: 'always',
  name: 'xarray-consistent',
  meaning: 'every folio entry points at a live folio; every sibling entry names an earlier canonical slot holding a folio or a shadow',
  rule: 'page_cache_delete() before the page cache drops its references; xas_store() of a multi-index entry',
  check: (s) => {
    for (const [i, e] of s.slots.entries()) {
      if (e?.kind === 'folio' && s.folios[e.obj]?.live !== true) return `index ${i} maps desc ${e.obj}, which is free`;
      if (e?.kind !== 'sibling') continue;
      const head = s.slots[e.head] ?? null;
      if (e.head >= i || head === null || head.kind === 'sibling') return `index ${i}: sibling(${e.head}) names a slot holding ${head === null ? 'NULL' : head.kind}`;
    }
    return undefined;
  },
};
