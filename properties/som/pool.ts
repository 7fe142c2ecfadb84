import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import type { SomKnobs } from '../../models/som/knobs.ts';
import { entryProc, entryVpage, type SomState } from '../../models/som/state.ts';

/** The first pin slot holding `chunk`, or -1. */
function pinOn(s: Immutable<SomState>, chunk: number): number {
  for (let slot = 0; slot < s.pins.length; slot++) {
    const p = s.pins[slot]!;
    if (p.kind === 'held' && p.chunk === chunk) return slot;
  }
  return -1;
}

export const chunkReturnUnused: AlwaysProperty<SomState, SomKnobs> = {
  kind: 'always',
  name: 'chunk-return-unused',
  meaning: 'a chunk is in the HugeTLB pool only when no PTE maps it and nothing pins or grabs it',
  rule: 'free_huge_folio() runs on the last folio_put(): refcount 0 means no mapping, pin or GUP reference',
  check: (s) => {
    for (let chunk = 0; chunk < s.chunks.length; chunk++) {
      const c = s.chunks[chunk]!;
      if (!c.inPool) continue;
      const proc = entryProc(s, chunk);
      if (proc >= 0) return `chunk ${chunk} is back in the HugeTLB pool while P${proc} vpage ${entryVpage(s, proc, chunk)} still maps it`;
      const pin = pinOn(s, chunk);
      if (pin >= 0) return `chunk ${chunk} is back in the HugeTLB pool while pin ${pin} still pins it`;
      if (s.gupFast.pc === 'grabbed' && s.gupFast.chunk === chunk) return `chunk ${chunk} is back in the HugeTLB pool while GUP-fast holds a reference`;
      if (c.refcount !== 0 || c.mapcount !== 0 || c.pincount !== 0) {
        return `chunk ${chunk} in the pool with refcount ${c.refcount}, mapcount ${c.mapcount}, _pincount ${c.pincount}`;
      }
    }
    return undefined;
  },
};
