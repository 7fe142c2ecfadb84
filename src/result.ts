import type { Configuration } from './configuration.ts';
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

/** Everything a check found, as data: reports and exit codes are made from it elsewhere. */
export interface CheckResult {
  readonly model: string;
  readonly configuration: Configuration;
  readonly mode: 'random' | 'exhaustive';
  readonly budget: Budget;
  readonly seed: number;
  /** fast-check's counterexample path (`run:shrink:...`); with the seed it replays the run. */
  readonly path?: string;
  readonly runs: number;
  readonly steps: number;
  /** Exhaustive mode: the distinct states explored. */
  readonly distinctStates?: number;
  readonly elapsedMs: number;
  readonly witnesses: readonly Witness[];
  readonly outcome: Outcome;
  /** Whether the variant did what it is expected to; `undefined` for hand-set knobs. */
  readonly met: boolean | undefined;
}

/** Whether an outcome meets an expectation (a longer counterexample than `within` does not). */
export function meets(expect: Expectation | undefined, outcome: Outcome): boolean | undefined {
  if (expect === undefined) return undefined;
  if (expect.kind === 'holds') return outcome.kind === 'holds';
  if (outcome.kind !== 'violated') return false;
  const { property, actions } = outcome.counterexample;
  return property === expect.property && (expect.within === undefined || actions.length <= expect.within);
}

/** The exit status of a check: 0 met (or holds when nothing is expected), 1 otherwise. */
export function exitStatus(result: CheckResult): 0 | 1 {
  const ok = result.met ?? result.outcome.kind === 'holds';
  return ok ? 0 : 1;
}
