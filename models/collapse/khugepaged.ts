import type { Draft, Immutable } from '../../src/index.ts';
import { folioMaybeDmaPinned } from '../parts/pinAccounting.ts';
import type { CollapseKnobs } from './knobs.ts';
import { putFolio } from './frames.ts';
import { pageFolio, ptesOf, VPAGES, type CollapseState } from './state.ts';

type D = Draft<CollapseState>;
type S = Immutable<CollapseState>;

/** The distinct folios a process's PTE table maps (P0's by default), in address order. */
export function foliosInTable(s: S, proc = 0): number[] {
  const seen: number[] = [];
  for (const pte of ptesOf(s, proc)) if (pte.kind === 'present' && !seen.includes(pageFolio(s, pte.pfn))) seen.push(pageFolio(s, pte.pfn));
  return seen;
}

/**
 * The refcount check of `__collapse_huge_page_isolate` (and of the scan): every folio must have
 * exactly `folio_expected_ref_count()` references, i.e. one per mapping. Any GUP pin or other
 * external reference fails it (SCAN_PAGE_COUNT).
 */
export function firstUnexpectedRefs(s: S, proc = 0): { folio: number; refcount: number; expected: number } | undefined {
  for (const folio of foliosInTable(s, proc)) {
    const f = s.folios[folio]!;
    if (f.refcount !== f.mapcount) return { folio, refcount: f.refcount, expected: f.mapcount };
  }
  return undefined;
}

/** `foliosInTable(s, proc).length > 0` for the guards, without building the list: some PTE is present. */
export function tableMapsAny(s: S, proc = 0): boolean {
  for (const pte of ptesOf(s, proc)) if (pte.kind === 'present') return true;
  return false;
}

/** The THP an in-place collapse would remap: the folio of the first present PTE, if PMD-order. */
export function inPlaceCandidate(s: S, proc = 0): number | undefined {
  for (const pte of ptesOf(s, proc)) {
    if (pte.kind !== 'present') continue;
    const folio = pageFolio(s, pte.pfn);
    return s.folios[folio]!.large ? folio : undefined;
  }
  return undefined;
}

/** A process's range (P0's by default) can be collapsed: one PMD-aligned VMA mapped by a PTE table. */
export function collapsible(s: S, proc = 0): boolean {
  const p = s.processes[proc]!;
  if (!p.alive || p.pmd.kind !== 'table') return false;
  for (const inVma of p.vma) if (!inVma) return false;
  return true;
}

/** The process whose range a collapse in progress works on (P0 when none is). */
export const collapsing = (s: S): number => (s.khugepaged.pc === 'idle' ? 0 : s.khugepaged.proc);

/**
 * `tlb_remove_table_sync_one()` returns once every CPU has taken the IPI, i.e. once no GUP-fast
 * is inside its interrupts-disabled walk; the step after `pmdp_collapse_flush` waits for that.
 */
export const tableSynced = (s: S, knobs: CollapseKnobs): boolean => !knobs.tableSync || s.gupFast.pc === 'idle';

/** The PTE table a process's PMD points at (the collapse's start guard has checked there is one). */
export function procTable(s: S, proc: number): number {
  const pmd = s.processes[proc]!.pmd;
  if (pmd.kind !== 'table') throw new Error(`P${proc} has no PTE table to collapse`);
  return pmd.table;
}

/** `pmdp_collapse_flush()`: clear the PMD and flush; the collapse keeps the PTE table it unhooked. */
export function collapseFlush(d: D, proc: number): void {
  d.processes[proc]!.pmd = { kind: 'none' };
}

/**
 * A collapse backs off: after its flush, `pmd_populate()` puts the PTE table back (before it,
 * as when the revalidation finds the range zapped, the PMD is not the collapse's to touch);
 * a new THP is freed.
 */
export function backOff(d: D, newFolio: number | undefined): void {
  const k = d.khugepaged;
  const p = d.processes[collapsing(d)]!;
  if (k.pc !== 'idle' && k.pc !== 'scanned' && p.alive && p.pmd.kind === 'none') p.pmd = { kind: 'table', table: k.table };
  if (newFolio !== undefined) putFolio(d, newFolio);
  d.khugepaged = { pc: 'idle' };
}

/** Some folio of the range may be pinned: the back-off a witness looks for. */
export const anyMaybePinned = (s: S, proc = 0): boolean => foliosInTable(s, proc).some((folio) => folioMaybeDmaPinned(s.folios[folio]!));

/** Zap every PTE of an unhooked or deposited table: one mapping and one reference each. */
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
