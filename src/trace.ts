import { enablePatches, type Patch } from 'immer';
import { buildMachine } from './machine.ts';
import type { ActionBase, AnyModel, KnobValues } from './model.ts';

enablePatches();

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

function formatPath(path: Patch['path']): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

function readPath(root: unknown, path: Patch['path']): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key as string | number];
  }
  return node;
}

function toChange(patch: Patch, before: unknown): Change {
  const path = formatPath(patch.path);
  if (patch.op === 'remove') return { path, before: readPath(before, patch.path) };
  if (patch.op === 'add' && readPath(before, patch.path) === undefined) return { path, after: patch.value };
  return { path, before: readPath(before, patch.path), after: patch.value };
}

/**
 * Replay actions with patches on, to show what each step changed. A disabled action ends the
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
    const [after, patches] = machine.immer.produceWithPatches(state, (draft: unknown) => {
      recipes[action.kind]!(draft, action, knobs);
    });
    steps.push({ action, text, changes: patches.map((p) => toChange(p, state)), state: after });
    state = after;
  }
  return { initial, steps };
}
