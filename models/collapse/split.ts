import { unreachable, type Draft, type Immutable } from '../../src/index.ts';
import { splitPmd } from './faults.ts';
import { putFolio } from './frames.ts';
import type { CollapseKnobs } from './knobs.ts';
import { FREE_FOLIO, pageFolio, PROCESSES, ptesOf, tableOf, VPAGES, type CollapseState, type Pte } from './state.ts';

type D = Draft<CollapseState>;
type S = Immutable<CollapseState>;

/**
 * `split_huge_page()` on CPU2, as `deferred_split_scan` runs it on a partially mapped THP: no
 * mmap lock, the folio lock only. GUP-fast races every step; a fault on a migration entry
 * waits for the remap.
 */

/** Some page of a PTE-mapped THP is mapped by no PTE: `deferred_split_folio` queued it. */
function partiallyMapped(s: S, folio: number): boolean {
  const mapped = (pfn: number) =>
    PROCESSES.some((proc) => s.processes[proc]!.alive && ptesOf(s, proc).some((pte) => pte.kind === 'present' && pte.pfn === pfn));
  return s.folios[folio]!.entireMapcount === 0 && VPAGES.some((v) => !mapped(folio + v));
}

/**
 * The split can begin: a partially mapped THP on the deferred split queue whose every
 * reference is a mapping (`can_split_folio`: a pin or any other reference gives -EAGAIN at
 * once, a no-op left out), nobody else holding its lock (khugepaged) and no fork copying its
 * mappings.
 */
export function splittable(s: S, folio: number): boolean {
  const f = s.folios[folio]!;
  if (s.splitter.pc !== 'idle' || s.khugepaged.pc !== 'idle' || s.fork.pc !== 'idle') return false;
  return f.allocated && f.large && f.mapcount > 0 && f.refcount === f.mapcount && partiallyMapped(s, folio);
}

/** Every PTE of a live process of that kind whose pfn `mapsPage` accepts. */
function entriesOf(d: D, kind: Pte['kind'], mapsPage: (pfn: number) => boolean): { ptes: Draft<Pte>[]; v: number }[] {
  const found: { ptes: Draft<Pte>[]; v: number }[] = [];
  for (const proc of PROCESSES) {
    const table = tableOf(d, proc);
    if (!d.processes[proc]!.alive || table === undefined) continue;
    const ptes = d.tables[table]!.ptes;
    for (const v of VPAGES) {
      const pte = ptes[v]!;
      if (pte.kind !== 'none' && pte.kind === kind && mapsPage(pte.pfn)) found.push({ ptes, v });
    }
  }
  return found;
}

/**
 * `folio_try_get`, `folio_trylock`, then `unmap_folio`: a PMD mapping is split first
 * (`split_huge_pmd_address`, freeze), and `try_to_migrate` turns every PTE into a migration
 * entry, dropping its mapping and its reference.
 */
export function splitStart(d: D, folio: number): void {
  const f = d.folios[folio]!;
  f.refcount++;
  for (const proc of PROCESSES) {
    const pmd = d.processes[proc]!.pmd;
    if (pmd.kind === 'huge' && pmd.folio === folio) splitPmd(d, proc);
  }
  for (const { ptes, v } of entriesOf(d, 'present', (pfn) => pageFolio(d, pfn) === folio)) {
    const pte = ptes[v]!;
    if (pte.kind !== 'present') continue;
    ptes[v] = { kind: 'migration', pfn: pte.pfn, writable: pte.writable };
    f.mapcount--;
    f.refcount--;
  }
  d.splitter = { pc: 'unmapped', folio };
}

/** `remap_page` / `remove_migration_ptes`: each migration entry maps its page again, on its folio now. */
function remap(d: D, folio: number): boolean {
  const pfns = VPAGES.map((v) => folio + v);
  let any = false;
  for (const { ptes, v } of entriesOf(d, 'migration', (pfn) => pfns.includes(pfn))) {
    const pte = ptes[v]!;
    if (pte.kind !== 'migration') continue;
    ptes[v] = { kind: 'present', pfn: pte.pfn, writable: pte.writable };
    const f = d.folios[pageFolio(d, pte.pfn)]!;
    f.mapcount++;
    f.refcount++;
    any = true;
  }
  return any;
}

/** One step of the split after its start. */
export function splitStep(d: D, knobs: CollapseKnobs): void {
  const k = d.splitter;
  if (k.pc === 'idle') return;
  const f = d.folios[k.folio]!;
  switch (k.pc) {
    case 'unmapped':
      // folio_ref_freeze(folio, 1): only the splitter's reference may be left; else remap, -EAGAIN
      if (f.refcount !== 1) {
        d.seen.freezeFailed = true;
        remap(d, k.folio);
        putFolio(d, k.folio);
        d.splitter = { pc: 'idle' };
        return;
      }
      if (knobs.splitFreezes) f.refcount = 0;
      d.splitter = { pc: knobs.splitFreezes ? 'frozen' : 'checked', folio: k.folio };
      return;
    case 'frozen':
    case 'checked':
      // __split_folio_to_order: every page becomes the head of an order-0 folio, each unfrozen
      // at the one reference the splitter holds (folio_ref_unfreeze(new_folio, 1))
      for (const v of VPAGES) {
        const pfn = k.folio + v;
        d.pages[pfn]!.folio = pfn;
        d.folios[pfn] = { ...FREE_FOLIO, allocated: true, refcount: 1 };
      }
      d.splitter = { pc: 'split', folio: k.folio };
      return;
    case 'split':
      // remap_page, folio_unlock and folio_put of every new folio: a page no PTE maps again is freed
      if (remap(d, k.folio)) d.seen.splitMapped = true;
      for (const v of VPAGES) putFolio(d, k.folio + v);
      d.splitter = { pc: 'idle' };
      return;
    default:
      return unreachable(k);
  }
}
