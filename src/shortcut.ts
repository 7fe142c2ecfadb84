import type { Immutable } from 'immer';
import { ActionSequenceArbitrary } from './actionSequence.ts';
import { fingerprint } from './explore/fingerprint.ts';
import { mayBeEnabled, statesAlong, step, type Machine } from './machine.ts';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xorshift128plus } from 'pure-rand/generator/xorshift128plus';
import { RandomRunner } from './randomRunner.ts';
import { replayIndices, type RunOutcome } from './run.ts';
import { withReplacedAndDropped } from './shortcutTwoEdits.ts';

type State = Immutable<unknown>;
type Violation = RunOutcome & { readonly kind: 'violation' };

/** How far the search around each state of a counterexample looks. */
export interface ShortcutCap {
  /** Steps off the counterexample's path, at most. */
  readonly depth: number;
  /** Distinct states off the path one search may visit, at most, all places together. */
  readonly states: number;
  /** Whether a shortcut may end in another property's violation (a shorter counterexample all the same). */
  readonly anyProperty: boolean;
  /** Steps of random runs of at most L-1 steps each, tried after the cheaper moves. */
  readonly walkSteps: number;
  /** Steps of replays with one step replaced and another dropped, tried last (shortcutTwoEdits.ts). */
  readonly twoEditSteps: number;
}

/**
 * Detours of three steps, 2000 states, and 40,000 steps of random runs (at most: `check`
 * gives a fifth of its budget's steps): a fraction of the model budgets' random runs
 * (10,000-15,000 runs of 20-30 steps), which the loop this replaced re-ran in full at every
 * length. Two edits at once: 10,000 steps, a quarter of the random runs' (every pair of a
 * 7-step run of collapse takes about 1,300). A violation of any property counts, as in the proof.
 */
export const DEFAULT_SHORTCUT_CAP: ShortcutCap = { depth: 3, states: 2000, anyProperty: true, walkSteps: 40_000, twoEditSteps: 10_000 };

/** A shorter run found: the steps before place `from`, then `detour`, then the steps from `rejoin` on. */
interface Splice {
  readonly from: number;
  readonly detour: readonly number[];
  /** Where the detour rejoins the path, or the path's length when it ends in a violation. */
  readonly rejoin: number;
  readonly gain: number;
}

/** One breadth-first search around a place of the path: its current layer, and what it saw. */
interface Around {
  layer: { readonly state: State; readonly detour: readonly number[] }[];
  readonly seen: Set<string>;
}

/**
 * Shrinking stops at a local minimum: no single drop, slot swap or merge of two steps keeps
 * the failure, though a shorter run exists (a split of another kind, two steps that reach
 * what three of the run's do, a race another way round). Cheap moves look for a shorter
 * failing run: one step or a block of steps changed to any one action, two steps dropped, random runs of fewer steps
 * (seeded by `seed`); then from each state s_i along the run a small breadth-first search (a
 * few steps, deduplicated by fingerprint, capped) for a property broken in fewer than L-i
 * steps, or a later state s_j of the run reached in fewer than j-i steps; last, one step
 * replaced and another dropped at once (shortcutTwoEdits.ts). What they find is shrunk again, and so on until none is shorter or the run is `shortest` steps long (a
 * breadth-first search found nothing shorter). Deterministic: the same run and seed give the
 * same result.
 */
export function shortcut(
  machine: Machine,
  start: Violation,
  seed: number,
  cap: ShortcutCap = DEFAULT_SHORTCUT_CAP,
  onShorter?: (outcome: Violation) => void,
  shortest = 1,
): Violation {
  const sequences = new ActionSequenceArbitrary(machine, 0, new Set());
  let current = start;
  /** Whether a violation of `property` is a failure of the run as well (the proof's rule). */
  const counts = (property: string) => cap.anyProperty || property === current.property;
  // `shortest`: no counterexample is shorter (a breadth-first search covered the steps before it)
  while (current.executed.length > shortest) {
    // cheapest first: replays of the run changed in one place, then random runs, then detours
    let replayed = withBlockReplaced(machine, current, counts) ?? withoutTwoSteps(machine, current, counts) ?? shorterRun(machine, current, seed, cap, counts);
    if (replayed === undefined) {
      const splice = findSplice(machine, current, cap, counts);
      if (splice !== undefined) {
        replayed = replayIndices(machine, [...current.executed.slice(0, splice.from), ...splice.detour, ...current.executed.slice(splice.rejoin)]);
      }
    }
    // last, as it tries the most replays: a local minimum that every single edit keeps
    replayed ??= withReplacedAndDropped(machine, current, cap.twoEditSteps, counts);
    if (replayed === undefined) return current;
    // a detour's end is found by fingerprint: a collision would not replay shorter
    if (replayed.kind !== 'violation' || !counts(replayed.property)) return current;
    if (replayed.executed.length >= current.executed.length) return current;
    current = shrink(machine, sequences, replayed);
    onShorter?.(current);
  }
  return current;
}

/**
 * The run with a block of its steps (one step or several in a row) replaced by any one action,
 * where that leaves later steps disabled (skipped on replay) and still breaks a property: a
 * uniform split for a non-uniform one, or one MADV_DONTNEED for a fork and the zaps that
 * undid it. The largest block first. Shrinking replaces a step only by a simpler action of
 * its kind, and drops steps only where the rest still fails without a replacement.
 */
function withBlockReplaced(machine: Machine, current: Violation, counts: (property: string) => boolean): RunOutcome | undefined {
  const length = current.executed.length;
  const path = statesAlong(machine, current.executed);
  for (let block = path.length; block >= 1; block--) {
    for (let at = 0; at + block <= path.length; at++) {
      const before = path[at]!;
      for (let action = 0; action < machine.alphabet.length; action++) {
        // a disabled action is skipped on replay: the block dropped, which shrinking tried
        if ((block === 1 && action === current.executed[at]) || !mayBeEnabled(machine, before, action)) continue;
        const indices = [...current.executed.slice(0, at), action, ...current.executed.slice(at + block)];
        const replayed = replayIndices(machine, indices);
        if (replayed.kind === 'violation' && replayed.executed.length < length && counts(replayed.property)) return replayed;
      }
    }
  }
  return undefined;
}

/**
 * The run without one or two of its steps, anywhere but the last (shrinking drops one step,
 * or a block of steps, at a time, and keeps its property: two that only matter together,
 * such as a lock taken and released, stay): the first whose removal still breaks a property.
 */
function withoutTwoSteps(machine: Machine, current: Violation, counts: (property: string) => boolean): RunOutcome | undefined {
  const body = current.executed.length - 1;
  const without = (first: number, second: number) => {
    const replayed = replayIndices(machine, current.executed.filter((_, at) => at !== first && at !== second));
    return replayed.kind === 'violation' && counts(replayed.property) ? replayed : undefined;
  };
  // one step: shrinking tried it, but for its own property only
  for (let first = 0; first < body; first++) {
    const found = without(first, -1);
    if (found) return found;
  }
  for (let first = 0; first < body; first++) {
    for (let second = first + 2; second < body; second++) {
      const found = without(first, second);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Random runs of fewer steps than the counterexample, as the check's own runs draw them (on a
 * stream of their own, seeded by the check's seed and the length): the first that breaks a
 * property, if any. What neither shrinking nor a detour of a few steps reaches, a run that
 * takes another way from the start often does, in a few hundred runs.
 */
function shorterRun(machine: Machine, current: Violation, seed: number, cap: ShortcutCap, counts: (property: string) => boolean): RunOutcome | undefined {
  const length = current.executed.length;
  if (cap.walkSteps <= 0 || length <= 1) return undefined;
  const walks = Math.ceil(cap.walkSteps / (length - 1));
  const rng = xorshift128plus(seed ^ Math.imul(length, 0x9e3779b1));
  const runner = new RandomRunner(machine, length - 1, (n) => uniformInt(rng, 0, n - 1));
  for (let walk = 0; walk < walks; walk++) {
    const run = runner.run();
    if (run.kind === 'violation' && counts(run.property)) return run;
  }
  return undefined;
}

/** Shrink as fast-check does (the first candidate that still breaks the property, again), without random runs. */
export function shrink(machine: Machine, sequences: ActionSequenceArbitrary, start: Violation): Violation {
  let current = start;
  shrinking: for (;;) {
    for (const candidate of sequences.shrink(current.executed)) {
      const replayed = replayIndices(machine, candidate.value);
      if (replayed.kind === 'violation' && replayed.property === current.property) {
        current = replayed;
        continue shrinking;
      }
    }
    return current;
  }
}

/**
 * The shortcut that saves the most steps, among those found at the smallest depth: every place
 * of the path searches one layer deeper in turn, so a cheap shortcut anywhere is found before an
 * expensive one.
 */
function findSplice(machine: Machine, run: Violation, cap: ShortcutCap, counts: (property: string) => boolean): Splice | undefined {
  const length = run.executed.length;
  const path = statesAlong(machine, run.executed);
  if (path.length !== length) return undefined;
  const prints = path.map((state) => fingerprint(state));
  // the last place each state of the path is at: a later one is a loop to cut
  const lastAt = new Map<string, number>();
  prints.forEach((print, at) => lastAt.set(print, at));
  let best: Splice | undefined;
  const consider = (splice: Splice) => {
    if (splice.gain > 0 && (best === undefined || splice.gain > best.gain)) best = splice;
  };
  prints.forEach((print, from) => consider({ from, detour: [], rejoin: lastAt.get(print)!, gain: lastAt.get(print)! - from }));
  if (best) return best;
  const around: Around[] = path.map((state, from) => ({ layer: [{ state, detour: [] }], seen: new Set([prints[from]!]) }));
  let visited = 0;
  for (let depth = 1; depth <= cap.depth; depth++) {
    for (let from = 0; from < length; from++) {
      // a detour of `depth` steps from s_from saves nothing unless it ends before the path does
      if (from + depth >= length) continue;
      const search = around[from]!;
      const next: Around['layer'] = [];
      for (const { state, detour } of search.layer) {
        for (let index = 0; index < machine.alphabet.length; index++) {
          if (visited >= cap.states) break;
          const result = step(machine, state, machine.alphabet[index]!);
          if (result.kind === 'disabled' || result.kind === 'model-error') continue;
          const taken = [...detour, index];
          if (result.kind === 'violation') {
            if (counts(result.property)) consider({ from, detour: taken, rejoin: length, gain: length - from - depth });
            continue;
          }
          const print = fingerprint(result.state);
          if (search.seen.has(print)) continue;
          search.seen.add(print);
          visited++;
          const at = lastAt.get(print);
          if (at !== undefined) {
            // back on the path: a gain if further along than the run took to get there; else
            // the search from that place covers what lies beyond
            consider({ from, detour: taken, rejoin: at, gain: at - from - depth });
            continue;
          }
          next.push({ state: result.state, detour: taken });
        }
      }
      search.layer = next;
    }
    if (best) return best;
  }
  return undefined;
}
