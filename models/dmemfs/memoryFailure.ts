import { unreachable, type Draft } from '../../src/index.ts';
import { unmapMappingRange } from './host.ts';
import type { DmemfsKnobs } from './knobs.ts';
import { dpagePages, touchStructPage } from './pool.ts';
import { FILE_PAGES, type DmemfsState } from './state.ts';

type S = Draft<DmemfsState>;

/**
 * A machine check on `frame` reaches `memory_failure(pfn)`. The kernel's own path finds no
 * online struct page (`pfn_to_online_page()` is NULL) and gives up; dmemfs registers a handler
 * that records the frame in the pool's error bitmap, unmaps the dpage everywhere and marks it
 * so later faults return VM_FAULT_HWPOISON. A memmap-less design cannot use PageHWPoison.
 */
export function memoryFailure(d: S, frame: number, knobs: DmemfsKnobs): void {
  const f = d.frames[frame]!;
  f.hwPoison = true;
  switch (knobs.poison) {
    case 'none':
      return;
    case 'page-flag':
      touchStructPage(d, frame, 'memory_failure() SetPageHWPoison()');
      return;
    case 'dmem-bitmap': {
      f.poisonRecorded = true;
      const page = FILE_PAGES.find((p) => d.file.pages[p] === frame);
      if (page === undefined) return;
      const pages = dpagePages(page, knobs);
      unmapMappingRange(d, pages);
      for (const p of pages) d.file.poisoned[p] = true;
      return;
    }
    default:
      return unreachable(knobs.poison);
  }
}
