import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import type { PagecacheKnobs } from '../../models/pagecache/knobs.ts';
import { nrPages, type PagecacheState } from '../../models/pagecache/state.ts';
import { slotAt } from '../../models/pagecache/xarray.ts';

/** References lockless readers hold on `obj`: a lookup between its try-get and its put, each batch entry. */
export function readerRefs(s: Immutable<PagecacheState>, obj: number): number {
  const lookups = s.readers.filter((r) => (r.pc === 'got' || r.pc === 'holding') && r.obj === obj).length;
  const batch = s.batch.batch.filter((b) => b === obj).length + (s.batch.pc === 'got' && s.batch.obj === obj ? 1 : 0);
  return lookups + batch;
}

/** The references the page cache (or the writer that took them over) holds on `obj`. */
function cacheRefs(s: Immutable<PagecacheState>, obj: number): number {
  const f = s.folios[obj]!;
  const w = s.writer;
  if (w.kind === 'truncated' && w.obj === obj) return nrPages(w.order);
  if ((w.kind === 'evict-frozen' || w.kind === 'evicted') && w.obj === obj) return w.refs;
  if ((w.kind === 'split-frozen' || w.kind === 'split-storing') && w.obj === obj && !w.headUnfrozen) return w.refs;
  const head = slotAt(s, f.index);
  return head?.kind === 'folio' && head.obj === obj ? nrPages(f.order) : 0;
}

export const referencesAccounted: AlwaysProperty<PagecacheState, PagecacheKnobs> = {
  kind: 'always',
  name: 'references-accounted',
  meaning: 'a folio refcount is the page cache references plus the readers\' ; no reader holds a reference on a free or frozen folio',
  rule: 'folio_ref_freeze() at the expected count keeps speculative references out until unfreeze',
  check: (s) => {
    for (const [obj, f] of s.folios.entries()) {
      const readers = readerRefs(s, obj);
      if (!f.live || f.count === 0) {
        if (readers > 0) return `desc ${obj} (${f.live ? 'frozen' : 'free'}) has ${readers} reader reference(s)`;
        continue;
      }
      const cache = cacheRefs(s, obj);
      if (f.count !== cache + readers) return `folio ${obj}: refcount ${f.count} != page cache ${cache} + readers ${readers}`;
    }
    return undefined;
  },
};
