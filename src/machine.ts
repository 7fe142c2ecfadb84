import { Immer } from 'immer';
import type { Immutable } from 'immer';
import type {
  ActionBase,
  AlwaysProperty,
  AnyModel,
  KnobValues,
  SometimesProperty,
  StepProperty,
} from './model.ts';

type State = Immutable<unknown>;

/**
 * A model bound to one configuration: its alphabet, its properties sorted by kind, and an
 * immer instance of its own (auto-freeze is per check, never global).
 */
export interface Machine {
  readonly model: AnyModel;
  readonly knobs: KnobValues;
  readonly alphabet: readonly ActionBase[];
  readonly always: readonly AlwaysProperty<unknown, KnobValues>[];
  readonly steps: readonly StepProperty<unknown, ActionBase, KnobValues>[];
  readonly witnesses: readonly SometimesProperty<unknown, KnobValues>[];
  readonly immer: Immer;
}

/** @internal Bind a model to knob values. */
export function buildMachine(model: AnyModel, knobs: KnobValues, autoFreeze = true): Machine {
  const immer = new Immer();
  immer.setAutoFreeze(autoFreeze);
  const properties = model.properties as AnyModel['properties'];
  return {
    model,
    knobs,
    alphabet: model.actions(knobs),
    always: properties.filter((p) => p.kind === 'always'),
    steps: properties.filter((p) => p.kind === 'step'),
    witnesses: properties.filter((p) => p.kind === 'sometimes'),
    immer,
  };
}

/** What one step did. */
export type StepResult =
  | { readonly kind: 'disabled' }
  | { readonly kind: 'ok'; readonly state: State }
  | { readonly kind: 'violation'; readonly property: string; readonly message: string; readonly state: State }
  | { readonly kind: 'model-error'; readonly error: unknown };

/** The first `always` property the state breaks, if any. */
function firstBroken(machine: Machine, state: State): { property: string; message: string } | undefined {
  for (const property of machine.always) {
    const message = property.check(state, machine.knobs);
    if (message !== undefined) return { property: property.name, message };
  }
  return undefined;
}

/** Mark the witnesses this state reaches. */
export function markWitnesses(machine: Machine, state: State, reached: Set<string>): void {
  for (const witness of machine.witnesses) {
    if (!reached.has(witness.name) && witness.reached(state, machine.knobs)) reached.add(witness.name);
  }
}

/** The initial state, or the violation or model error it already has. */
export function initialState(machine: Machine): StepResult {
  try {
    const state = machine.immer.produce(machine.model.init(machine.knobs), () => undefined) as State;
    const broken = firstBroken(machine, state);
    return broken ? { kind: 'violation', ...broken, state } : { kind: 'ok', state };
  } catch (error) {
    return { kind: 'model-error', error };
  }
}

/** Whether an action is enabled; a guard that throws is a model error, reported by `step`. */
export function isEnabled(machine: Machine, state: State, action: ActionBase): boolean {
  return machine.model.enabled(state, action, machine.knobs);
}

/** Take one action: guard, transition, then every `step` and `always` property. */
export function step(machine: Machine, state: State, action: ActionBase): StepResult {
  try {
    if (!machine.model.enabled(state, action, machine.knobs)) return { kind: 'disabled' };
    const after = machine.immer.produce(state, (draft: unknown) => {
      machine.model.apply(draft, action, machine.knobs);
    }) as State;
    for (const property of machine.steps) {
      const message = property.check(state, action, after, machine.knobs);
      if (message !== undefined) return { kind: 'violation', property: property.name, message, state: after };
    }
    const broken = firstBroken(machine, after);
    return broken ? { kind: 'violation', ...broken, state: after } : { kind: 'ok', state: after };
  } catch (error) {
    return { kind: 'model-error', error };
  }
}

/** Whether some action of the alphabet is enabled (for `neverStuck` models). */
export function hasEnabled(machine: Machine, state: State): boolean {
  return machine.alphabet.some((action) => isEnabled(machine, state, action));
}
