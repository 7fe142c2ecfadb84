import type { AlwaysProperty } from '../../src/index.ts';
import type { DmemfsKnobs } from '../../models/dmemfs/knobs.ts';
import type { DmemfsState } from '../../models/dmemfs/state.ts';

export const noPageMetadata: AlwaysProperty<DmemfsState, DmemfsKnobs> = {
  kind: 'always',
  name: 'no-page-metadata',
  meaning: 'no path takes a reference, pins or reads page metadata for a frame without struct page',
  rule: 'pte_special()/pmd_special() send GUP-fast to the slow path; VM_PFNMAP: GUP refuses, callers use follow_pte()',
  check: (s) => {
    const first = s.metadataAccesses[0];
    if (first === undefined) return undefined;
    const more = s.metadataAccesses.length > 1 ? ` (and ${s.metadataAccesses.length - 1} more)` : '';
    return `${first.by} touched the struct page of frame ${first.frame}, which has none (dmem= memory has no memmap)${more}`;
  },
};
