import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import type { FolioKnobs } from '../../models/folio/knobs.ts';
import type { FolioState, PageData } from '../../models/folio/state.ts';
import { mappedByPmd, mappedFolio, mappedPage } from '../../models/folio/pmd.ts';

/**
 * Whether the reader incarnation (`reader` born at fork `readerBorn`) must not see a write by
 * the writer incarnation made after `forks` forks: the two had split.
 */
function leaks(reader: number, readerBorn: number, writer: number, writerBorn: number, forks: number): boolean {
  if (reader === writer && readerBorn === writerBorn) return false;
  return forks >= Math.max(readerBorn, writerBorn);
}

export const noPrivateWriteLeak: AlwaysProperty<FolioState, FolioKnobs> = {
  kind: 'always',
  name: 'no-private-write-leak',
  meaning: 'a private anon write after fork is never visible to the other process (mapping or GUP ref)',
  rule: 'COW isolation: CVE-2020-29374 (vmsplice + unmap in child)',
  // every view of a page, mappings first then GUP references; loops without allocation, as
  // this runs on every state: the message is built only for the leak
  check: (s) => {
    for (let proc = 0; proc < s.processes.length; proc++) {
      const born = s.processes[proc]!.bornAtFork;
      for (let vpage = 0; vpage < s.processes[proc]!.vpages.length; vpage++) {
        const folio = mappedFolio(s, proc, vpage);
        if (folio < 0) continue;
        const page = mappedPage(s, proc, vpage);
        const write = leakedWrite(s, proc, born, folio, page);
        if (write) return leakMessage(proc, write, folio, page, `vpage ${vpage}${mappedByPmd(s, proc, vpage) ? ' (PMD)' : ''}`);
      }
    }
    for (let slot = 0; slot < s.gups.length; slot++) {
      const g = s.gups[slot]!;
      if (g.kind !== 'held') continue;
      const write = leakedWrite(s, g.owner, g.ownerBorn, g.folio, g.page);
      if (write) return leakMessage(g.owner, write, g.folio, g.page, `gup ${slot}`);
    }
    return undefined;
  },
};

type Written = Extract<PageData, { kind: 'written' }>;

/** The anon write in `folio`/`page` that incarnation (`proc`, `born`) must not see, if any. */
function leakedWrite(s: Immutable<FolioState>, proc: number, born: number, folio: number, page: number): Written | undefined {
  const f = s.folios[folio]!;
  const data = f.pages[page]!.data;
  return f.anon && data.kind === 'written' && leaks(proc, born, data.writer, data.writerBorn, data.forks) ? data : undefined;
}

const leakMessage = (proc: number, write: Written, folio: number, page: number, via: string) =>
  `P${proc} sees P${write.writer}'s write (made after fork ${write.forks}) in folio ${folio} page ${page} through ${via}`;
