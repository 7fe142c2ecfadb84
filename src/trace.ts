import { buildMachine } from './machine.ts';
import type { ActionBase, AnyModel, KnobValues } from './model.ts';

/** One field a step changed, read off immer's patches. */
export interface Change {
  /** `folios[2].refcount` */
  readonly path: string;
  /** Absent when the field was added. */
  readonly before?: unknown;
  /** Absent when the field was removed. */
  readonly after?: unknown;
}

/** One step of a trace: the action in kernel words, what it changed, and the state it left. */
export interface TraceStep {
  readonly action: ActionBase;
  readonly text: string;
  readonly changes: readonly Change[];
  readonly state: unknown;
}

/** The states and actions of a run, for reports; built off the hot loop. */
export interface Trace {
  readonly initial: unknown;
  readonly steps: readonly TraceStep[];
  /** Set when the actions stop reproducing: the index of the step that was disabled. */
  readonly disabledAt?: number;
}

type Key = string | number;

function formatPath(path: readonly Key[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set);

/** Two records are the same variant when neither is a tagged union or both carry one tag. */
const sameVariant = (a: Record<string, unknown>, b: Record<string, unknown>) => a.kind === b.kind;

/**
 * The element-level differences between two states: recurse through arrays, Maps and records
 * of one variant down to the fields that changed; a value whose type or `kind` changed is shown
 * whole. Immer shares unchanged subtrees, so `===` skips them at once.
 */
export function diffStates(before: unknown, after: unknown, path: readonly Key[] = [], out: Change[] = []): Change[] {
  if (Object.is(before, after)) return out;
  const at = (key: Key) => [...path, key];
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (i >= before.length) out.push({ path: formatPath(at(i)), after: after[i] });
      else if (i >= after.length) out.push({ path: formatPath(at(i)), before: before[i] });
      else diffStates(before[i], after[i], at(i), out);
    }
    return out;
  }
  if (before instanceof Map && after instanceof Map) {
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const name = typeof key === 'number' ? key : String(key);
      if (!before.has(key)) out.push({ path: formatPath(at(name)), after: after.get(key) });
      else if (!after.has(key)) out.push({ path: formatPath(at(name)), before: before.get(key) });
      else diffStates(before.get(key), after.get(key), at(name), out);
    }
    return out;
  }
  if (isRecord(before) && isRecord(after) && sameVariant(before, after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const [b, a] = [before[key], after[key]];
      if (b === undefined && a !== undefined) out.push({ path: formatPath(at(key)), after: a });
      else if (a === undefined && b !== undefined) out.push({ path: formatPath(at(key)), before: b });
      else diffStates(b, a, at(key), out);
    }
    return out;
  }
  if (before === undefined) out.push({ path: formatPath(path), after });
  else if (after === undefined) out.push({ path: formatPath(path), before });
  else out.push({ path: formatPath(path), before, after });
  return out;
}

/**
 * Replay actions to show what each step changed, field by field. A disabled action ends the
 * trace early and is reported by its index (the model no longer follows the recorded run).
 */
export function buildTrace(model: AnyModel, knobs: KnobValues, actions: readonly ActionBase[]): Trace {
  const machine = buildMachine(model, knobs);
  const recipes = model.transitions as Record<string, (draft: unknown, action: ActionBase, knobs: KnobValues) => void>;
  const initial: unknown = machine.immer.produce(model.init(knobs), () => undefined);
  let state = initial;
  const steps: TraceStep[] = [];
  for (const [index, action] of actions.entries()) {
    if (!machine.enabled(state, action)) return { initial, steps, disabledAt: index };
    const text = model.describe(action, state, knobs);
    const after: unknown = machine.immer.produce(state, (draft: unknown) => {
      recipes[action.kind]!(draft, action, knobs);
    });
    steps.push({ action, text, changes: diffStates(state, after), state: after });
    state = after;
  }
  return { initial, steps };
}
