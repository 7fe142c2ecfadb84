import type { Draft } from '../../src/index.ts';
import { unreachable } from '../../src/index.ts';
import { allocChunk, chunkRef, freeChunk, putChunk } from './chunks.ts';
import type { SomKnobs } from './knobs.ts';
import { newArea, poolChunkWhere, type SomState } from './state.ts';

type S = Draft<SomState>;

/**
 * The som fault handler: the first touch of the area takes a chunk from the HugeTLB pool;
 * each touch maps its 4 KiB subpage by a PTE (so parts can be zapped) and takes a reference.
 */
export function fault(d: S, proc: number, vpage: number, knobs: SomKnobs): void {
  const area = d.processes[proc]!.area!;
  if (area.chunk === undefined) {
    const chunk = poolChunkWhere(d, () => true)!;
    allocChunk(d, chunk);
    area.chunk = chunk;
  }
  const chunk = area.chunk;
  area.vpages[vpage]!.pte = { kind: 'present', chunk };
  d.chunks[chunk]!.mapcount++;
  chunkRef(d, chunk, vpage, 1, 'som fault: folio_get', knobs);
}

/**
 * `zap_pte_range` for MADV_DONTNEED, munmap or exit: drop the PTE's mapping and reference;
 * when the chunk goes back to the pool is the design choice `chunkReturn`.
 */
export function zap(d: S, proc: number, vpage: number, knobs: SomKnobs): void {
  const v = d.processes[proc]!.area!.vpages[vpage]!;
  const pte = v.pte;
  if (pte === undefined) return;
  delete v.pte;
  // the process gave the address up: its pins need no longer match what it maps there
  for (const p of d.pins) if (p.kind === 'held' && p.owner === proc && p.vpage === vpage) p.coherent = false;
  if (pte.kind === 'migration') return; // a migration entry holds no reference
  const c = d.chunks[pte.chunk]!;
  c.mapcount--;
  switch (knobs.chunkReturn) {
    case 'refcount':
      putChunk(d, pte.chunk, vpage, 'zap_pte_range: folio_put', knobs);
      break;
    case 'mapcount':
      chunkRef(d, pte.chunk, vpage, -1, 'zap_pte_range: folio_put', knobs);
      if (c.mapcount === 0 && !c.inPool) freeChunk(d, pte.chunk);
      break;
    case 'first-unmap':
      chunkRef(d, pte.chunk, vpage, -1, 'zap_pte_range: folio_put', knobs);
      if (!c.inPool) freeChunk(d, pte.chunk);
      break;
    default:
      unreachable(knobs.chunkReturn);
  }
  if (!c.inPool && c.mapcount > 0) d.seen.partialUnmap = true;
}

/**
 * `fork()` P0 -> P1 (`dup_mmap`): a VM_DONTCOPY VMA is skipped; otherwise `copy_page_range`
 * copies its PTEs (and migration entries) into the child, each a mapping and a reference.
 */
export function fork(d: S, knobs: SomKnobs): void {
  const area = d.processes[0]!.area;
  const child = d.processes[1]!;
  child.alive = true;
  if (area?.vpages.some((v) => v.pte !== undefined)) d.seen.forkedWithSom = true;
  if (area === undefined || (area.dontcopy && knobs.fork === 'skip')) return;
  child.area = {
    dontcopy: area.dontcopy,
    ...(area.chunk === undefined ? {} : { chunk: area.chunk }),
    vpages: area.vpages.map((v) => (v.pte ? { vma: v.vma, pte: { kind: v.pte.kind, chunk: v.pte.chunk } } : { vma: v.vma })),
  };
  area.vpages.forEach((v, vpage) => {
    if (v.pte?.kind !== 'present') return;
    d.chunks[v.pte.chunk]!.mapcount++;
    chunkRef(d, v.pte.chunk, vpage, 1, 'copy_present_pte: folio_get', knobs);
  });
}

/** mmap(MAP_ANONYMOUS | MAP_PRIVATE) + madvise(MADV_DONTFORK) in a process without a som area. */
export function somMmap(d: S, proc: number): void {
  d.processes[proc]!.area = newArea();
}

/** madvise(MADV_DOFORK) on the som area. */
export function madvDofork(d: S, proc: number, knobs: SomKnobs): void {
  if (knobs.madvDofork === 'clear-dontcopy') d.processes[proc]!.area!.dontcopy = false;
}

/** `exit_mmap`: zap everything; pins held by drivers outlive the process. */
export function exit(d: S, proc: number, knobs: SomKnobs): void {
  const area = d.processes[proc]!.area;
  area?.vpages.forEach((_, vpage) => zap(d, proc, vpage, knobs));
  d.processes[proc] = { alive: false };
}
