import type { Immutable } from '../../src/index.ts';
import type { DmemfsState } from '../../models/dmemfs/state.ts';

/** Everything that maps `frame`: process leaves, EPT entries and IOMMU entries, by name. */
export function mappingsOf(s: Immutable<DmemfsState>, frame: number): string[] {
  const host = s.processes.flatMap((p, proc) =>
    p.entries.flatMap((leaf, page) => (leaf?.frame === frame ? [`P${proc} page ${page} (${leaf.level})`] : [])),
  );
  const ept = s.ept.flatMap((f, gfn) => (f === frame ? [`EPT gfn ${gfn}`] : []));
  const iommu = s.iommu.flatMap((f, iova) => (f === frame ? [`IOMMU iova ${iova}`] : []));
  return [...host, ...ept, ...iommu];
}

export const mapVerb = (who: readonly string[]) => `${who.join(', ')} ${who.length === 1 ? 'maps' : 'map'}`;
