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

/** Whether anything maps `frame` (`mappingsOf(s, frame).length > 0` without naming them). */
export function mappedAnywhere(s: Immutable<DmemfsState>, frame: number): boolean {
  for (const p of s.processes) for (const leaf of p.entries) if (leaf?.frame === frame) return true;
  for (const f of s.ept) if (f === frame) return true;
  for (const f of s.iommu) if (f === frame) return true;
  return false;
}

/**
 * Whether `after` has a mapping of `frame` that `before` lacks (one of `mappingsOf(after)` not
 * in `mappingsOf(before)`: a leaf is named by its process, page and level).
 */
export function newlyMapped(before: Immutable<DmemfsState>, after: Immutable<DmemfsState>, frame: number): boolean {
  for (let proc = 0; proc < after.processes.length; proc++) {
    const entries = after.processes[proc]!.entries;
    for (let page = 0; page < entries.length; page++) {
      const leaf = entries[page];
      if (leaf?.frame !== frame) continue;
      const was = before.processes[proc]?.entries[page];
      if (was?.frame !== frame || was.level !== leaf.level) return true;
    }
  }
  for (let gfn = 0; gfn < after.ept.length; gfn++) if (after.ept[gfn] === frame && before.ept[gfn] !== frame) return true;
  for (let iova = 0; iova < after.iommu.length; iova++) if (after.iommu[iova] === frame && before.iommu[iova] !== frame) return true;
  return false;
}

export const mapVerb = (who: readonly string[]) => `${who.join(', ')} ${who.length === 1 ? 'maps' : 'map'}`;
