import type { Draft } from '../../src/index.ts';
import type { FolioKnobs } from './knobs.ts';
import { clearFolio, type FolioState } from './state.ts';

/** `folio_expected_ref_count()`: one per mapping, one per page for the page cache. */
export function expectedRefcount(f: { mapcount: number; cached: boolean; pages: readonly unknown[] }): number {
  return f.mapcount + (f.cached ? f.pages.length : 0);
}

/**
 * `migrate_pages` of one folio to a free slot (`__folio_migrate_mapping`): freeze the refcount
 * at the expected count, else back off with -EAGAIN; move contents, PTEs and the page-cache
 * entry; the old folio keeps only the references nobody accounted for. Returns success.
 */
export function migrateFolio(d: Draft<FolioState>, src: number, dst: number, knobs: FolioKnobs): boolean {
  const old = d.folios[src]!;
  const expected = expectedRefcount(old);
  if (knobs.migrationFreezes && old.refcount !== expected) return false;
  const target = d.folios[dst]!;
  Object.assign(target, { allocated: true, refcount: expected, mapcount: old.mapcount, entireMapcount: old.entireMapcount, pincount: 0 });
  Object.assign(target, { anon: old.anon, cached: old.cached, pages: old.pages.map((p) => ({ ...p })) });
  for (const proc of d.processes) {
    for (const v of proc.vpages) if (v.pte?.folio === src) v.pte.folio = dst;
    if (proc.pmd?.folio === src) proc.pmd.folio = dst; // THP migration: PMD migration entries
  }
  if (d.pagecache === src) d.pagecache = dst;
  const left = old.refcount - expected;
  if (left <= 0) clearFolio(old);
  else Object.assign(old, { refcount: left, mapcount: 0, entireMapcount: 0, cached: false, pages: old.pages.map((p) => ({ ...p, mapcount: 0 })) });
  d.seen.migrated = true;
  return true;
}
