import type { Immutable, StepProperty } from '../../src/index.ts';
import type { CollapseAction } from '../../models/collapse/actions.ts';
import type { CollapseKnobs } from '../../models/collapse/knobs.ts';
import { readAt, sameData, showData, VPAGES, type CollapseState, type Data } from '../../models/collapse/state.ts';

const show = (xs: readonly Immutable<Data>[], vma: readonly boolean[]) =>
  VPAGES.filter((v) => vma[v]).map((v) => `${v}: ${showData(xs[v]!)}`).join(', ');

export const forkSnapshot: StepProperty<CollapseState, CollapseAction, CollapseKnobs> = {
  kind: 'step',
  name: 'fork-snapshot',
  meaning: "when fork returns, the child's memory is the parent's memory at one instant during the fork",
  rule: 'a page fork has copied or shared is not written by the parent until fork returns: write-protect it, writers fault and wait',
  check: (before, action, after) => {
    if ((action.kind !== 'fork' && action.kind !== 'forkStep') || after.fork.pc !== 'idle' || !after.processes[1]!.alive) return undefined;
    if (action.kind === 'forkStep' && before.fork.pc === 'idle') return undefined;
    const history = before.fork.pc === 'idle' ? [before.processes[0]!.view] : before.fork.history;
    const child = after.processes[1]!;
    const reads = VPAGES.map((v) => readAt(after, 1, v));
    if (history.some((h) => VPAGES.every((v) => !child.vma[v] || sameData(h[v]!, reads[v]!)))) return undefined;
    const states = history.map((h) => `[${show(h, child.vma)}]`).join(' then ');
    return `fork returned and P1 reads [${show(reads, child.vma)}], but P0 held ${states} during the fork, never that`;
  },
};
