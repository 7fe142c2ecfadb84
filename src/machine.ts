import { Immer } from 'immer';
import type { Immutable } from 'immer';
import { stateCloner } from './cloneState.ts';
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
 * How transitions run. `checked`: under immer with auto-freeze, so a guard, property or recipe
 * that mutates a state throws (tests, `--strict`). `fast`: the recipe runs on a plain deep copy
 * of the state, which gives the same states without proxies; a random run without `step`
 * properties copies the initial state once and runs every recipe on that copy in place (the
 * default for `check`, `explore` and `matrix`; a test requires identical traces in both modes
 * for every model).
 */
export type RunMode = 'checked' | 'fast';

/** What binding a model to a configuration needs besides its knobs. */
export interface MachineOptions {
  readonly mode?: RunMode;
  /** Check only these `always` and `step` properties (default all); witnesses are kept. */
  readonly properties?: readonly string[];
}

/**
 * A model bound to one configuration: its alphabet with each action's guard and transition
 * looked up once, its properties sorted by kind, and how transitions run.
 */
export interface Machine {
  readonly model: AnyModel;
  readonly knobs: KnobValues;
  readonly mode: RunMode;
  readonly alphabet: readonly ActionBase[];
  readonly always: readonly AlwaysProperty<unknown, KnobValues>[];
  readonly steps: readonly StepProperty<unknown, ActionBase, KnobValues>[];
  readonly witnesses: readonly SometimesProperty<unknown, KnobValues>[];
  /** The guard of any action, dispatched on its kind. */
  readonly enabled: (state: State, action: ActionBase) => boolean;
  /** The guard of the alphabet's action `index`, bound once. */
  readonly enabledAt: readonly ((state: State) => boolean)[];
  /** The state an enabled action leads to (no properties checked). */
  readonly next: (state: State, action: ActionBase) => State;
  /** `next` for the alphabet's action `index`, bound once. */
  readonly nextAt: readonly ((state: State) => State)[];
  /** An immer instance of the machine's own: auto-freeze is per machine, never global. */
  readonly immer: Immer;
  /** A deep copy of a state, compiled for this model's shapes (fast mode's copier). */
  readonly copy: <T>(value: T) => T;
}

type Guard = (state: State, action: ActionBase, knobs: KnobValues) => boolean;
type Recipe = (draft: unknown, action: ActionBase, knobs: KnobValues) => void;

/** One copier a model, so that what it learnt of the model's shapes, and its compiled code, last. */
const cloners = new WeakMap<AnyModel, <T>(value: T) => T>();

function clonerOf(model: AnyModel): <T>(value: T) => T {
  let cloner = cloners.get(model);
  if (cloner === undefined) cloners.set(model, (cloner = stateCloner()));
  return cloner;
}

/** @internal Bind a model to knob values. */
export function buildMachine(model: AnyModel, knobs: KnobValues, options: MachineOptions = {}): Machine {
  const mode = options.mode ?? 'checked';
  const immer = new Immer();
  immer.setAutoFreeze(mode === 'checked');
  const only = options.properties;
  const properties = (model.properties as AnyModel['properties']).filter(
    (p) => p.kind === 'sometimes' || only === undefined || only.includes(p.name),
  );
  const guards = model.guards as Record<string, Guard>;
  const recipes = model.transitions as Record<string, Recipe>;
  const alphabet: readonly ActionBase[] = model.actions(knobs);
  const cloneState = clonerOf(model);
  const enabled = (state: State, action: ActionBase) => guards[action.kind]!(state, action, knobs);
  const next =
    mode === 'checked'
      ? (state: State, action: ActionBase): State =>
          immer.produce(state, (draft: unknown) => recipes[action.kind]!(draft, action, knobs)) as State
      : (state: State, action: ActionBase): State => {
          const draft = cloneState(state);
          recipes[action.kind]!(draft, action, knobs);
          return draft as State;
        };
  return {
    model,
    knobs,
    mode,
    alphabet,
    always: properties.filter((p) => p.kind === 'always'),
    steps: properties.filter((p) => p.kind === 'step'),
    witnesses: properties.filter((p) => p.kind === 'sometimes'),
    enabled,
    enabledAt: alphabet.map((action) => {
      const guard = guards[action.kind]!;
      return (state: State) => guard(state, action, knobs);
    }),
    next,
    nextAt: alphabet.map((action) => {
      const recipe = recipes[action.kind]!;
      return mode === 'checked'
        ? (state: State): State => immer.produce(state, (draft: unknown) => recipe(draft, action, knobs)) as State
        : (state: State): State => {
            const draft = cloneState(state);
            recipe(draft, action, knobs);
            return draft as State;
          };
    }),
    immer,
    copy: cloneState,
  };
}

/** What one step did. */
export type StepResult =
  | { readonly kind: 'disabled' }
  | { readonly kind: 'ok'; readonly state: State }
  | { readonly kind: 'violation'; readonly property: string; readonly message: string; readonly state: State }
  | { readonly kind: 'model-error'; readonly error: unknown };

/** A broken property: its name and the values behind the violation. */
export interface Broken {
  readonly property: string;
  readonly message: string;
}

/** The first `always` property the state breaks, if any. */
export function brokenAlways(machine: Machine, state: State): Broken | undefined {
  for (const property of machine.always) {
    const message = property.check(state, machine.knobs);
    if (message !== undefined) return { property: property.name, message };
  }
  return undefined;
}

/** The first `step` property the transition breaks, if any. */
export function brokenStep(machine: Machine, before: State, action: ActionBase, after: State): Broken | undefined {
  for (const property of machine.steps) {
    const message = property.check(before, action, after, machine.knobs);
    if (message !== undefined) return { property: property.name, message };
  }
  return undefined;
}

/** The first `step` property the transition breaks, then the first `always` one the new state breaks. */
export function brokenBy(machine: Machine, before: State, action: ActionBase, after: State): Broken | undefined {
  return brokenStep(machine, before, action, after) ?? brokenAlways(machine, after);
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
    const init = machine.model.init(machine.knobs) as State;
    const state = machine.mode === 'checked' ? (machine.immer.produce(init, () => undefined) as State) : init;
    const broken = brokenAlways(machine, state);
    return broken ? { kind: 'violation', ...broken, state } : { kind: 'ok', state };
  } catch (error) {
    return { kind: 'model-error', error };
  }
}

/** Take one action: guard, transition, then every `step` and `always` property. */
export function step(machine: Machine, state: State, action: ActionBase): StepResult {
  try {
    if (!machine.enabled(state, action)) return { kind: 'disabled' };
    const after = machine.next(state, action);
    const broken = brokenBy(machine, state, action, after);
    return broken ? { kind: 'violation', ...broken, state: after } : { kind: 'ok', state: after };
  } catch (error) {
    return { kind: 'model-error', error };
  }
}

/** Whether some action of the alphabet is enabled (for `neverStuck` models). */
export function hasEnabled(machine: Machine, state: State): boolean {
  return machine.enabledAt.some((guard) => guard(state));
}

/**
 * The state before each step of a run as replay takes them (a disabled step is skipped), up
 * to a violation or a model error: s_0 .. s_{L-1} for a run whose last step breaks a property.
 */
export function statesAlong(machine: Machine, indices: readonly number[]): State[] {
  const start = initialState(machine);
  if (start.kind !== 'ok') return [];
  const states: State[] = [start.state];
  let state = start.state;
  for (const index of indices) {
    const result = step(machine, state, machine.alphabet[index]!);
    if (result.kind === 'violation' || result.kind === 'model-error') break;
    if (result.kind === 'ok') state = result.state;
    states.push(state);
  }
  return states;
}

/** Whether action `index` is enabled in `state`; a guard that throws counts as enabled (replaying it reports the error). */
export function mayBeEnabled(machine: Machine, state: State, index: number): boolean {
  try {
    return machine.enabledAt[index]!(state);
  } catch {
    return true;
  }
}
