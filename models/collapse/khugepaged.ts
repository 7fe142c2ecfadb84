import type { Draft, Immutable } from '../../src/index.ts';
import { folioMaybeDmaPinned } from '../parts/pinAccounting.ts';
import type { CollapseKnobs } from './knobs.ts';
import { putFolio } from './frames.ts';
import { pageFolio, ptesOf, VPAGES, type CollapseState } from './state.ts';

type D = Draft<CollapseState>;
type S = Immutable<CollapseState>;

/** The distinct folios P0's PTE table maps, in address order. */
export function foliosInTable(s: S): number[] {
  const seen: number[] = [];
  for (const pte of ptesOf(s, 0)) if (pte.kind === 'present' && !seen.includes(pageFolio(s, pte.pfn))) seen.push(pageFolio(s, pte.pfn));
  return seen;
}

/**
 * The refcount check of `__collapse_huge_page_isolate` (and of the scan): every folio must have
 * exactly `folio_expected_ref_count()` references, i.e. one per mapping. Any GUP pin or other
 * external reference fails it (SCAN_PAGE_COUNT).
 */
export function firstUnexpectedRefs(s: S): { folio: number; refcount: number; expected: number } | undefined {
  for (const folio of foliosInTable(s)) {
    const f = s.folios[folio]!;
    if (f.refcount !== f.mapcount) return { folio, refcount: f.refcount, expected: f.mapcount };
  }
  return undefined;
}

/** The THP an in-place collapse would remap: the folio of the first present PTE, if PMD-order. */
export function inPlaceCandidate(s: S): number | undefined {
  const first = ptesOf(s, 0).find((pte) => pte.kind === 'present');
  const folio = first?.kind === 'present' ? pageFolio(s, first.pfn) : undefined;
  return folio !== undefined && s.folios[folio]!.large ? folio : undefined;
}

/** P0's range can be collapsed: one PMD-aligned VMA mapped by a PTE table. */
export function collapsible(s: S): boolean {
  const p0 = s.processes[0]!;
  return p0.alive && p0.vma.every(Boolean) && p0.pmd.kind === 'table';
}

/**
 * `tlb_remove_table_sync_one()` returns once every CPU has taken the IPI, i.e. once no GUP-fast
 * is inside its interrupts-disabled walk; the step after `pmdp_collapse_flush` waits for that.
 */
export const tableSynced = (s: S, knobs: CollapseKnobs): boolean => !knobs.tableSync || s.gupFast.pc === 'idle';

/** The PTE table P0's PMD points at (khugepaged's start guard has checked there is one). */
export function p0Table(s: S): number {
  const pmd = s.processes[0]!.pmd;
  if (pmd.kind !== 'table') throw new Error('P0 has no PTE table to collapse');
  return pmd.table;
}

/** `pmdp_collapse_flush()`: clear P0's PMD and flush; khugepaged keeps the PTE table it unhooked. */
export function collapseFlush(d: D): void {
  d.processes[0]!.pmd = { kind: 'none' };
}

/** A collapse backs off: `pmd_populate()` puts the PTE table back; a new THP is freed. */
export function backOff(d: D, newFolio: number | undefined): void {
  const k = d.khugepaged;
  const p0 = d.processes[0]!;
  if (k.pc !== 'idle' && p0.alive && p0.pmd.kind === 'none') p0.pmd = { kind: 'table', table: k.table };
  if (newFolio !== undefined) putFolio(d, newFolio);
  d.khugepaged = { pc: 'idle' };
}

/** Some folio of the range may be pinned: the back-off a witness looks for. */
export const anyMaybePinned = (s: S): boolean => foliosInTable(s).some((folio) => folioMaybeDmaPinned(s.folios[folio]!));

/** Zap every PTE of P0's unhooked or deposited table: one mapping and one reference each. */
export function clearTable(d: D, table: number): void {
  const ptes = d.tables[table]!.ptes;
  for (const v of VPAGES) {
    const pte = ptes[v]!;
    if (pte.kind !== 'present') continue;
    ptes[v] = { kind: 'none' };
    const folio = pageFolio(d, pte.pfn);
    d.folios[folio]!.mapcount--;
    putFolio(d, folio);
  }
}
