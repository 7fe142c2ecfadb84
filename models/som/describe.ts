import { match } from 'ts-pattern';
import type { Immutable } from '../../src/index.ts';
import type { SomAction } from './actions.ts';
import type { SomKnobs } from './knobs.ts';
import { poolChunkWhere, STRUCT_PAGES_PER_VMEMMAP, type SomState } from './state.ts';

type S = Immutable<SomState>;

const zoneName = (s: S, chunk: number) => (s.chunks[chunk]!.zone === 'movable' ? 'ZONE_MOVABLE' : 'ZONE_NORMAL');
const chunkName = (s: S, chunk: number) => `chunk ${chunk} (${zoneName(s, chunk)})`;
const pteOf = (s: S, proc: number, vpage: number) => s.processes[proc]?.area?.vpages[vpage]?.pte;
const counters = (s: S, chunk: number) => {
  const c = s.chunks[chunk]!;
  return `refcount ${c.refcount}, mapcount ${c.mapcount}, pincount ${c.pincount}`;
};

/** A per-page design also writes subpage `vpage`'s struct page: through HVO's read-only vmemmap it faults. */
function subpageWrite(s: S, chunk: number, vpage: number, knobs: SomKnobs): string {
  if (knobs.metadata === 'folio') return '';
  if (knobs.metadata === 'per-page-restored') return `; subpage ${vpage} refcount after restoring the chunk's vmemmap`;
  const page = Math.floor(vpage / STRUCT_PAGES_PER_VMEMMAP);
  return s.chunks[chunk]!.vmemmap[page] === 'shared-ro'
    ? `; subpage ${vpage} refcount: vmemmap page ${page} is read-only (HVO), the write faults`
    : `; subpage ${vpage} refcount`;
}

/** `zap_pte_range` of one vpage: what happens to the chunk, by the design's `chunkReturn`. */
function zapBranch(s: S, proc: number, vpage: number, knobs: SomKnobs): string {
  const pte = pteOf(s, proc, vpage);
  if (pte === undefined) return 'nothing mapped';
  if (pte.kind === 'migration') return `migration entry of chunk ${pte.chunk} dropped (holds no reference)`;
  const c = s.chunks[pte.chunk]!;
  const [ref, map] = [c.refcount - 1, c.mapcount - 1];
  const now = `chunk ${pte.chunk} refcount ${c.refcount} -> ${ref}, mapcount ${c.mapcount} -> ${map}`;
  const back = match(knobs.chunkReturn)
    .with('refcount', () => ref === 0)
    .with('mapcount', () => map === 0)
    .with('first-unmap', () => true)
    .exhaustive();
  if (!back) return now;
  const why = match(knobs.chunkReturn)
    .with('refcount', () => 'refcount 0')
    .with('mapcount', () => (ref > 0 ? `mapcount 0, ${ref} reference(s) still held` : 'mapcount 0'))
    .with('first-unmap', () => (map > 0 ? `first unmap, ${map} PTE(s) still map it` : 'first unmap'))
    .exhaustive();
  return `${now}: free_huge_folio, back to the pool (${why})`;
}

/** `pin_user_pages()`: the FOLL_LONGTERM branch on a ZONE_MOVABLE chunk, then the grab. */
function pinBranch(s: S, proc: number, vpage: number, longterm: boolean, knobs: SomKnobs): string {
  const pte = pteOf(s, proc, vpage);
  if (pte === undefined) return 'no PTE, -EFAULT';
  const chunk = pte.chunk;
  const c = s.chunks[chunk]!;
  const grab = (at: number) => `try_grab_folio(chunk ${at}): refcount ${s.chunks[at]!.refcount} -> ${s.chunks[at]!.refcount + 1}, pincount ${s.chunks[at]!.pincount} -> ${s.chunks[at]!.pincount + 1}`;
  if (!longterm || c.zone !== 'movable') return grab(chunk) + subpageWrite(s, chunk, vpage, knobs);
  return match(knobs.longterm)
    .with('refuse', () => `${chunkName(s, chunk)}: refused`)
    .with('pin-in-place', () => `${chunkName(s, chunk)}: pinned in place; ${grab(chunk)}`)
    .with('migrate-first', () => {
      const target = poolChunkWhere(s, (i) => s.chunks[i]!.zone === 'normal');
      if (target === undefined) return `${chunkName(s, chunk)}: no ZONE_NORMAL chunk in the pool, -ENOMEM`;
      const extra = c.refcount - c.mapcount;
      if (knobs.migration === 'never') return `${chunkName(s, chunk)}: migrate_pages -> -EBUSY (som chunks never migrate)`;
      if (knobs.migration === 'freeze' && extra > 0) {
        return `${chunkName(s, chunk)}: migrate_pages backs off (${extra} reference(s) beyond the mappings), -EAGAIN`;
      }
      return `${chunkName(s, chunk)}: check_and_migrate_movable_folios -> chunk ${target} first, then pin it`;
    })
    .exhaustive();
}

/** Each step in kernel words with the branch it takes and the counters behind it. */
export function describeSomAction(a: SomAction, s: S, knobs: SomKnobs): string {
  const g = s.gupFast;
  const m = s.migration;
  return match(a)
    .with({ kind: 'fault' }, ({ proc, vpage }) => {
      const area = s.processes[proc]?.area;
      const chunk = area?.chunk ?? poolChunkWhere(s, () => true);
      if (chunk === undefined) return `P${proc} som fault vpage ${vpage}: alloc_hugetlb_folio -> pool empty, VM_FAULT_OOM`;
      const from = area?.chunk === undefined ? `alloc_hugetlb_folio -> ${chunkName(s, chunk)}, ` : '';
      const c = s.chunks[chunk]!;
      return (
        `P${proc} som fault vpage ${vpage}: ${from}PTE -> chunk ${chunk} page ${vpage} ` +
        `(refcount ${c.refcount} -> ${c.refcount + 1}, mapcount ${c.mapcount} -> ${c.mapcount + 1})${subpageWrite(s, chunk, vpage, knobs)}`
      );
    })
    .with({ kind: 'dontneed' }, ({ proc, vpage }) => `P${proc} madvise(vpage ${vpage}, MADV_DONTNEED): ${zapBranch(s, proc, vpage, knobs)}`)
    .with({ kind: 'munmap' }, ({ proc, vpage }) => `P${proc} munmap(vpage ${vpage}): ${zapBranch(s, proc, vpage, knobs)}`)
    .with({ kind: 'pin' }, ({ proc, vpage, longterm }) => {
      const flags = longterm ? 'FOLL_PIN|FOLL_LONGTERM' : 'FOLL_PIN';
      return `P${proc} pin_user_pages(vpage ${vpage}, ${flags}): ${pinBranch(s, proc, vpage, longterm, knobs)}`;
    })
    .with({ kind: 'unpin' }, ({ slot }) => {
      const p = s.pins[slot]!;
      if (p.kind !== 'held') return `driver unpin (pin ${slot} not held)`;
      const c = s.chunks[p.chunk]!;
      const back = c.refcount - 1 === 0 ? ': free_huge_folio, back to the pool' : '';
      return `driver unpin_user_page(chunk ${p.chunk} page ${p.vpage}) (pin ${slot}; refcount ${c.refcount} -> ${c.refcount - 1}, pincount ${c.pincount} -> ${c.pincount - 1})${back}`;
    })
    .with({ kind: 'gupFastLoad' }, ({ proc, vpage }) => `CPU1 GUP-fast P${proc} vpage ${vpage}: ptep_get_lockless -> chunk ${pteOf(s, proc, vpage)?.chunk}`)
    .with({ kind: 'gupFastGrab' }, () => {
      if (g.pc === 'idle') return 'CPU1 GUP-fast: try_grab_folio_fast';
      const ref = s.chunks[g.chunk]!.refcount;
      return ref === 0
        ? `CPU1 GUP-fast: try_grab_folio_fast(chunk ${g.chunk}) -> refcount 0 (free or frozen), backs off`
        : `CPU1 GUP-fast: try_grab_folio_fast(chunk ${g.chunk}) -> got it (refcount ${ref} -> ${ref + 1})`;
    })
    .with({ kind: 'gupFastRecheck' }, () => {
      if (g.pc === 'idle') return 'CPU1 GUP-fast: re-check the PTE';
      const pte = pteOf(s, g.proc, g.vpage);
      const same = pte?.kind === 'present' && pte.chunk === g.chunk;
      const slot = s.pins.some((p) => p.kind === 'none');
      return same && slot
        ? `CPU1 GUP-fast: re-check P${g.proc} vpage ${g.vpage} PTE -> unchanged, pin kept on chunk ${g.chunk}`
        : `CPU1 GUP-fast: re-check P${g.proc} vpage ${g.vpage} PTE -> ${same ? 'no pin slot' : 'changed'}, gup_put_folio(chunk ${g.chunk})`;
    })
    .with({ kind: 'fork' }, () => {
      const area = s.processes[0]?.area;
      if (area === undefined) return 'P0 fork() -> P1: no som area';
      if (area.dontcopy && knobs.fork === 'skip') return 'P0 fork() -> P1: dup_mmap skips the som VMA (VM_DONTCOPY)';
      const mapped = area.vpages.filter((v) => v.pte?.kind === 'present').length;
      return `P0 fork() -> P1: dup_mmap copies the som VMA${area.dontcopy ? ' despite VM_DONTCOPY' : ''}: ${mapped} PTE(s) of chunk ${area.chunk ?? '-'} shared`;
    })
    .with({ kind: 'somMmap' }, ({ proc }) => `P${proc} mmap(MAP_ANONYMOUS|MAP_PRIVATE) + madvise(MADV_DONTFORK)`)
    .with({ kind: 'madvDofork' }, ({ proc }) =>
      knobs.madvDofork === 'einval'
        ? `P${proc} madvise(som area, MADV_DOFORK) -> -EINVAL`
        : `P${proc} madvise(som area, MADV_DOFORK): VM_DONTCOPY cleared`,
    )
    .with({ kind: 'exit' }, ({ proc }) => `P${proc} exit(): exit_mmap zaps the som area; driver pins outlive it`)
    .with({ kind: 'migrateUnmap' }, ({ chunk }) => {
      const target = poolChunkWhere(s, () => true);
      return knobs.migration === 'never'
        ? `CPU2 migrate_pages(${chunkName(s, chunk)}) -> -EBUSY (som chunks never migrate)`
        : `CPU2 migrate_pages(${chunkName(s, chunk)}) -> chunk ${target}: isolate, try_to_migrate (${counters(s, chunk)})`;
    })
    .with({ kind: 'migrateMove' }, () => {
      if (m.pc === 'idle') return 'CPU2 migrate_pages: move';
      const ref = s.chunks[m.src]!.refcount;
      if (knobs.migration !== 'freeze') return `CPU2 migrate_pages: moves chunk ${m.src} -> ${m.dst} without folio_ref_freeze (refcount ${ref})`;
      return ref === 1
        ? `CPU2 migrate_pages: folio_ref_freeze(chunk ${m.src}, 1) -> ok, moved to chunk ${m.dst}`
        : `CPU2 migrate_pages: folio_ref_freeze(chunk ${m.src}, 1) fails (refcount ${ref}): remove_migration_ptes, -EAGAIN`;
    })
    .exhaustive();
}
