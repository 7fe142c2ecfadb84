import type { Draft, Immutable } from '../../src/index.ts';
import { refGuardRefuses } from '../parts/kernelWord.ts';
import { pinRefcountDelta } from '../parts/pinAccounting.ts';
import { wpFault } from './faults.ts';
import type { FolioKnobs } from './knobs.ts';
import { migrateFolio } from './migration.ts';
import { mappedFolio, mappedPage, mappedWritable } from './pmd.ts';
import { findFree, putFolio, type FolioState, type GupFlavor } from './state.ts';

export const writes = (flavor: GupFlavor) => flavor === 'pin-rw' || flavor === 'longterm';
export const pins = (flavor: GupFlavor) => flavor !== 'get';
export const longterm = (flavor: GupFlavor) => flavor === 'longterm' || flavor === 'longterm-ro';

/**
 * Why GUP-fast (`gup_fast_pte_range`) leaves this page to the slow path, or undefined when it
 * takes the reference itself: it never faults, so a write to a R/O PTE, a pin of a possibly
 * shared anon page (`gup_must_unshare()`) and a FOLL_LONGTERM pin of a ZONE_MOVABLE folio
 * (`folio_is_longterm_pinnable()`) all fall back. A PMD leaf (`gup_fast_pmd_leaf`) follows the
 * same rules on its head page.
 */
export function gupFastFallback(s: Immutable<FolioState> | Draft<FolioState>, proc: number, vpage: number, flavor: GupFlavor, knobs: FolioKnobs): string | undefined {
  const f = s.folios[mappedFolio(s, proc, vpage)]!;
  if (writes(flavor) && !mappedWritable(s, proc, vpage)) return 'R/O PTE';
  if (pins(flavor) && f.anon && !f.pages[mappedPage(s, proc, vpage)]!.exclusive && knobs.gupFastUnshare) return 'gup_must_unshare';
  if (longterm(flavor) && f.zone === 'movable' && knobs.longtermMigrates) return 'not longterm-pinnable';
  return undefined;
}

/** The first free GUP reference slot, or -1. */
export function freeGupSlot(s: Immutable<FolioState> | Draft<FolioState>): number {
  for (let slot = 0; slot < s.gups.length; slot++) if (s.gups[slot]!.kind === 'none') return slot;
  return -1;
}

/**
 * `__get_user_pages` then `try_grab_folio`: fault in for write (break COW) or, for a R/O pin
 * of a possibly shared anon page, unshare (`gup_must_unshare`); for FOLL_LONGTERM migrate out
 * of ZONE_MOVABLE (`check_and_migrate_movable_folios`); then take the reference. On a PMD
 * leaf (`follow_huge_pmd`) the fault is `do_huge_pmd_wp_page`, which may split the PMD.
 */
export function gup(d: Draft<FolioState>, proc: number, vpage: number, flavor: GupFlavor, fast: boolean, knobs: FolioKnobs): void {
  const slot = freeGupSlot(d);
  if (fast && gupFastFallback(d, proc, vpage, flavor, knobs) === undefined) {
    d.seen.gupFast = true;
    grab(d, slot, proc, vpage, flavor, knobs);
    return;
  }
  // a fault may map another folio there: read the leaf again after each
  if (d.folios[mappedFolio(d, proc, vpage)]!.anon) {
    if (writes(flavor) && !mappedWritable(d, proc, vpage) && !wpFault(d, proc, vpage, knobs, false)) return;
    const shared = !d.folios[mappedFolio(d, proc, vpage)]!.pages[mappedPage(d, proc, vpage)]!.exclusive;
    if (pins(flavor) && !writes(flavor) && shared && knobs.unshareOnRoPin && !wpFault(d, proc, vpage, knobs, true)) return;
  }
  const folio = mappedFolio(d, proc, vpage);
  const f = d.folios[folio]!;
  if (longterm(flavor) && f.zone === 'movable' && knobs.longtermMigrates) {
    const target = findFree(d, f.large, 'normal');
    if (target === undefined || !migrateFolio(d, folio, target, knobs)) return; // -ENOMEM / -EAGAIN
  }
  grab(d, slot, proc, vpage, flavor, knobs);
}

/** `try_grab_folio`: one reference for FOLL_GET, the pin accounting for FOLL_PIN. */
function grab(d: Draft<FolioState>, slot: number, proc: number, vpage: number, flavor: GupFlavor, knobs: FolioKnobs): void {
  const f = mappedFolio(d, proc, vpage);
  const page = mappedPage(d, proc, vpage);
  const target = d.folios[f]!;
  // the overflow guard: the refcount reads <= 0, GUP fails with -ENOMEM
  if (knobs.refGuard && refGuardRefuses(target.refcount, knobs.counterBits)) {
    d.seen.refRefused = true;
    return;
  }
  if (pins(flavor)) {
    target.refcount += target.large ? 1 : pinRefcountDelta(false, knobs.pinBias);
    if (target.large) target.pincount++;
  } else {
    target.refcount++;
  }
  const ownerBorn = d.processes[proc]!.bornAtFork;
  d.gups[slot] = { kind: 'held', flavor, owner: proc, ownerBorn, vpage, folio: f, page, coherent: true };
}

/** `put_page` for FOLL_GET, `unpin_user_page` for FOLL_PIN (`gup_put_folio`). */
export function release(d: Draft<FolioState>, slot: number, knobs: FolioKnobs): void {
  const g = d.gups[slot]!;
  if (g.kind !== 'held') return;
  const f = d.folios[g.folio]!;
  let refs = 1;
  if (pins(g.flavor)) {
    if (f.large) f.pincount--;
    refs = knobs.unpinWithPut ? 1 : pinRefcountDelta(f.large, knobs.pinBias);
  }
  d.gups[slot] = { kind: 'none' };
  putFolio(d, g.folio, refs);
}

/** A device DMA write through a writable pin: the pinning process must see it. */
export function deviceWrite(d: Draft<FolioState>, slot: number): void {
  const g = d.gups[slot]!;
  if (g.kind !== 'held') return;
  const f = d.folios[g.folio]!;
  // DMA stores on behalf of the process that pinned, as that incarnation
  f.pages[g.page]!.data = { kind: 'written', writer: g.owner, writerBorn: g.ownerBorn, forks: d.forks };
}

