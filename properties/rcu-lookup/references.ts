import type { AlwaysProperty, Immutable, StepProperty } from '../../src/index.ts';
import type { LookupAction } from '../../models/rcu-lookup/actions.ts';
import type { LookupKnobs } from '../../models/rcu-lookup/knobs.ts';
import type { LookupState } from '../../models/rcu-lookup/state.ts';

type Step = StepProperty<LookupState, LookupAction, LookupKnobs>;

const READER_REFCOUNT_STEPS = new Set(['tryGet', 'recheck', 'put']);

/** Readers holding a reference (after a successful `folio_try_get`) to descriptor `obj`. */
function readerRefs(s: Immutable<LookupState>, obj: number): number {
  let n = 0;
  for (const r of s.readers) if ((r.pc === 'got' || r.pc === 'holding') && r.ptr === obj) n++;
  return n;
}

export const tryGetNotZero: Step = {
  kind: 'step',
  name: 'try-get-not-zero',
  meaning: 'folio_try_get never succeeds on a refcount of zero (free or frozen): nothing resurrects',
  rule: 'folio_try_get() = folio_ref_add_unless(folio, 1, 0)',
  check: (before, action, after) => {
    if (action.kind !== 'tryGet' || after.readers[action.reader]!.pc !== 'got') return undefined;
    const obj = before.readers[action.reader]!.ptr!;
    const count = before.descriptors[obj]!.count;
    return count === 0 ? `T${action.reader} took a reference on desc ${obj} whose refcount was 0 (${before.descriptors[obj]!.kind})` : undefined;
  },
};

export const noTypeConfusion: Step = {
  kind: 'step',
  name: 'no-type-confusion',
  meaning: 'a lockless refcount change lands only on a folio descriptor; its memory changes type only when no reader can point into it',
  rule: 'mappable memdescs come from SLAB_TYPESAFE_BY_RCU caches (State of the Page, 2022)',
  check: (before, action, after) => {
    if (action.kind === 'reuseAsPagetable') {
      const r = before.readers.findIndex((reader) => reader.ptr === action.obj);
      return r >= 0 ? `desc ${action.obj} became a ptdesc while T${r} (${before.readers[r]!.pc}) still points at it` : undefined;
    }
    if (!READER_REFCOUNT_STEPS.has(action.kind)) return undefined;
    for (let obj = 0; obj < before.descriptors.length; obj++) {
      const desc = before.descriptors[obj]!;
      const changed = after.descriptors[obj]!.count !== desc.count;
      if (changed && desc.kind === 'pagetable') return `${action.kind} changed the ${desc.kind} word of desc ${obj}: ${desc.count} -> ${after.descriptors[obj]!.count}`;
    }
    return undefined;
  },
};

export const lookupIdentity: Step = {
  kind: 'step',
  name: 'lookup-identity',
  meaning: 'a lookup returns the folio the page cache maps at that index at return time, with a reference',
  rule: 'xas_reload() after folio_try_get(): identity is re-validated after the reference',
  check: (before, action, after) => {
    if (action.kind !== 'recheck' || after.readers[action.reader]!.pc !== 'holding') return undefined;
    const reader = after.readers[action.reader]!;
    const obj = reader.ptr!;
    const desc = after.descriptors[obj]!;
    const cached = after.pagecache[reader.index];
    if (cached !== obj) return `T${action.reader} returns desc ${obj} for index ${reader.index}, which maps ${cached === undefined ? 'nothing' : `desc ${cached}`}`;
    if (desc.kind !== 'folio' || desc.index !== reader.index) return `T${action.reader} returns desc ${obj}, a ${desc.kind} for index ${desc.index}`;
    return undefined;
  },
};

export const referencesAccounted: AlwaysProperty<LookupState, LookupKnobs> = {
  kind: 'always',
  name: 'references-accounted',
  meaning: 'every folio refcount is what its holders account for; no reference is held on a free or frozen folio',
  rule: 'a failed re-check drops what it took; free only at refcount 0',
  check: (s) => {
    for (let obj = 0; obj < s.descriptors.length; obj++) {
      const desc = s.descriptors[obj]!;
      const readers = readerRefs(s, obj);
      const frozen = (s.reclaim.kind === 'frozen' || s.reclaim.kind === 'deleted') && s.reclaim.obj === obj;
      if (desc.kind !== 'folio' || frozen) {
        if (readers > 0) return `desc ${obj} (${frozen ? 'frozen' : desc.kind}) has ${readers} reader reference(s)`;
        continue;
      }
      const cache = s.pagecache.includes(obj) ? 1 : 0;
      const truncate = s.truncate.kind === 'removed' && s.truncate.obj === obj ? 1 : 0;
      const expected = cache + truncate + readers;
      if (desc.count !== expected) {
        return `desc ${obj}: refcount ${desc.count} != page cache ${cache} + truncate ${truncate} + readers ${readers}`;
      }
    }
    return undefined;
  },
};
