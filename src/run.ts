// What a run is (`RunOutcome`) and the replay of a fixed list of actions; the random runs
// are `RandomRunner`'s (randomRunner.ts).
import type { Immutable } from 'immer';
import * as machineModule from './machine.ts';
import type { Machine } from './machine.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module.
const { hasEnabled, initialState, markWitnesses, step } = machineModule;

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

function runWith(machine: Machine, choose: Chooser, reached: Set<string> | undefined): RunOutcome {
  const executed: number[] = [];
  const start = initialState(machine);
  if (start.kind === 'model-error') return { kind: 'model-error', executed, error: start.error };
  if (start.kind === 'violation') return { ...start, executed, kind: 'violation' };
  if (start.kind === 'disabled') throw new Error('unreachable: initial state is never disabled');
  let state = start.state;
  if (reached) markWitnesses(machine, state, reached);
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

/** Whether some action is enabled in `state`, a throwing guard counting as enabled. */
export function safeHasEnabled(machine: Machine, state: Immutable<unknown>): boolean {
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
