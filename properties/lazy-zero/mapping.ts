import type { AlwaysProperty } from '../../src/index.ts';
import type { LazyZeroKnobs } from '../../models/lazy-zero/knobs.ts';
import { mappings, VPAGES, type LazyZeroState } from '../../models/lazy-zero/state.ts';

type Invariant = AlwaysProperty<LazyZeroState, LazyZeroKnobs>;

export const pmdOnlyWhenZeroed: Invariant = {
  kind: 'always',
  name: 'pmd-only-when-zeroed',
  meaning: 'the folio is mapped by one PMD only when every subpage has been zeroed',
  rule: 'the seed: "at a certain time (e.g., all zeroed), simply remap using a PMD"',
  check: (s) => {
    if (s.pmd.kind !== 'huge') return undefined;
    const unzeroed = VPAGES.filter((v) => s.folio.data[v] === 'stale');
    return unzeroed.length === 0 ? undefined : `PMD maps the folio while page(s) ${unzeroed.join(', ')} are not zeroed`;
  },
};

export const countsExact: Invariant = {
  kind: 'always',
  name: 'counts-exact',
  meaning: 'mapcount is the number of PTEs (protnone too) or PMDs mapping the folio, refcount equals mapcount',
  rule: 'folio_mapcount() counts every PTE and PMD; an anon folio outside the swap cache has folio_expected_ref_count == mapcount',
  check: (s) => {
    const f = s.folio;
    const mapped = mappings(s);
    if (f.mapcount !== mapped) return `folio mapcount ${f.mapcount}, but ${mapped} page-table entries map it`;
    return f.refcount === f.mapcount ? undefined : `folio refcount ${f.refcount} != mapcount ${f.mapcount} (no pins, no swap cache)`;
  },
};
