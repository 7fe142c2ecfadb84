import type { Draft, Immutable } from '../../src/index.ts';
import type { DmemfsKnobs } from './knobs.ts';
import { FILE_PAGES, FRAMES, type DmemfsState } from './state.ts';

type S = Draft<DmemfsState>;

/** Frames per dpage: a scaled 2 MiB dpage is an aligned pair. */
export const framesPerDpage = (knobs: DmemfsKnobs) => (knobs.dpagesize === '2M' ? 2 : 1);

/** The file pages that share the dpage of `page` (all of them when one 2 MiB dpage covers the file). */
export const dpagePages = (page: number, knobs: DmemfsKnobs): number[] =>
  knobs.dpagesize === '2M' ? [...FILE_PAGES] : [page];

/**
 * `dmem_alloc_pages()`: the lowest aligned run of free frames the error bitmap does not list,
 * or none (the fault then returns VM_FAULT_SIGBUS).
 */
export function dmemAllocPages(s: Immutable<DmemfsState> | S, knobs: DmemfsKnobs): number | undefined {
  const n = framesPerDpage(knobs);
  for (let base = 0; base + n <= FRAMES.length; base += n) {
    const run = s.frames.slice(base, base + n);
    if (run.every((f) => f.owner === 'free' && !f.poisonRecorded)) return base;
  }
  return undefined;
}

/** `dmem_free_pages()` from a punched hole: a frame VFIO still pins waits for its last unpin. */
export function dmemFreeFrame(d: S, frame: number): void {
  const f = d.frames[frame]!;
  if (f.pins > 0) {
    f.owner = 'orphan';
    d.seen.orphaned = true;
  } else {
    f.owner = 'free';
  }
}

/**
 * A path calls `pfn_to_page()` on the frame and touches the struct page: fine for a frame
 * with a memmap, a wild access for dmem (recorded; in the kernel an oops or silent corruption).
 */
export function touchStructPage(d: S, frame: number, by: string): void {
  if (!d.frames[frame]!.structPage) d.metadataAccesses.push({ frame, by });
}
