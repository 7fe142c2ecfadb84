import type { Draft } from '../../src/index.ts';
import { pinRefcountDelta } from '../parts/pinAccounting.ts';
import { wpFault } from './faults.ts';
import type { FolioKnobs } from './knobs.ts';
import { migrateFolio } from './migration.ts';
import { findFree, putFolio, type FolioState, type GupFlavor } from './state.ts';

const writes = (flavor: GupFlavor) => flavor === 'pin-rw' || flavor === 'longterm';
const pins = (flavor: GupFlavor) => flavor !== 'get';

/**
 * `__get_user_pages` then `try_grab_folio`: fault in for write (break COW) or, for a R/O pin
 * of a possibly shared anon page, unshare (`gup_must_unshare`); for FOLL_LONGTERM migrate out
 * of ZONE_MOVABLE (`check_and_migrate_movable_folios`); then take the reference.
 */
export function gup(d: Draft<FolioState>, proc: number, vpage: number, flavor: GupFlavor, knobs: FolioKnobs): void {
  const slot = d.gups.findIndex((g) => g.kind === 'none');
  const pte = () => d.processes[proc]!.vpages[vpage]!.pte!;
  const folio = () => d.folios[pte().folio]!;
  if (folio().anon) {
    if (writes(flavor) && !pte().writable && !wpFault(d, proc, vpage, knobs, false)) return;
    const shared = !folio().pages[pte().page]!.exclusive;
    if (flavor === 'pin-ro' && shared && knobs.unshareOnRoPin && !wpFault(d, proc, vpage, knobs, true)) return;
  }
  if (flavor === 'longterm' && folio().zone === 'movable' && knobs.longtermMigrates) {
    const target = findFree(d, folio().large, 'normal');
    if (target === undefined || !migrateFolio(d, pte().folio, target, knobs)) return; // -ENOMEM / -EAGAIN
  }
  const { folio: f, page } = pte();
  const target = d.folios[f]!;
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

