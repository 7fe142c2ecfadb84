import type { Draft } from '../../src/index.ts';
import { touchStructPage } from './pool.ts';
import type { DmemfsState } from './state.ts';

type S = Draft<DmemfsState>;

/**
 * `gup_fast_pte_range()` / `gup_fast_pmd_leaf()`: with interrupts off and no VMA, load the
 * leaf; a special leaf (or none) sends GUP to the slow path, any other goes on to grab it.
 */
export function gupFastWalk(d: S, proc: number, vpage: number): void {
  const leaf = d.processes[proc]!.entries[vpage];
  d.gup =
    leaf !== undefined && !leaf.special
      ? { pc: 'loaded', proc, vpage, frame: leaf.frame }
      : { pc: 'slow', proc, vpage, special: leaf !== undefined };
}

/** `try_grab_folio_fast(pfn_to_page(pfn))`: the reference goes on the struct page. */
export function gupFastGrab(d: S): void {
  if (d.gup.pc !== 'loaded') return;
  touchStructPage(d, d.gup.frame, 'GUP-fast try_grab_folio_fast()');
  d.gup = { pc: 'idle' };
}

/**
 * `__get_user_pages()`: `check_vma_flags()` refuses a VM_PFNMAP VMA with -EFAULT before any
 * page is looked at; a caller that needs the frame takes the PFN-map route (follow_pte).
 */
export function gupSlow(d: S): void {
  if (d.gup.pc !== 'slow') return;
  if (d.gup.special) d.seen.gupRefused = true;
  d.gup = { pc: 'idle' };
}
