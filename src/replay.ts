import { resolveConfiguration, type Configuration } from './configuration.ts';
import { recordedKnobs, type CounterexampleFile } from './counterexampleFile.ts';
import { buildMachine, initialState, step, type StepResult } from './machine.ts';
import type { ActionBase, AnyModel } from './model.ts';
import { meets, type Outcome, type RandomResult } from './result.ts';

/** Whether the model still breaks the way the file says, and how it ends now. */
export interface ReplayResult {
  readonly reproduced: boolean;
  /** One line: what happened, in particular why it no longer reproduces. */
  readonly detail: string;
  /** The replay as a check result, for the usual reports. */
  readonly result: RandomResult;
}

/**
 * The configuration a file records: its variant (which must exist: MC002) with every knob the
 * file sets that differs from the variant's as a `K=V` override, so the replay command printed
 * carries knobs edited in the file too.
 */
export function recordedConfiguration(model: AnyModel, file: CounterexampleFile): Configuration {
  const variant = file.variant === 'custom' ? 'proposal' : file.variant;
  const base = resolveConfiguration(model, variant);
  const knobs = { ...base.knobs, ...recordedKnobs(model, file) };
  const overrides = Object.entries(knobs)
    .filter(([name, value]) => base.knobs[name] !== value)
    .map(([name, value]) => `${name}=${String(value)}`);
  if (overrides.length === 0 && file.variant !== 'custom') return base;
  return { variant: file.variant === 'custom' ? 'custom' : `${variant}+custom`, knobs, overrides };
}

const canonical = (action: unknown) => JSON.stringify(action, Object.keys(action as object).sort());

/**
 * Re-run a recorded counterexample step by step, exactly: an action that is no longer in the
 * alphabet or no longer enabled, or a different ending, means the model does not reproduce it.
 */
export function replayCounterexample(model: AnyModel, file: CounterexampleFile): ReplayResult {
  const started = performance.now();
  const recorded = recordedConfiguration(model, file);
  const knobs = recorded.knobs;
  const machine = buildMachine(model, knobs);
  const alphabet = new Map(machine.alphabet.map((a) => [canonical(a), a]));
  const taken: ActionBase[] = [];
  let current: StepResult = initialState(machine);
  let divergence: string | undefined;
  for (const [index, recorded] of file.actions.entries()) {
    if (current.kind !== 'ok') break;
    const action = alphabet.get(canonical(recorded));
    if (action === undefined) {
      divergence = `step ${index + 1} (${recorded.kind}) is not in the model's action alphabet any more`;
      break;
    }
    const before = current.state;
    current = step(machine, before, action);
    if (current.kind === 'disabled') {
      divergence = `step ${index + 1} (${model.describe(action, before, knobs)}) is no longer enabled`;
      break;
    }
    taken.push(action);
  }

  let outcome: Outcome = { kind: 'holds' };
  if (current.kind === 'violation') {
    outcome = { kind: 'violated', counterexample: { property: current.property, message: current.message, actions: taken } };
  } else if (current.kind === 'model-error') {
    const error = current.error instanceof Error ? current.error : new Error(String(current.error));
    outcome = { kind: 'model-error', failure: { message: error.message, stack: error.stack, actions: taken } };
  }
  const endsEarly = taken.length < file.actions.length;
  const wanted = file.failure;
  const same =
    divergence === undefined &&
    !endsEarly &&
    ((wanted.kind === 'violation' && outcome.kind === 'violated' && outcome.counterexample.property === wanted.property) ||
      (wanted.kind === 'model-error' && outcome.kind === 'model-error'));
  const found =
    outcome.kind === 'violated'
      ? `${outcome.counterexample.property} after ${taken.length} steps`
      : outcome.kind === 'model-error'
        ? `a model error after ${taken.length} steps`
        : `no violation after ${taken.length} steps`;
  const detail = same
    ? `reproduced: ${found}`
    : `does not reproduce: ${divergence ?? `expected ${wanted.kind === 'violation' ? wanted.property : 'a model error'} after ${file.actions.length} steps, found ${found}`}`;

  const configuration = recorded;
  const result: RandomResult = {
    model: model.name,
    configuration,
    mode: 'random',
    budget: model.budget,
    seed: file.seed,
    ...(file.path === undefined ? {} : { path: file.path }),
    runs: 1,
    exhaustiveStates: 0,
    steps: taken.length,
    elapsedMs: performance.now() - started,
    witnesses: [],
    outcome,
    met: meets(undefined, outcome),
  };
  return { reproduced: same, detail, result };
}
