import type { AlwaysProperty } from '../../src/index.ts';
import type { FolioKnobs } from '../../models/folio/knobs.ts';
import type { FolioState } from '../../models/folio/state.ts';
import { mappings } from '../../models/folio/pmd.ts';

interface Incarnation {
  readonly proc: number;
  readonly born: number;
}

/** Whether `reader` must not see a write by `writer` made after `forks` forks: the two had split. */
function leaks(reader: Incarnation, writer: Incarnation, forks: number): boolean {
  if (reader.proc === writer.proc && reader.born === writer.born) return false;
  return forks >= Math.max(reader.born, writer.born);
}

export const noPrivateWriteLeak: AlwaysProperty<FolioState, FolioKnobs> = {
  kind: 'always',
  name: 'no-private-write-leak',
  meaning: 'a private anon write after fork is never visible to the other process (mapping or GUP ref)',
  rule: 'COW isolation: CVE-2020-29374 (vmsplice + unmap in child)',
  check: (s) => {
    const views: { reader: Incarnation; folio: number; page: number; via: string }[] = [];
    for (const m of mappings(s)) {
      const reader = { proc: m.proc, born: s.processes[m.proc]!.bornAtFork };
      views.push({ reader, folio: m.folio, page: m.page, via: `vpage ${m.vpage}${m.pmd ? ' (PMD)' : ''}` });
    }
    s.gups.forEach((g, slot) => {
      if (g.kind !== 'held') return;
      views.push({ reader: { proc: g.owner, born: g.ownerBorn }, folio: g.folio, page: g.page, via: `gup ${slot}` });
    });
    for (const { reader, folio, page, via } of views) {
      const f = s.folios[folio]!;
      const data = f.pages[page]!.data;
      if (f.anon && data.kind === 'written' && leaks(reader, { proc: data.writer, born: data.writerBorn }, data.forks)) {
        return `P${reader.proc} sees P${data.writer}'s write (made after fork ${data.forks}) in folio ${folio} page ${page} through ${via}`;
      }
    }
    return undefined;
  },
};
