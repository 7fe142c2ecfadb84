import type { Model } from '../../src/index.ts';
import type { CollapseAction } from './actions.ts';
import { forkStepCopies } from './fork.ts';
import type { CollapseKnobs } from './knobs.ts';
import { walkedTable } from './tables.ts';
import { samePmd, type CollapseState } from './state.ts';

/** `CoverageCell`, reached through `Model` (src/index.ts does not export it by name yet). */
type Cell = NonNullable<Model<CollapseState, CollapseAction, CollapseKnobs>['cells']>[number];

/** The situations docs/models/collapse.md argues are worth reaching. */
export const collapseCells: readonly Cell[] = [
  {
    kind: 'state',
    name: 'gup-fast-walks-unhooked-table',
    meaning: 'GUP-fast (irqs off) holds a PTE table P0 no longer maps: pmdp_collapse_flush or a range zap came between',
    hit: (s) => {
      const t = s.gupFast;
      return (t.pc === 'pmd-read' || t.pc === 'head-read' || t.pc === 'got') && !samePmd(s.processes[0]!.pmd, t.pmd);
    },
  },
  {
    kind: 'state',
    name: 'table-awaits-rcu-for-walker',
    meaning: 'a table freed by tlb_remove_table waits for a grace period because GUP-fast still walks it',
    hit: (s) => {
      const t = walkedTable(s);
      return t !== undefined && s.tables[t]!.use === 'rcu';
    },
  },
  { kind: 'state', name: 'gup-fast-during-fork', meaning: 'GUP-fast runs while fork holds write_protect_seq odd', hit: (s) => s.gupFast.pc !== 'idle' && s.fork.pc !== 'idle' },
  {
    kind: 'step',
    name: 'store-between-dup-and-wrprotect',
    meaning: 'another thread of P0 stores through the huge PMD between folio_try_dup_anon_rmap_pmd and pmdp_set_wrprotect',
    hit: (before, action) => action.kind === 'write' && action.proc === 0 && before.fork.pc === 'pmd' && before.fork.duped,
  },
  {
    kind: 'state',
    name: 'gup-fast-races-split',
    meaning: 'GUP-fast is inside its walk while CPU2 splits a THP (unmapped, frozen, or page_folio rewritten)',
    hit: (s) => s.gupFast.pc !== 'idle' && s.splitter.pc !== 'idle',
  },
  {
    kind: 'step',
    name: 'freeze-fails-on-speculative-ref',
    meaning: 'folio_ref_freeze fails because a GUP-fast took a reference after the unmap',
    hit: (before, action) => action.kind === 'splitStep' && before.splitter.pc === 'unmapped' && before.folios[before.splitter.folio]!.refcount !== 1,
  },
  {
    kind: 'step',
    name: 'fork-copies-maybe-pinned',
    meaning: 'copy_present_page copies an exclusive, maybe-pinned page for the child',
    hit: (before, action) => action.kind === 'forkStep' && forkStepCopies(before),
  },
];
