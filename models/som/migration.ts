import type { Draft } from '../../src/index.ts';
import { allocChunk, chunkRef, putChunk } from './chunks.ts';
import type { SomKnobs } from './knobs.ts';
import type { SomState } from './state.ts';

type S = Draft<SomState>;

function recordFailure(d: S, chunk: number, extraRefs: number): void {
  d.migrationFailures++;
  d.lastMigrationFailure = { chunk, zone: d.chunks[chunk]!.zone, extraRefs };
}

/**
 * `migrate_pages()` step 1: take the target out of the pool (`alloc_migration_target`, one
 * reference), isolate the source (`folio_isolate_hugetlb`, one reference) and replace every
 * PTE mapping it by a migration entry (`try_to_migrate`), dropping those mappings' references.
 * A design that never migrates som chunks fails here with -EBUSY.
 */
export function migrationUnmap(d: S, src: number, dst: number, knobs: SomKnobs): boolean {
  const c = d.chunks[src]!;
  if (knobs.migration === 'never') {
    recordFailure(d, src, c.refcount - c.mapcount);
    return false;
  }
  allocChunk(d, dst);
  chunkRef(d, dst, 0, 1, 'alloc_migration_target', knobs);
  chunkRef(d, src, 0, 1, 'folio_isolate_hugetlb', knobs);
  // each PTE of the source, in process and vpage order (the walk only rewrites the one it is at)
  for (let proc = 0; proc < d.processes.length; proc++) {
    const vpages = d.processes[proc]!.area?.vpages ?? [];
    for (let vpage = 0; vpage < vpages.length; vpage++) {
      if (vpages[vpage]!.pte?.chunk !== src) continue;
      vpages[vpage]!.pte = { kind: 'migration', chunk: src };
      c.mapcount--;
      chunkRef(d, src, vpage, -1, 'try_to_migrate', knobs);
    }
  }
  return true;
}

/**
 * `migrate_pages()` step 2: `folio_ref_freeze(src, 1)` proves that only the isolation reference
 * is left (no pin, no GUP-fast grab); then the data moves and the migration entries become
 * PTEs of the target. If the freeze fails, `remove_migration_ptes` restores the source. The
 * known-bad `ignore-pins` moves without the freeze.
 */
export function migrationMove(d: S, src: number, dst: number, knobs: SomKnobs): boolean {
  const c = d.chunks[src]!;
  const moved = knobs.migration !== 'freeze' || c.refcount === 1;
  const target = moved ? dst : src;
  if (!moved) {
    recordFailure(d, src, c.refcount - 1);
    d.seen.migrationBlocked = true;
  }
  for (let proc = 0; proc < d.processes.length; proc++) {
    const vpages = d.processes[proc]!.area?.vpages ?? [];
    for (let vpage = 0; vpage < vpages.length; vpage++) {
      const pte = vpages[vpage]!.pte;
      if (pte?.chunk !== src || pte.kind !== 'migration') continue;
      vpages[vpage]!.pte = { kind: 'present', chunk: target };
      d.chunks[target]!.mapcount++;
      chunkRef(d, target, vpage, 1, 'remove_migration_ptes', knobs);
    }
  }
  if (moved) {
    for (const p of d.processes) if (p.area?.chunk === src) p.area.chunk = dst;
    d.seen.migrated = true;
  }
  putChunk(d, dst, 0, 'folio_put(target)', knobs);
  putChunk(d, src, 0, moved ? 'folio_put(source)' : 'folio_putback_hugetlb', knobs);
  return moved;
}

/** A synchronous `migrate_pages()` of one chunk, as FOLL_LONGTERM's `check_and_migrate_movable_folios` does. */
export function migrateNow(d: S, src: number, dst: number, knobs: SomKnobs): boolean {
  return migrationUnmap(d, src, dst, knobs) && migrationMove(d, src, dst, knobs);
}
