import type { Immutable, StepProperty } from '../../src/index.ts';
import type { PagecacheAction } from '../../models/pagecache/actions.ts';
import type { PagecacheKnobs } from '../../models/pagecache/knobs.ts';
import type { PagecacheState } from '../../models/pagecache/state.ts';
import { covers, folioAt } from '../../models/pagecache/xarray.ts';

type Step = StepProperty<PagecacheState, PagecacheAction, PagecacheKnobs>;

/** Why folio `obj` returned for `index` is wrong, or undefined when it is the one cached there. */
function wrongFolio(s: Immutable<PagecacheState>, who: string, obj: number, index: number): string | undefined {
  const f = s.folios[obj];
  if (f === undefined || !f.live) return `${who} returns desc ${obj} for index ${index}, which is not a live folio`;
  if (!covers(f, index)) return `${who} returns folio ${obj} (index ${f.index}, order ${f.order}) for index ${index}, which it does not cover`;
  const cached = folioAt(s, index);
  if (cached !== obj) return `${who} returns folio ${obj} for index ${index}, which maps ${cached === undefined ? 'no folio' : `folio ${cached}`}`;
  return undefined;
}

export const lookupCoversIndex: Step = {
  kind: 'step',
  name: 'lookup-covers-index',
  meaning: 'a lookup (or a batch entry) returns the live folio the page cache maps at the index asked, covering it; otherwise it retries',
  rule: 'if (folio != xas_reload(&xas)) goto repeat, xas_reload resolving the sibling of xa_index',
  check: (before, action, after) => {
    if (action.kind === 'xasReload' && after.readers[action.reader]!.pc === 'holding') {
      const r = after.readers[action.reader]!;
      return wrongFolio(after, `T${action.reader}`, r.obj, r.index);
    }
    if (action.kind === 'batchReload' && after.batch.batch.length > before.batch.batch.length) {
      return wrongFolio(after, 'B', before.batch.obj, before.batch.cursor);
    }
    return undefined;
  },
};

export const readerRefOnFolio: Step = {
  kind: 'step',
  name: 'reader-ref-on-folio',
  meaning: 'a lockless reader calls folio_try_get only on a folio pointer (never a value or sibling entry) and succeeds only on a live, unfrozen folio',
  rule: 'xa_is_value() / xa_is_sibling() before an entry is a folio; folio_try_get() = folio_ref_add_unless(folio, 1, 0)',
  check: (before, action, after) => {
    const who = action.kind === 'tryGet' ? before.readers[action.reader]! : action.kind === 'batchTryGet' ? before.batch : undefined;
    if (who === undefined) return undefined;
    const name = action.kind === 'tryGet' ? `T${action.reader}` : 'B';
    if (who.loaded !== 'folio') return `${name} calls folio_try_get on a ${who.loaded} entry's bits (${who.obj}) as if a folio pointer`;
    const f = before.folios[who.obj]!;
    const got = action.kind === 'tryGet' ? after.readers[action.reader]!.pc === 'got' : after.batch.pc === 'got';
    return got && (!f.live || f.count === 0) ? `${name} took a reference on desc ${who.obj} at refcount 0 (${f.live ? 'frozen' : 'free'})` : undefined;
  },
};
