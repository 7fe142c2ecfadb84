import { unreachable, type Draft, type Immutable } from '../../src/index.ts';
import { backOff, clearTable, collapseFlush, inPlaceCandidate, procTable } from './khugepaged.ts';
import type { CollapseKnobs } from './knobs.ts';
import { pageFolio, ptesOf, VPAGES, type CollapseState } from './state.ts';

type D = Draft<CollapseState>;
type S = Immutable<CollapseState>;

/**
 * In-place collapse begins (modelled on `collapse_pte_mapped_thp`, for an anonymous THP):
 * mmap_write_lock, `folio_trylock`, then `pmdp_collapse_flush` so that no GUP-fast walks the
 * PTE table while it is being replaced. No new THP, no copy.
 */
export function inPlaceStart(d: D, proc = 0, by: 'khugepaged' | 'madvise' = 'khugepaged'): void {
  const folio = inPlaceCandidate(d, proc)!;
  const table = procTable(d, proc);
  collapseFlush(d, proc);
  d.khugepaged = { mode: 'in-place', pc: 'flushed', folio, exclusive: false, table, proc, by };
}

/**
 * The first PTE that does not map page `folio + i` of the folio: a hole, a COWed or refaulted
 * page, another THP's page, or the right pfn now in an order-0 folio a split made.
 */
export function firstStrayPte(s: S, folio: number, proc = 0): number | undefined {
  const table = ptesOf(s, proc);
  const stray = VPAGES.findIndex((v) => {
    const pte = table[v]!;
    return pte.kind !== 'present' || pte.pfn !== folio + v || pageFolio(s, pte.pfn) !== folio;
  });
  return stray < 0 ? undefined : stray;
}

/**
 * The PMD's PageAnonExclusive from the subpages' flags, or `undefined` to back off. The
 * proposal: all set maps exclusive, all clear maps shared, mixed backs off.
 */
export function pmdExclusive(s: S, folio: number, knobs: CollapseKnobs): boolean | undefined {
  const flags = VPAGES.map((v) => s.pages[folio + v]!.exclusive);
  const all = flags.every(Boolean);
  switch (knobs.inPlaceExclusive) {
    case 'all-or-nothing':
      return all ? true : flags.some(Boolean) ? undefined : false;
    case 'head-decides':
      return flags[0]!;
    case 'share-mixed':
      return all;
    default:
      return unreachable(knobs.inPlaceExclusive);
  }
}

/**
 * The refcount check: every reference is a mapping or a pin. Pins are allowed because nothing
 * moves; `_pincount` counts them exactly for a large folio. A FOLL_GET or other reference
 * still backs off, as in the copying collapse.
 */
export const refsExplained = (s: S, folio: number): boolean => {
  const f = s.folios[folio]!;
  return f.refcount === f.mapcount + f.pincount;
};

/** One step of the in-place collapse, after its start. */
export function inPlaceStep(d: D, knobs: CollapseKnobs): void {
  const k = d.khugepaged;
  if (k.pc === 'idle' || k.mode !== 'in-place') return;
  const p = d.processes[k.proc]!;
  // the known-bad MADV_COLLAPSE remap: the caller's range, so its PMD is taken as exclusive and writable
  const callerOwns = k.by === 'madvise';
  const f = d.folios[k.folio]!;
  switch (k.pc) {
    case 'flushed':
      // tlb_remove_table_sync_one() (a guard), then every PTE must map folio + i
      if (knobs.inPlacePteCheck && firstStrayPte(d, k.folio, k.proc) !== undefined) return backOff(d, undefined);
      d.khugepaged = { ...k, pc: 'ptes-ok' };
      return;
    case 'ptes-ok': {
      const exclusive = callerOwns ? true : pmdExclusive(d, k.folio, knobs);
      if (exclusive === undefined) return backOff(d, undefined);
      d.khugepaged = { ...k, pc: 'pae-ok', exclusive };
      return;
    }
    case 'pae-ok':
      if (!refsExplained(d, k.folio)) return backOff(d, undefined);
      d.khugepaged = { ...k, pc: 'refs-ok' };
      return;
    case 'refs-ok': {
      // set_pmd_at + folio_add_anon_rmap_pmd (+ folio_get): the PMD mapping and its reference
      const writable = callerOwns || knobs.inPlaceWritable === 'always' || ptesOf(d, k.proc).every((pte) => pte.kind === 'present' && pte.writable);
      for (const v of VPAGES) {
        const page = d.pages[k.folio + v]!;
        if (v === 0) page.exclusive = k.exclusive;
        else if (knobs.inPlaceClearsTailPae || !k.exclusive) page.exclusive = false;
      }
      f.mapcount++;
      f.entireMapcount++;
      if (knobs.inPlacePmdRef) f.refcount++;
      p.pmd = { kind: 'huge', folio: k.folio, writable, deposit: k.table };
      d.khugepaged = { ...k, pc: 'replaced' };
      return;
    }
    case 'replaced':
      // folio_remove_rmap_ptes + folio_put_refs(n): the PTE mappings go; the old table is the deposit
      if (f.pincount > 0) d.seen.pinnedCollapsedInPlace = true;
      if (!k.exclusive) d.seen.sharedCollapsedInPlace = true;
      clearTable(d, k.table);
      d.khugepaged = { pc: 'idle' };
      return;
    default:
      return unreachable(k);
  }
}
