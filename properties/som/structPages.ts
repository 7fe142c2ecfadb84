import type { AlwaysProperty } from '../../src/index.ts';
import type { SomKnobs } from '../../models/som/knobs.ts';
import { VMEMMAP_KEPT, VMEMMAP_PER_CHUNK, vmemmapFrames, type SomState } from '../../models/som/state.ts';

type Invariant = AlwaysProperty<SomState, SomKnobs>;

export const noReleasedStructPageWrite: Invariant = {
  kind: 'always',
  name: 'no-released-struct-page-write',
  meaning: 'nothing writes a subpage struct page whose vmemmap HVO released (mapped read-only)',
  rule: 'vmemmap_remap_pte maps the released tail vmemmap PAGE_KERNEL_RO: a write there is an oops',
  check: (s) => {
    const f = s.faults[0];
    return f === undefined ? undefined : `${f.by} wrote the struct page of chunk ${f.chunk} page ${f.subpage} through a read-only vmemmap mapping`;
  },
};

export const metadataPerChunk: Invariant = {
  kind: 'always',
  name: 'metadata-per-chunk',
  meaning: 'every chunk, in the pool or in use, keeps only its kept vmemmap pages: metadata per chunk, not per 4 KiB page',
  rule: 'the saving of the proposal: HVO keeps 2 of 8 vmemmap pages per 2 MiB (6 freed, 24 KiB)',
  check: (s) => {
    for (let chunk = 0; chunk < s.chunks.length; chunk++) {
      const frames = vmemmapFrames(s.chunks[chunk]!);
      if (frames !== VMEMMAP_KEPT) {
        return `chunk ${chunk} holds ${frames} of ${VMEMMAP_PER_CHUNK} vmemmap pages, not ${VMEMMAP_KEPT}: its subpage struct pages are back`;
      }
    }
    return undefined;
  },
};
