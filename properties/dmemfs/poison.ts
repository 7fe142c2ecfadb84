import type { StepProperty } from '../../src/index.ts';
import type { DmemfsAction } from '../../models/dmemfs/actions.ts';
import type { DmemfsKnobs } from '../../models/dmemfs/knobs.ts';
import type { DmemfsState } from '../../models/dmemfs/state.ts';
import { mappingsOf, mapVerb, newlyMapped } from './mappings.ts';

export const poisonNeverReused: StepProperty<DmemfsState, DmemfsAction, DmemfsKnobs> = {
  kind: 'step',
  name: 'poison-never-reused',
  meaning: 'after a machine check a frame is never handed out or mapped again',
  rule: 'memory_failure() must record the pfn somewhere the allocator and the fault path check',
  check: (before, _action, after) => {
    for (let frame = 0; frame < before.frames.length; frame++) {
      const b = before.frames[frame]!;
      if (!b.hwPoison) continue;
      const a = after.frames[frame]!;
      if ((b.owner === 'free' || b.owner === 'orphan') && (a.owner === 'file' || a.owner === 'kernel')) {
        const to = a.owner === 'file' ? 'dmem_alloc_pages() handed it to the file' : 'it was given to the kernel';
        return `frame ${frame} took a machine check, yet ${to}`;
      }
      if (!newlyMapped(before, after, frame)) continue;
      const old = mappingsOf(before, frame);
      const fresh = mappingsOf(after, frame).filter((m) => !old.includes(m));
      if (fresh.length > 0) return `frame ${frame} took a machine check, yet now ${mapVerb(fresh)} it`;
    }
    return undefined;
  },
};
