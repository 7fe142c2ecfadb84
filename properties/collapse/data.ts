import type { AlwaysProperty, Immutable } from '../../src/index.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import { mappedPfn, mappedWritable, mappingExclusive, mmLocked, readAt, sameData, showData, showPage, VPAGES, type CollapseState, type Data } from '../../models/collapse/state.ts';

type CollapseProperty = AlwaysProperty<CollapseState, CollapseKnobs>;

/**
 * fork has duplicated the PMD's rmap (PageAnonExclusive cleared) and not yet write-protected the
 * parent's PMD: `copy_huge_pmd` between `folio_try_dup_anon_rmap_pmd` and `pmdp_set_wrprotect`,
 * under the PMD lock. A store in that window is part of the child's snapshot.
 */
function forkBetweenDupAndWrprotect(s: Immutable<CollapseState>, proc: number): boolean {
  const k = s.fork;
  return proc === 0 && k.pc === 'pmd' && k.duped;
}

/** A write one side of the fork made after it, seen by the other side. */
const leaked = (data: Data, reader: number): boolean => data.kind === 'written' && data.by !== reader && data.forks > 0;

export const noPrivateWriteLeak: CollapseProperty = {
  kind: 'always',
  name: 'no-private-write-leak',
  meaning: 'a private write after fork is never visible to the other process, by mapping or by GUP reference',
  rule: 'a writable anon mapping is PageAnonExclusive; a shared page is write-protected and COWed',
  check: (s) => {
    // index loops, no iterators: this runs after every random step
    for (let proc = 0; proc < s.processes.length; proc++) {
      const p = s.processes[proc]!;
      if (!p.alive) continue;
      // the rule itself: a store through a writable shared mapping would leak
      for (const v of VPAGES) {
        if (mappedWritable(s, proc, v) && !mappingExclusive(s, proc, v) && !forkBetweenDupAndWrprotect(s, proc)) {
          const how = p.pmd.kind === 'huge' ? 'a writable PMD' : 'a writable PTE';
          return `P${proc} maps ${showPage(s, mappedPfn(s, proc, v))} at vpage ${v} by ${how}, but it is not PageAnonExclusive`;
        }
      }
      if (mmLocked(s, proc)) continue;
      for (const v of VPAGES) {
        const data = readAt(s, proc, v);
        if (leaked(data, proc)) return `P${proc} vpage ${v} [${showPage(s, mappedPfn(s, proc, v))}] reads ${showData(data)}`;
      }
    }
    for (let slot = 0; slot < s.gups.length; slot++) {
      const g = s.gups[slot]!;
      if (g.kind !== 'held') continue;
      const data = s.pages[g.pfn]!.data;
      if (leaked(data, g.owner)) return `gup ${slot}: P${g.owner}'s reference to ${showPage(s, g.pfn)} reads ${showData(data)}`;
    }
    return undefined;
  },
};

export const collapseInvisible: CollapseProperty = {
  kind: 'always',
  name: 'collapse-invisible',
  meaning: 'every address reads what its process, or a device through its pin, last stored there: collapse, COW and fork never change it',
  rule: 'collapse maps or copies exactly the pages the PTEs mapped; a hole stays zero-filled',
  check: (s) => {
    for (let proc = 0; proc < s.processes.length; proc++) {
      const p = s.processes[proc]!;
      if (!p.alive || mmLocked(s, proc)) continue;
      for (const v of VPAGES) {
        if (!p.vma[v]) continue;
        const data = readAt(s, proc, v);
        const want = p.view[v]!;
        if (!sameData(data, want)) {
          const pfn = mappedPfn(s, proc, v);
          const maps = pfn >= 0 ? showPage(s, pfn) : 'nothing';
          return `P${proc} vpage ${v} [${maps}] reads ${showData(data)}, but last stored ${showData(want)}`;
        }
      }
    }
    return undefined;
  },
};
