import type { Draft } from '../../src/index.ts';
import type { SomKnobs } from './knobs.ts';
import { poolChunk, STRUCT_PAGES_PER_VMEMMAP, type SomState } from './state.ts';

type S = Draft<SomState>;

/**
 * Write subpage `subpage`'s struct page of a chunk through its vmemmap mapping. A write
 * through a read-only (HVO-released) mapping faults: it is recorded (an oops) and not applied.
 * A minimal per-chunk copy of `writeStructPage` in models/vmemmap, whose state is global.
 */
function writeStructPage(d: S, chunk: number, subpage: number, by: string, write: () => void): void {
  if (d.chunks[chunk]!.vmemmap[Math.floor(subpage / STRUCT_PAGES_PER_VMEMMAP)] === 'shared-ro') {
    d.faults.push({ chunk, subpage, by });
    return;
  }
  write();
}

/** `hugetlb_vmemmap_restore_folio`: the chunk's vmemmap pages get their own frames back. */
function restoreVmemmap(d: S, chunk: number): void {
  const c = d.chunks[chunk]!;
  c.vmemmap = c.vmemmap.map(() => 'own');
}

/**
 * Take `delta` references for subpage `subpage`: on the chunk's folio (the head struct page,
 * always in a kept vmemmap page), plus, in a per-page design, on the subpage's own struct page.
 */
export function chunkRef(d: S, chunk: number, subpage: number, delta: 1 | -1, by: string, knobs: SomKnobs): void {
  const c = d.chunks[chunk]!;
  writeStructPage(d, chunk, 0, by, () => {
    c.refcount += delta;
  });
  if (knobs.metadata === 'folio') return;
  if (knobs.metadata === 'per-page-restored') restoreVmemmap(d, chunk);
  writeStructPage(d, chunk, subpage, by, () => {
    c.subpageRefcount[subpage] = c.subpageRefcount[subpage]! + delta;
  });
}

/** `alloc_hugetlb_folio` for a som area: out of the pool, `folio_ref_unfreeze(folio, 1)` comes with the first map. */
export function allocChunk(d: S, chunk: number): void {
  const c = d.chunks[chunk]!;
  c.inPool = false;
  c.generation++;
}

/**
 * `free_huge_folio`: back into the HugeTLB pool, frozen at refcount 0, vmemmap optimised
 * again; the area that owned it forgets it.
 */
export function freeChunk(d: S, chunk: number): void {
  const c = d.chunks[chunk]!;
  Object.assign(c, poolChunk(c.zone, c.generation));
  for (const p of d.processes) if (p.area?.chunk === chunk) delete p.area.chunk;
  d.seen.returned = true;
}

/** `folio_put` of the chunk: the last reference returns it to the pool. */
export function putChunk(d: S, chunk: number, subpage: number, by: string, knobs: SomKnobs): void {
  chunkRef(d, chunk, subpage, -1, by, knobs);
  const c = d.chunks[chunk]!;
  if (c.refcount <= 0 && !c.inPool) freeChunk(d, chunk);
}
