import type { Draft } from '../../src/index.ts';
import { pinRefcountDelta } from '../parts/pinAccounting.ts';
import { chunkRef, putChunk } from './chunks.ts';
import type { SomKnobs } from './knobs.ts';
import { migrateNow } from './migration.ts';
import { poolChunkWhere, type SomState } from './state.ts';

type S = Draft<SomState>;

// A chunk is a large folio: a pin takes one reference and one `_pincount` (exact counting).
const PIN_REFS = pinRefcountDelta(true);

/** `try_grab_folio(FOLL_PIN)` on a chunk, for subpage `subpage`. */
function grabPin(d: S, chunk: number, subpage: number, by: string, knobs: SomKnobs): void {
  for (let i = 0; i < PIN_REFS; i++) chunkRef(d, chunk, subpage, 1, by, knobs);
  d.chunks[chunk]!.pincount++; // `_pincount` lives in page[1], in the kept head vmemmap page
}

/** `gup_put_folio(FOLL_PIN)`: drop the pin; the last reference returns the chunk to the pool. */
function dropPin(d: S, chunk: number, subpage: number, by: string, knobs: SomKnobs): void {
  d.chunks[chunk]!.pincount--;
  for (let i = 0; i < PIN_REFS; i++) putChunk(d, chunk, subpage, by, knobs);
}

function recordPin(d: S, proc: number, vpage: number, chunk: number, longterm: boolean): boolean {
  const slot = d.pins.findIndex((p) => p.kind === 'none');
  if (slot < 0) return false;
  d.pins[slot] = { kind: 'held', owner: proc, vpage, chunk, generation: d.chunks[chunk]!.generation, longterm, coherent: true };
  return true;
}

/**
 * `pin_user_pages()` slow path on a present PTE. FOLL_LONGTERM on a ZONE_MOVABLE chunk is the
 * design choice `longterm`: migrate to a ZONE_NORMAL chunk first (`check_and_migrate_movable_folios`;
 * -ENOMEM without one, -EAGAIN if the migration backs off), refuse, or pin in place.
 */
export function pin(d: S, proc: number, vpage: number, longterm: boolean, knobs: SomKnobs): void {
  const pte = () => d.processes[proc]!.area!.vpages[vpage]!.pte!;
  if (longterm && d.chunks[pte().chunk]!.zone === 'movable') {
    if (knobs.longterm === 'refuse') return;
    if (knobs.longterm === 'migrate-first') {
      const target = poolChunkWhere(d, (chunk) => d.chunks[chunk]!.zone === 'normal');
      if (target === undefined || !migrateNow(d, pte().chunk, target, knobs)) return;
    }
  }
  const chunk = pte().chunk;
  grabPin(d, chunk, vpage, 'try_grab_folio', knobs);
  recordPin(d, proc, vpage, chunk, longterm);
}

/** `unpin_user_page()` by the driver holding pin slot `slot`. */
export function unpin(d: S, slot: number, knobs: SomKnobs): void {
  const p = d.pins[slot]!;
  if (p.kind !== 'held') return;
  d.pins[slot] = { kind: 'none' };
  dropPin(d, p.chunk, p.vpage, 'unpin_user_page', knobs);
}

/** GUP-fast, step 1: `ptep_get_lockless()` reads a present PTE (no lock, no reference yet). */
export function gupFastLoad(d: S, proc: number, vpage: number): void {
  const pte = d.processes[proc]!.area!.vpages[vpage]!.pte!;
  d.gupFast = { pc: 'loaded', proc, vpage, chunk: pte.chunk };
}

/** GUP-fast, step 2: `try_grab_folio_fast()`: fails on a refcount of 0 (free in the pool, or frozen). */
export function gupFastGrab(d: S, knobs: SomKnobs): void {
  const g = d.gupFast;
  if (g.pc !== 'loaded') return;
  if (d.chunks[g.chunk]!.refcount === 0) {
    d.gupFast = { pc: 'idle' };
    d.seen.gupFastBackedOff = true;
    return;
  }
  grabPin(d, g.chunk, g.vpage, 'try_grab_folio_fast', knobs);
  d.gupFast = { ...g, pc: 'grabbed' };
}

/** GUP-fast, step 3: re-check the PTE (`pte_val(pte) != pte_val(ptep_get(ptep))`); on a change, unpin and back off. */
export function gupFastRecheck(d: S, knobs: SomKnobs): void {
  const g = d.gupFast;
  if (g.pc !== 'grabbed') return;
  d.gupFast = { pc: 'idle' };
  const pte = d.processes[g.proc]!.area?.vpages[g.vpage]!.pte;
  const same = pte?.kind === 'present' && pte.chunk === g.chunk;
  if (same && recordPin(d, g.proc, g.vpage, g.chunk, false)) return;
  dropPin(d, g.chunk, g.vpage, 'gup_put_folio', knobs);
  d.seen.gupFastBackedOff = true;
}
