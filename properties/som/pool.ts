import type { AlwaysProperty } from '../../src/index.ts';
import type { SomKnobs } from '../../models/som/knobs.ts';
import { entriesOf, type SomState } from '../../models/som/state.ts';

export const chunkReturnUnused: AlwaysProperty<SomState, SomKnobs> = {
  kind: 'always',
  name: 'chunk-return-unused',
  meaning: 'a chunk is in the HugeTLB pool only when no PTE maps it and nothing pins or grabs it',
  rule: 'free_huge_folio() runs on the last folio_put(): refcount 0 means no mapping, pin or GUP reference',
  check: (s) => {
    for (const [chunk, c] of s.chunks.entries()) {
      if (!c.inPool) continue;
      const [mapped] = entriesOf(s, chunk);
      if (mapped !== undefined) {
        const [proc, vpage] = mapped;
        return `chunk ${chunk} is back in the HugeTLB pool while P${proc} vpage ${vpage} still maps it`;
      }
      const pin = s.pins.findIndex((p) => p.kind === 'held' && p.chunk === chunk);
      if (pin >= 0) return `chunk ${chunk} is back in the HugeTLB pool while pin ${pin} still pins it`;
      if (s.gupFast.pc === 'grabbed' && s.gupFast.chunk === chunk) return `chunk ${chunk} is back in the HugeTLB pool while GUP-fast holds a reference`;
      if (c.refcount !== 0 || c.mapcount !== 0 || c.pincount !== 0) {
        return `chunk ${chunk} in the pool with refcount ${c.refcount}, mapcount ${c.mapcount}, _pincount ${c.pincount}`;
      }
    }
    return undefined;
  },
};
