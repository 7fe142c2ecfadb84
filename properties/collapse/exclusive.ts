import type { AlwaysProperty } from '../../src/index.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import { mappedPfn, mappingExclusive, showPage, VPAGES, type CollapseState } from '../../models/collapse/state.ts';

export const anonExclusiveSole: AlwaysProperty<CollapseState, CollapseKnobs> = {
  kind: 'always',
  name: 'anon-exclusive-sole',
  meaning: 'a PageAnonExclusive mapping is the only mapping of its page: a PMD is exclusive only if every subpage was',
  rule: 'PG_anon_exclusive: fork clears it (the head page\'s for a PMD), split hands the head\'s to the subpages',
  check: (s) => {
    // index loops, no closures: this runs after every random step
    for (let proc = 0; proc < s.processes.length; proc++) {
      const p = s.processes[proc]!;
      if (!p.alive) continue;
      for (const v of VPAGES) {
        if (!mappingExclusive(s, proc, v)) continue;
        const pfn = mappedPfn(s, proc, v);
        for (let other = 0; other < s.processes.length; other++) {
          if (other === proc || !s.processes[other]!.alive) continue;
          let w = -1;
          for (const x of VPAGES) {
            if (mappedPfn(s, other, x) === pfn) {
              w = x;
              break;
            }
          }
          if (w < 0) continue;
          const how = p.pmd.kind === 'huge' ? 'through an exclusive PMD' : 'through an exclusive PTE';
          return `P${proc} maps ${showPage(s, pfn)} at vpage ${v} ${how}, but P${other} maps it too at vpage ${w}`;
        }
      }
    }
    return undefined;
  },
};
