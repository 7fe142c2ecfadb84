import type { Draft } from '../../src/index.ts';
import { pinRefcountDelta } from '../parts/pinAccounting.ts';
import { faultForWrite } from './faults.ts';
import { putFolio } from './frames.ts';
import { mappedAt, newData, pageFolio, type CollapseState, type GupFlavor } from './state.ts';

type D = Draft<CollapseState>;

export const pins = (flavor: GupFlavor): boolean => flavor !== 'get';

/** `try_grab_folio()`: FOLL_GET takes one reference; FOLL_PIN one plus `_pincount` (large) or 1024. */
export function grab(d: D, folio: number, flavor: GupFlavor): void {
  const f = d.folios[folio]!;
  if (!pins(flavor)) {
    f.refcount++;
    return;
  }
  f.refcount += pinRefcountDelta(f.large);
  if (f.large) f.pincount++;
}

/** `gup_put_folio()`: drop what `grab` took. */
export function ungrab(d: D, folio: number, flavor: GupFlavor): void {
  const f = d.folios[folio]!;
  if (pins(flavor) && f.large) f.pincount--;
  putFolio(d, folio, pins(flavor) ? pinRefcountDelta(f.large) : 1);
}

/**
 * The slow path (`__get_user_pages` under mmap_read_lock and the page-table lock): a pin is
 * FOLL_WRITE, so it first faults for write (COW, unshare or fault-in, which also makes the page
 * PageAnonExclusive); FOLL_GET is a read-only reference (vmsplice) and takes the page as it is.
 * FOLL_LONGTERM pins like FOLL_PIN here: the THP is not in ZONE_MOVABLE or CMA, so nothing migrates.
 */
export function gup(d: D, proc: number, vpage: number, flavor: GupFlavor, slot: number): void {
  if (pins(flavor)) faultForWrite(d, proc, vpage);
  const at = mappedAt(d, proc, vpage)!;
  grab(d, at.folio, flavor);
  d.gups[slot] = { kind: 'held', flavor, owner: proc, vpage, pfn: at.pfn, coherent: true };
}

/** `unpin_user_page()` for a pin, `put_page()` for FOLL_GET: on the page's folio now. */
export function release(d: D, slot: number): void {
  const g = d.gups[slot]!;
  if (g.kind !== 'held') return;
  d.gups[slot] = { kind: 'none' };
  ungrab(d, pageFolio(d, g.pfn), g.flavor);
}

/** A device DMA write through a pin: what the pinning process must read at that address. */
export function deviceWrite(d: D, slot: number): void {
  const g = d.gups[slot]!;
  if (g.kind !== 'held') return;
  const data = newData(d, g.owner, true);
  d.pages[g.pfn]!.data = data;
  const owner = d.processes[g.owner]!;
  if (g.coherent && owner.alive) owner.view[g.vpage] = data;
}
