import type { Outcome } from '../result.ts';

/** One cell's count: runs that hit it (random) or states / transitions that did (exhaustive). */
export interface CellCount {
  readonly name: string;
  readonly meaning: string;
  readonly kind: 'state' | 'step';
  readonly hits: number;
  /** What `hits` is out of: runs (random); distinct states or transitions (exhaustive). */
  readonly of: number;
  /** The share of runs the model asks for (random); in exhaustive mode at least one hit. */
  readonly minimum?: number;
  /** The first error the cell's predicate threw (it then counts as missed). */
  readonly error?: string;
}

/** What a check counted of the model's coverage cells. */
export interface Coverage {
  /** `runs`: shares of random runs; `states`: counts over an exhaustive search. */
  readonly mode: 'runs' | 'states';
  readonly runs: number;
  readonly states: number;
  readonly transitions: number;
  readonly cells: readonly CellCount[];
}

/** The share of runs (or states, transitions) that hit the cell, 0 when nothing was counted. */
export function share(cell: CellCount): number {
  return cell.of === 0 ? 0 : cell.hits / cell.of;
}

/**
 * Whether the cell missed its minimum: a share of runs below it in random mode, no hit at all
 * in exhaustive mode (where every reachable state counts once, so a share means nothing). A
 * check that counted nothing (a replayed path) misses nothing.
 */
export function missed(cell: CellCount, mode: Coverage['mode']): boolean {
  if (cell.minimum === undefined || cell.of === 0) return false;
  return mode === 'runs' ? share(cell) < cell.minimum : cell.hits === 0;
}

/** How a missed cell is named among the unreached witnesses of a `vacuous` outcome. */
export const missedName = (cell: CellCount) => `cell:${cell.name}`;

/** A holding outcome becomes `vacuous` when a cell missed its minimum; any other is kept. */
export function withCells(outcome: Outcome, coverage: Coverage | undefined): Outcome {
  if (coverage === undefined || (outcome.kind !== 'holds' && outcome.kind !== 'vacuous')) return outcome;
  const cells = coverage.cells.filter((c) => missed(c, coverage.mode)).map(missedName);
  if (cells.length === 0) return outcome;
  const unreached = outcome.kind === 'vacuous' ? outcome.unreached : [];
  return { kind: 'vacuous', unreached: [...unreached, ...cells] };
}

/** The coverage of several checks of one configuration (worker threads), summed cell by cell. */
export function mergeCoverage(parts: readonly (Coverage | undefined)[]): Coverage | undefined {
  const present = parts.filter((p): p is Coverage => p !== undefined);
  const first = present[0];
  if (first === undefined) return undefined;
  const sum = (f: (c: Coverage) => number) => present.reduce((total, c) => total + f(c), 0);
  return {
    mode: first.mode,
    runs: sum((c) => c.runs),
    states: sum((c) => c.states),
    transitions: sum((c) => c.transitions),
    cells: first.cells.map((cell, i) => ({
      ...cell,
      hits: sum((c) => c.cells[i]!.hits),
      of: sum((c) => c.cells[i]!.of),
    })),
  };
}
