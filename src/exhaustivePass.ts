import type { Configuration } from './configuration.ts';
import { explore } from './explore/explore.ts';
import type { AnyModel } from './model.ts';
import type { ExhaustiveSearch, Outcome, Shortest } from './result.ts';

/** How much breadth-first search may follow the random runs of a check. */
export interface ExhaustiveCap {
  /** Distinct states at most; 0 skips the search. */
  readonly maxStates: number;
  /** Default: no time limit, so that the verdict does not depend on the machine's speed. */
  readonly timeLimitMs?: number;
}

/** The default cap: every known-bad variant's shortest counterexample of most models fits. */
export const DEFAULT_EXHAUSTIVE_STATES = 100_000;

type Violated = Outcome & { readonly kind: 'violated' };

const bounds = (cap: ExhaustiveCap, properties: readonly string[] | undefined) => ({
  maxStates: cap.maxStates,
  ...(cap.timeLimitMs === undefined ? {} : { timeLimitMs: cap.timeLimitMs }),
  ...(properties === undefined ? {} : { properties }),
});

/**
 * Look for a violation in fewer steps, breadth first, so that the first one found is a shortest
 * counterexample (of whichever property it breaks: the shortest sequence of steps that breaks
 * an invariant); without one, the random counterexample is proven shortest if the search
 * covered every state within one step less.
 */
export function proveShortest(
  model: AnyModel,
  configuration: Configuration,
  cap: ExhaustiveCap,
  properties: readonly string[] | undefined,
  outcome: Violated,
): { readonly outcome: Outcome; readonly shortest: Shortest } {
  const length = outcome.counterexample.actions.length;
  if (length <= 1) return { outcome, shortest: { kind: 'proven', states: 1, elapsedMs: 0 } };
  const searched = explore(model, configuration, {
    ...bounds(cap, properties),
    depth: length - 1,
  });
  const { exploration, elapsedMs } = searched;
  const states = exploration.distinctStates;
  if (searched.outcome.kind === 'violated') {
    return { outcome: searched.outcome, shortest: { kind: 'proven', states, elapsedMs } };
  }
  const covered = searched.outcome.kind !== 'model-error' && (exploration.complete || exploration.bound === 'depth');
  return {
    outcome,
    shortest: covered
      ? { kind: 'proven', states, elapsedMs }
      : { kind: 'not-proven', exhaustiveTo: Math.min(exploration.exhaustiveTo, length - 1), states, elapsedMs },
  };
}

/**
 * After random runs found nothing: every state within the cap, breadth first, so that a bug
 * a few steps deep is caught whatever the seed, and `holds` says how far it was searched.
 */
export function searchExhaustively(
  model: AnyModel,
  configuration: Configuration,
  cap: ExhaustiveCap,
  properties: readonly string[] | undefined,
): { readonly outcome: Outcome; readonly search: ExhaustiveSearch; readonly reached: readonly string[] } {
  const searched = explore(model, configuration, bounds(cap, properties));
  const { exploration, elapsedMs } = searched;
  return {
    outcome: searched.outcome,
    search: {
      states: exploration.distinctStates,
      exhaustiveTo: exploration.exhaustiveTo,
      complete: exploration.complete,
      elapsedMs,
    },
    reached: searched.witnesses.filter((w) => w.reached).map((w) => w.name),
  };
}
