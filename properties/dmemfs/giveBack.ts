import type { AlwaysProperty } from '../../src/index.ts';
import type { DmemfsKnobs } from '../../models/dmemfs/knobs.ts';
import type { DmemfsState } from '../../models/dmemfs/state.ts';
import { mappedAnywhere, mappingsOf, mapVerb } from './mappings.ts';

export const unmappedBeforeGiveBack: AlwaysProperty<DmemfsState, DmemfsKnobs> = {
  kind: 'always',
  name: 'unmapped-before-give-back',
  meaning: 'a frame goes back to the dmem pool or the kernel only once nothing maps it: no process, EPT or IOMMU',
  rule: 'unmap_mapping_range() + MMU notifiers before dmem_free_pages(); mmu_invalidate_retry(); a pin holds the frame',
  check: (s) => {
    for (let frame = 0; frame < s.frames.length; frame++) {
      const f = s.frames[frame]!;
      // named only when it breaks the rule: this runs on every state
      if ((f.owner !== 'free' && f.owner !== 'kernel') || !mappedAnywhere(s, frame)) continue;
      const who = mappingsOf(s, frame);
      const where = f.owner === 'free' ? 'on the dmem free list' : 'given back to the kernel';
      return `frame ${frame} is ${where}, but ${mapVerb(who)} it`;
    }
    return undefined;
  },
};
