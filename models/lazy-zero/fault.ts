import type { Draft } from '../../src/index.ts';
import type { LazyZeroKnobs } from './knobs.ts';
import { accessible, SUBPAGES, VPAGES, type Access, type LazyZeroState } from './state.ts';

type S = Draft<LazyZeroState>;

/** A load or store that reaches the subpage; a load is checked against what the process may see. */
function perform(d: S, cpu: number, vpage: number, access: Access): void {
  if (access === 'write') {
    const data = cpu === 0 ? 'written-by-cpu0' : 'written-by-cpu1';
    d.folio.data[vpage] = data;
    d.expected[vpage] = data;
    return;
  }
  const [saw, expected] = [d.folio.data[vpage]!, d.expected[vpage]!];
  if (saw !== expected) d.badReads.push({ cpu, vpage, saw, expected });
  else if (saw !== 'zero') d.seen.readOwnWrite = true;
}

/** Whether the design, looking at the state now, believes the subpage still needs zeroing. */
const needsZero = (d: S, vpage: number, knobs: LazyZeroKnobs) => (knobs.zeroedState === 'bitmap' ? !d.folio.zeroed[vpage] : true);

/** `clear_highpage()` of one subpage, and the design's zeroed bit. */
function clear(d: S, vpage: number): void {
  d.folio.data[vpage] = 'zero';
  d.folio.zeroed[vpage] = true;
  d.clears++;
  d.lastClear = vpage;
}

function makePresent(d: S, vpage: number): void {
  if (d.pmd.kind === 'ptes') d.pmd.ptes[vpage] = 'present';
}

/**
 * The first touch of the range (`do_huge_pmd_anonymous_page`, lazily): a PMD-size folio straight
 * from the allocator, old contents and all, mapped by a PTE table of protnone PTEs; no zeroing.
 */
function allocLazily(d: S): void {
  d.folio.allocated = true;
  d.folio.refcount = SUBPAGES;
  d.folio.mapcount = SUBPAGES;
  d.pmd = { kind: 'ptes', ptes: VPAGES.map(() => 'protnone') };
}

/**
 * A load or store by CPU `cpu`: through a present PTE or the PMD it happens; on a protnone PTE
 * it faults, and the handler's lockless part decides whether the subpage needs zeroing.
 */
export function access(d: S, cpu: number, vpage: number, kind: Access, knobs: LazyZeroKnobs): void {
  if (d.pmd.kind === 'none') allocLazily(d);
  if (accessible(d, vpage)) {
    perform(d, cpu, vpage, kind);
    return;
  }
  d.cpus[cpu] = { pc: 'entered', vpage, access: kind, zero: needsZero(d, vpage, knobs) };
}

/**
 * The protnone fault handler under the folio lock (like `do_numa_page`): re-check that the PTE
 * is still protnone (`pte_same`) and whether the subpage is zeroed; zero it if not (else the
 * fault only detected an access), make the PTE present, unlock, and let the access retry.
 * The map-then-zero design makes the PTE present first and keeps the lock for `finishZero`.
 */
export function handle(d: S, cpu: number, knobs: LazyZeroKnobs): void {
  const h = d.cpus[cpu]!;
  if (h.pc !== 'entered') return;
  let zero = h.zero;
  if (knobs.faultRecheck) {
    if (accessible(d, h.vpage)) {
      d.cpus[cpu] = { pc: 'idle' }; // another CPU or the PMD remap got there first: retry the access
      d.seen.raceBackedOff = true;
      return;
    }
    zero = needsZero(d, h.vpage, knobs);
  }
  if (knobs.zeroOrder === 'map-then-zero') {
    makePresent(d, h.vpage);
    d.folio.lockedBy = cpu;
    d.cpus[cpu] = { ...h, pc: 'mapped', zero };
    return;
  }
  if (zero) clear(d, h.vpage);
  else d.seen.accessDetected = true;
  makePresent(d, h.vpage);
  d.cpus[cpu] = { pc: 'idle' };
  perform(d, cpu, h.vpage, h.access);
}

/** The map-then-zero design's second half: zero the subpage it already mapped, unlock, retry the access. */
export function finishZero(d: S, cpu: number): void {
  const h = d.cpus[cpu]!;
  if (h.pc !== 'mapped') return;
  if (h.zero) clear(d, h.vpage);
  delete d.folio.lockedBy;
  d.cpus[cpu] = { pc: 'idle' };
  perform(d, cpu, h.vpage, h.access);
}
