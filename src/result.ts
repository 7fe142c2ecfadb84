import type { Configuration } from './configuration.ts';
import type { Coverage } from './coverage/coverage.ts';
import type { ExploreStats } from './explore/explore.ts';
import type { ActionBase, Budget, Expectation } from './model.ts';

/** A shrunk run that breaks a property, with what replays it. */
export interface Counterexample {
  readonly property: string;
  /** The values behind the violation, as the property reported them. */
  readonly message: string;
  /** The actions that ran, in order; the last one broke the property (none: the initial state). */
  readonly actions: readonly ActionBase[];
}

/** A model that threw: a bug in the model, never a property violation. */
export interface ModelFailure {
  readonly message: string;
  readonly stack?: string;
  /** The actions that ran; the last one threw (none: `init` threw). */
  readonly actions: readonly ActionBase[];
}

/** How a check ended. */
export type Outcome =
  | { readonly kind: 'holds' }
  /** Nothing broke, but these witnesses were never reached: the invariants may be untested. */
  | { readonly kind: 'vacuous'; readonly unreached: readonly string[] }
  | { readonly kind: 'violated'; readonly counterexample: Counterexample }
  | { readonly kind: 'model-error'; readonly failure: ModelFailure };

export type VerdictKind = Outcome['kind'];

export interface Witness {
  readonly name: string;
  readonly reached: boolean;
}

/** When a random check first hit the failure it reports, before any shrinking. */
export interface FirstFound {
  /** The run (1-based) that first failed. */
  readonly run: number;
  /** How many steps that run had taken when it failed. */
  readonly step: number;
  readonly elapsedMs: number;
}

/**
 * Whether a random counterexample is known to be a shortest one: a bounded exhaustive search
 * for the same failure either found none in fewer steps over every state it could reach
 * (`proven`), or stopped at a cap after exploring every run of `exhaustiveTo` steps.
 */
export type Shortest =
  | { readonly kind: 'proven'; readonly states: number; readonly elapsedMs: number }
  | { readonly kind: 'not-proven'; readonly exhaustiveTo: number; readonly states: number; readonly elapsedMs: number };

/** The breadth-first search that followed random runs which found nothing. */
export interface ExhaustiveSearch {
  readonly states: number;
  /** Every state reachable in this many steps or fewer was checked. */
  readonly exhaustiveTo: number;
  /** True when that was every reachable state: `holds` is a proof at the model's scale. */
  readonly complete: boolean;
  readonly elapsedMs: number;
}

interface ResultBase {
  readonly model: string;
  readonly configuration: Configuration;
  /** Steps taken (random) or transitions generated (exhaustive). */
  readonly steps: number;
  readonly elapsedMs: number;
  readonly witnesses: readonly Witness[];
  readonly outcome: Outcome;
  /** Whether the variant did what it is expected to; `undefined` for hand-set knobs. */
  readonly met: boolean | undefined;
  /** What was counted of the model's coverage cells; absent for a model without cells. */
  readonly coverage?: Coverage;
}

/** Random checking (`check`, `replay`): what replays it is the seed, the path and the budget. */
export interface RandomResult extends ResultBase {
  readonly mode: 'random';
  readonly budget: Budget;
  readonly seed: number;
  /** fast-check's counterexample path (`run:shrink:...`); with the seed it replays the run. */
  readonly path?: string;
  readonly runs: number;
  /** The only `always` and `step` properties checked (`--property`), when not all. */
  readonly properties?: readonly string[];
  /** The state cap of the breadth-first search after the random runs (0: none). */
  readonly exhaustiveStates: number;
  /** Set when the random runs found nothing and the search ran; it may have found the counterexample. */
  readonly exhaustive?: ExhaustiveSearch;
  readonly firstFound?: FirstFound;
  /** For a counterexample: whether its length is proven minimal. */
  readonly shortest?: Shortest;
}

/** One worker's share of a parallel check: its seed stream, its runs, and how it ended. */
export interface WorkerShare {
  readonly index: number;
  readonly seed: number;
  readonly runs: number;
  readonly verdict: Outcome['kind'];
  /** The counterexample's length, when it found one. */
  readonly length?: number;
}

/**
 * Random checking spread over worker threads; seed, path, budget and `shortest` are the failing
 * worker's (so its replay command is a plain `check`), runs and steps the sum of all workers.
 */
export interface ParallelResult extends Omit<RandomResult, 'mode'> {
  readonly mode: 'parallel';
  readonly workers: readonly WorkerShare[];
}

/** Exhaustive search (`explore`): every state within its bounds. */
export interface ExhaustiveResult extends ResultBase {
  readonly mode: 'exhaustive';
  readonly distinctStates: number;
  readonly exploration: ExploreStats;
}

/** Everything a check found, as data: reports and exit codes are made from it elsewhere. */
export type CheckResult = RandomResult | ParallelResult | ExhaustiveResult;

/** Whether an outcome meets an expectation (a longer counterexample than `within` does not). */
export function meets(expect: Expectation | undefined, outcome: Outcome): boolean | undefined {
  if (expect === undefined) return undefined;
  if (expect.kind === 'holds') return outcome.kind === 'holds';
  if (outcome.kind !== 'violated') return false;
  const { property, actions } = outcome.counterexample;
  return expect.properties.includes(property) && (expect.within === undefined || actions.length <= expect.within);
}

/** The exit status of a check: 0 met (or holds when nothing is expected), 1 otherwise. */
export function exitStatus(result: CheckResult): 0 | 1 {
  const ok = result.met ?? result.outcome.kind === 'holds';
  return ok ? 0 : 1;
}
