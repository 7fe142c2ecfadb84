import type { AlwaysProperty } from '../../src/index.ts';
import type { SomKnobs } from '../../models/som/knobs.ts';
import { CHUNKS, entriesOf, type SomState } from '../../models/som/state.ts';

export const singleOwner: AlwaysProperty<SomState, SomKnobs> = {
  kind: 'always',
  name: 'single-owner',
  meaning: 'no page of a chunk is ever mapped by two processes',
  rule: 'som memory is MAP_PRIVATE + MADV_DONTFORK (VM_DONTCOPY): fork never copies it, so it has one owner',
  check: (s) => {
    for (const chunk of CHUNKS) {
      const entries = entriesOf(s, chunk);
      const other = entries.find(([proc]) => proc !== entries[0]![0]);
      if (other !== undefined) {
        const [[p0, v0], [p1, v1]] = [entries[0]!, other];
        return `chunk ${chunk} is mapped by P${p0} (vpage ${v0}) and by P${p1} (vpage ${v1})`;
      }
    }
    return undefined;
  },
};
