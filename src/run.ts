import type { Immutable } from 'immer';
import { tallies, type CellTally } from './coverage/tally.ts';
import { hasEnabled, initialState, markWitnesses, step, type Machine } from './machine.ts';

/** The reserved property a `neverStuck` model breaks when no action is enabled. */
export const NEVER_STUCK = 'never-stuck';

/** How one run ended. `executed` lists the alphabet indices that ran, disabled ones left out. */
export type RunOutcome =
  | { readonly kind: 'passed'; readonly executed: readonly number[] }
  | {
      readonly kind: 'violation';
      readonly executed: readonly number[];
      readonly property: string;
      readonly message: string;
    }
  /** `executed` ends with the action that threw (absent when `init` threw). */
  | { readonly kind: 'model-error'; readonly executed: readonly number[]; readonly error: unknown };

/** Picks the next action's alphabet index in a state, or `undefined` to end the run. */
type Chooser = (state: Immutable<unknown>) => number | undefined;

function runWith(machine: Machine, choose: Chooser, reached: Set<string> | undefined, tally?: CellTally): RunOutcome {
  const executed: number[] = [];
  const start = initialState(machine);
  if (start.kind === 'model-error') return { kind: 'model-error', executed, error: start.error };
  if (start.kind === 'violation') return { ...start, executed, kind: 'violation' };
  if (start.kind === 'disabled') throw new Error('unreachable: initial state is never disabled');
  let state = start.state;
  if (reached) markWitnesses(machine, state, reached);
  if (tally) tally.begin(state);
  for (;;) {
    let index: number | undefined;
    try {
      index = choose(state);
    } catch (error) {
      return { kind: 'model-error', executed, error };
    }
    if (index === undefined) break;
    const action = machine.alphabet[index];
    if (action === undefined) throw new Error(`action index ${index} is outside the alphabet`);
    const result = step(machine, state, action);
    if (result.kind === 'disabled') continue;
    executed.push(index);
    if (tally && result.kind !== 'model-error') tally.step(state, action, result.state);
    if (result.kind === 'model-error') return { kind: 'model-error', executed, error: result.error };
    if (result.kind === 'violation') {
      return { kind: 'violation', executed, property: result.property, message: result.message };
    }
    state = result.state;
    if (reached) markWitnesses(machine, state, reached);
  }
  if (machine.model.neverStuck && !safeHasEnabled(machine, state)) {
    return { kind: 'violation', executed, property: NEVER_STUCK, message: 'no action is enabled' };
  }
  return { kind: 'passed', executed };
}

function safeHasEnabled(machine: Machine, state: Immutable<unknown>): boolean {
  try {
    return hasEnabled(machine, state);
  } catch {
    return true; // a throwing guard is reported when that action is taken, not here
  }
}

/** Replay a fixed list of alphabet indices; disabled actions are skipped, as DESIGN says. */
export function replayIndices(
  machine: Machine,
  indices: readonly number[],
  reached?: Set<string>,
): RunOutcome {
  let next = 0;
  return runWith(machine, () => (next < indices.length ? indices[next++] : undefined), reached);
}

/** How many random picks to try before scanning the whole alphabet for enabled actions. */
const RANDOM_TRIES = 16;

/**
 * A random run of at most `maxSteps` steps, each drawn uniformly among the actions enabled in
 * the current state (so no step is wasted on a disabled one), or for a model that draws by
 * `kind` uniformly among the enabled kinds and then within one. `nextInt(n)` gives 0..n-1.
 */
export function randomRun(
  machine: Machine,
  maxSteps: number,
  nextInt: (n: number) => number,
  reached?: Set<string>,
): RunOutcome {
  const size = machine.alphabet.length;
  // A guard that throws picks its action, so that `step` reports it as a model error at that step.
  const enabledOrThrows = (state: Immutable<unknown>, index: number) => {
    try {
      return machine.enabledAt[index]!(state);
    } catch {
      return true;
    }
  };
  let taken = 0;
  const byKind = machine.model.draw === 'kind' ? kindsOf(machine) : undefined;
  const tally = tallies.get(machine);
  const outcome = runWith(
    machine,
    (state) => {
      if (taken >= maxSteps || size === 0) return undefined;
      taken++;
      if (byKind) {
        // the first kind with an enabled action in a random order is uniform among such kinds
        const order = byKind.map((_, k) => k);
        for (let k = order.length - 1; k >= 0; k--) {
          const j = nextInt(k + 1);
          [order[k], order[j]] = [order[j]!, order[k]!];
          const enabled = byKind[order[k]!]!.filter((index) => enabledOrThrows(state, index));
          if (enabled.length > 0) return enabled[nextInt(enabled.length)];
        }
        return undefined;
      }
      // Rejection sampling is uniform over the enabled actions and cheap when many are enabled.
      for (let i = 0; i < RANDOM_TRIES; i++) {
        const index = nextInt(size);
        if (enabledOrThrows(state, index)) return index;
      }
      const enabled: number[] = [];
      for (let index = 0; index < size; index++) {
        if (enabledOrThrows(state, index)) enabled.push(index);
      }
      return enabled.length === 0 ? undefined : enabled[nextInt(enabled.length)];
    },
    reached,
    tally,
  );
  if (tally) tally.end();
  return outcome;
}

/** Alphabet indices grouped by action kind, in the order the kinds first appear. */
function kindsOf(machine: Machine): number[][] {
  const groups = new Map<string, number[]>();
  machine.alphabet.forEach((action, index) => {
    const group = groups.get(action.kind) ?? [];
    group.push(index);
    groups.set(action.kind, group);
  });
  return [...groups.values()];
}
