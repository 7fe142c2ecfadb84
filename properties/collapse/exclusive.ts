import type { AlwaysProperty } from '../../src/index.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import { mappedAt, mappingExclusive, showPage, VPAGES, type CollapseState } from '../../models/collapse/state.ts';

export const anonExclusiveSole: AlwaysProperty<CollapseState, CollapseKnobs> = {
  kind: 'always',
  name: 'anon-exclusive-sole',
  meaning: 'a PageAnonExclusive mapping is the only mapping of its page: a PMD is exclusive only if every subpage was',
  rule: 'PG_anon_exclusive: fork clears it (the head page\'s for a PMD), split hands the head\'s to the subpages',
  check: (s) => {
    for (const [proc, p] of s.processes.entries()) {
      if (!p.alive) continue;
      for (const v of VPAGES) {
        if (!mappingExclusive(s, proc, v)) continue;
        const at = mappedAt(s, proc, v)!;
        for (const [other, q] of s.processes.entries()) {
          if (other === proc || !q.alive) continue;
          const w = VPAGES.find((x) => {
            const there = mappedAt(s, other, x);
            return there?.pfn === at.pfn;
          });
          if (w === undefined) continue;
          const how = p.pmd.kind === 'huge' ? 'through an exclusive PMD' : 'through an exclusive PTE';
          return `P${proc} maps ${showPage(s, at.pfn)} at vpage ${v} ${how}, but P${other} maps it too at vpage ${w}`;
        }
      }
    }
    return undefined;
  },
};
