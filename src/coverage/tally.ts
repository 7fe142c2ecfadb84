import type { Machine } from '../machine.ts';
import type { ActionBase, CoverageCell, KnobValues } from '../model.ts';
import type { Coverage, CellCount } from './coverage.ts';

type AnyCell = CoverageCell<unknown, ActionBase, KnobValues>;
type StateHit = (state: unknown, knobs: KnobValues) => boolean;
type StepHit = (before: unknown, action: ActionBase, after: unknown, knobs: KnobValues) => boolean;

/**
 * Counts the cells of one machine: in random mode the runs that hit each cell at least once
 * (a cell already hit in the run is not evaluated again), in exhaustive mode the distinct
 * states (state cells) and the transitions (step cells) that hit it. A cell that throws counts
 * as missed and its first error is kept: a cell is a report, never a reason to stop a check.
 */
export class CellTally {
  readonly cells: readonly AnyCell[];
  private readonly stateAt: readonly number[];
  private readonly stepAt: readonly number[];
  private readonly stateHit: readonly StateHit[];
  private readonly stepHit: readonly StepHit[];
  private readonly counts: Float64Array;
  private readonly inRun: Uint8Array;
  /** Cells not yet hit in the current run. */
  private open = 0;
  runs = 0;
  states = 0;
  transitions = 0;
  readonly errors = new Map<string, string>();

  constructor(
    cells: readonly AnyCell[],
    private readonly knobs: KnobValues,
  ) {
    this.cells = cells;
    this.stateAt = cells.flatMap((c, i) => (c.kind === 'state' ? [i] : []));
    this.stepAt = cells.flatMap((c, i) => (c.kind === 'step' ? [i] : []));
    this.stateHit = this.stateAt.map((i) => (cells[i] as AnyCell & { kind: 'state' }).hit as StateHit);
    this.stepHit = this.stepAt.map((i) => (cells[i] as AnyCell & { kind: 'step' }).hit as StepHit);
    this.counts = new Float64Array(cells.length);
    this.inRun = new Uint8Array(cells.length);
  }

  /** Whether exhaustive mode must keep the state before a step for the step cells. */
  get hasStepCells(): boolean {
    return this.stepAt.length > 0;
  }

  // The predicates are called in place, not through a closure: one a cell and a step was the
  // largest allocation of an exhaustive search (nine step cells on folio).
  private stateHitAt(k: number, state: unknown): boolean {
    try {
      return this.stateHit[k]!(state, this.knobs);
    } catch (error) {
      this.failed(this.stateAt[k]!, error);
      return false;
    }
  }

  private stepHitAt(k: number, before: unknown, action: ActionBase, after: unknown): boolean {
    try {
      return this.stepHit[k]!(before, action, after, this.knobs);
    } catch (error) {
      this.failed(this.stepAt[k]!, error);
      return false;
    }
  }

  /** Keep a cell's first error: it then counts as missed. */
  private failed(cell: number, error: unknown): void {
    const name = this.cells[cell]!.name;
    if (!this.errors.has(name)) this.errors.set(name, error instanceof Error ? error.message : String(error));
  }

  /** Random mode: a run starts in `state`. */
  begin(state: unknown): void {
    this.inRun.fill(0);
    this.open = this.cells.length;
    this.state(state);
  }

  private state(state: unknown): void {
    for (let k = 0; k < this.stateAt.length; k++) {
      const cell = this.stateAt[k]!;
      if (this.inRun[cell] === 0 && this.stateHitAt(k, state)) {
        this.inRun[cell] = 1;
        this.open--;
      }
    }
  }

  /** Random mode: the run took a step. */
  step(before: unknown, action: ActionBase, after: unknown): void {
    if (this.open === 0) return;
    for (let k = 0; k < this.stepAt.length; k++) {
      const cell = this.stepAt[k]!;
      if (this.inRun[cell] === 0 && this.stepHitAt(k, before, action, after)) {
        this.inRun[cell] = 1;
        this.open--;
      }
    }
    this.state(after);
  }

  /** Random mode: the run ended; count the cells it hit. */
  end(): void {
    this.runs++;
    for (let cell = 0; cell < this.cells.length; cell++) this.counts[cell]! += this.inRun[cell]!;
    this.inRun.fill(0);
  }

  /** Exhaustive mode: a new distinct state. */
  exploreState(state: unknown): void {
    this.states++;
    for (let k = 0; k < this.stateAt.length; k++) {
      const cell = this.stateAt[k]!;
      if (this.stateHitAt(k, state)) this.counts[cell]!++;
    }
  }

  /** Exhaustive mode: a transition, to a new state or not. */
  exploreStep(before: unknown, action: ActionBase, after: unknown): void {
    this.transitions++;
    for (let k = 0; k < this.stepAt.length; k++) {
      const cell = this.stepAt[k]!;
      if (this.stepHitAt(k, before, action, after)) this.counts[cell]!++;
    }
  }

  /** What was counted, in the mode given. */
  coverage(mode: Coverage['mode']): Coverage {
    const cells: CellCount[] = this.cells.map((cell, i) => {
      const hits = this.counts[i]!;
      const of = mode === 'runs' ? this.runs : cell.kind === 'state' ? this.states : this.transitions;
      const error = this.errors.get(cell.name);
      return {
        name: cell.name,
        meaning: cell.meaning,
        kind: cell.kind,
        hits,
        of,
        ...(cell.minimum === undefined ? {} : { minimum: cell.minimum }),
        ...(error === undefined ? {} : { error }),
      };
    });
    return { mode, runs: this.runs, states: this.states, transitions: this.transitions, cells };
  }
}

/**
 * The tally random runs of a machine feed (`actionSequence.ts` looks it up once a run):
 * registered by `check` for a model with cells, absent otherwise, so a model without cells
 * pays one lookup a run and nothing a step.
 */
export const tallies = new WeakMap<Machine, CellTally>();

/** A tally for the machine's model, or `undefined` when it declares no cells. */
export function cellTally(machine: Machine): CellTally | undefined {
  const cells = machine.model.cells as readonly AnyCell[] | undefined;
  return cells === undefined || cells.length === 0 ? undefined : new CellTally(cells, machine.knobs);
}
