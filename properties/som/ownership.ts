import type { AlwaysProperty } from '../../src/index.ts';
import type { SomKnobs } from '../../models/som/knobs.ts';
import { CHUNKS, entryProc, entryVpage, type SomState } from '../../models/som/state.ts';

export const singleOwner: AlwaysProperty<SomState, SomKnobs> = {
  kind: 'always',
  name: 'single-owner',
  meaning: 'no page of a chunk is ever mapped by two processes',
  rule: 'som memory is MAP_PRIVATE + MADV_DONTFORK (VM_DONTCOPY): fork never copies it, so it has one owner',
  // loops without building the entry lists: this runs on every state
  check: (s) => {
    for (const chunk of CHUNKS) {
      const p0 = entryProc(s, chunk);
      if (p0 < 0) continue;
      for (let p1 = p0 + 1; p1 < s.processes.length; p1++) {
        const v1 = entryVpage(s, p1, chunk);
        if (v1 >= 0) return `chunk ${chunk} is mapped by P${p0} (vpage ${entryVpage(s, p0, chunk)}) and by P${p1} (vpage ${v1})`;
      }
    }
    return undefined;
  },
};
