import { unreachable, type Immutable } from '../../src/index.ts';
import { pageFolio, PROCESSES, tableOf, VPAGES, type CollapseState } from './state.ts';

type S = Immutable<CollapseState>;

/** The PTEs (process and vpage) whose page belongs to `folio`, present or migrating. */
function mappings(s: S, folio: number, kind: 'present' | 'migration'): string {
  const found: string[] = [];
  for (const proc of PROCESSES) {
    const p = s.processes[proc]!;
    if (!p.alive) continue;
    if (kind === 'present' && p.pmd.kind === 'huge' && p.pmd.folio === folio) found.push(`P${proc} PMD`);
    const table = tableOf(s, proc);
    if (table === undefined) continue;
    for (const v of VPAGES) {
      const pte = s.tables[table]!.ptes[v]!;
      if (pte.kind === kind && VPAGES.some((i) => pte.pfn === folio + i) && (kind === 'migration' || pageFolio(s, pte.pfn) === folio)) {
        found.push(`P${proc} vpage ${v}`);
      }
    }
  }
  return found.length > 0 ? found.join(', ') : 'none';
}

/** CPU2's `split_huge_page()`: its start on `folio`, or its next step, and the branch it takes. */
export function splitText(s: S, start?: number): string {
  if (start !== undefined) {
    const f = s.folios[start]!;
    return (
      `split_huge_page(folio ${start}): folio_try_get, folio_trylock, can_split_folio (refcount ${f.refcount} == mapcount ${f.mapcount}), ` +
      `unmap_folio -> migration entries at ${mappings(s, start, 'present')}`
    );
  }
  const k = s.splitter;
  if (k.pc === 'idle') return 'split: idle';
  const f = s.folios[k.folio]!;
  const last = k.folio + VPAGES.length - 1;
  switch (k.pc) {
    case 'unmapped': {
      const call = s.kernel.splitFreezes ? 'folio_ref_freeze' : 'folio_ref_count';
      if (f.refcount !== 1) return `${call}(folio ${k.folio}, 1) -> refcount ${f.refcount}: fail, remap_page, -EAGAIN`;
      return `${call}(folio ${k.folio}, 1) -> ${s.kernel.splitFreezes ? 'frozen (refcount 0)' : 'refcount 1, not frozen'}`;
    }
    case 'frozen':
    case 'checked':
      return `__split_folio_to_order: page_folio(pfn ${k.folio}..${last}) -> themselves, 4 order-0 folios, refcount 1 each (folio_ref_unfreeze)`;
    case 'split':
      return `remap_page -> ${mappings(s, k.folio, 'migration')}, folio_unlock, folio_put(folios ${k.folio}..${last})`;
    default:
      return unreachable(k);
  }
}
