import type { Draft } from '../../src/index.ts';
import type { FolioKnobs } from './knobs.ts';
import { splitPmdCovering } from './pmd.ts';
import { clearFolio, putFolio, type FolioState } from './state.ts';

/** Install a PTE (`folio_add_*_rmap_pte`): one mapping and one reference. */
export function mapPage(d: Draft<FolioState>, proc: number, vpage: number, folio: number, page: number, writable: boolean): void {
  d.processes[proc]!.vpages[vpage]!.pte = { folio, page, writable };
  d.folios[folio]!.mapcount++;
  d.folios[folio]!.pages[page]!.mapcount++;
  d.folios[folio]!.refcount++;
}

/**
 * Zap a PTE (`zap_pte_range`): the process gives up this address, so its own GUP references
 * to it need no longer be coherent with what it maps. A PMD over it is split first
 * (`zap_pmd_range` on part of the range).
 */
export function unmapPage(d: Draft<FolioState>, proc: number, vpage: number, knobs: FolioKnobs): void {
  splitPmdCovering(d, proc, vpage, knobs);
  const v = d.processes[proc]!.vpages[vpage]!;
  const pte = v.pte;
  if (pte === null) return;
  v.pte = null;
  const f = d.folios[pte.folio]!;
  f.mapcount--;
  f.pages[pte.page]!.mapcount--;
  if (knobs.zapDropsOneRef) putFolio(d, pte.folio);
  else if (f.mapcount === 0) clearFolio(f); // known-bad: free on last unmap
  else f.refcount--;
  for (const g of d.gups) if (g.kind === 'held' && g.owner === proc && g.vpage === vpage) g.coherent = false;
}

/** What a write by `proc` stores: its identity and how many forks had happened. */
export function writeData(d: Draft<FolioState>, proc: number, folio: number, page: number): void {
  const writerBorn = d.processes[proc]!.bornAtFork;
  d.folios[folio]!.pages[page]!.data = { kind: 'written', writer: proc, writerBorn, forks: d.forks };
}
