import type { Draft, Immutable } from '../../src/index.ts';
import type { LazyZeroKnobs } from './knobs.ts';
import { mappings, SUBPAGES, VPAGES, type LazyZeroState } from './state.ts';

type S = Draft<LazyZeroState>;

/** Whether the design believes every subpage is zeroed: its bitmap, or no protnone PTE left. */
export function believesAllZeroed(s: Immutable<LazyZeroState>, knobs: LazyZeroKnobs): boolean {
  if (knobs.zeroedState === 'bitmap') return s.folio.zeroed.every(Boolean);
  return s.pmd.kind === 'ptes' && s.pmd.ptes.every((p) => p === 'present');
}

/**
 * In-place remap of the PTE-mapped folio by one PMD (as `collapse_pte_mapped_thp` does for
 * file folios; no copy), under the mmap lock, folio lock and PMD lock: the PTE table goes
 * (`pmdp_collapse_flush`), the PMD maps the folio; N PTE mappings become one, so mapcount and
 * refcount drop by N-1 (the known-bad design keeps the PTEs' references).
 */
export function remapByPmd(d: S, knobs: LazyZeroKnobs): void {
  const ptes = mappings(d);
  d.pmd = { kind: 'huge' };
  d.folio.mapcount -= ptes - 1;
  if (knobs.remapAccounting === 'exact') d.folio.refcount -= ptes - 1;
  d.seen.remapped = true;
}

/**
 * Temporary PTE mapping to detect sub-page access: `__split_huge_pmd` into a table of protnone
 * PTEs of the same subpages; one PMD mapping becomes N PTE mappings (mapcount and refcount +N-1).
 */
export function splitForAccessDetection(d: S): void {
  d.pmd = { kind: 'ptes', ptes: VPAGES.map(() => 'protnone') };
  d.folio.mapcount += SUBPAGES - 1;
  d.folio.refcount += SUBPAGES - 1;
  d.seen.split = true;
}

/** Make one present PTE protnone again to see whether it is touched (like `change_prot_numa`). */
export function protectForAccessDetection(d: S, vpage: number): void {
  if (d.pmd.kind === 'ptes') d.pmd.ptes[vpage] = 'protnone';
}
