import { resolveConfiguration, type Configuration } from './configuration.ts';
import { didYouMean, memcheckError, quoted } from './errors.ts';
import { buildMachine, initialState, step } from './machine.ts';
import type { ActionBase, AnyModel, KnobValue, KnobValues, Scenario } from './model.ts';

/** How a scenario ended against what it expects. */
export type ScenarioResult =
  | { readonly kind: 'met'; readonly detail: string }
  | { readonly kind: 'unmet'; readonly detail: string }
  /** The model threw: a model bug, not an outcome. */
  | { readonly kind: 'model-error'; readonly detail: string };

/** The scenario's fixed steps, its configuration, and how it ended. */
export interface ScenarioRun {
  readonly scenario: Scenario<unknown, ActionBase, Record<string, KnobValue>>;
  readonly configuration: Configuration;
  /** The steps that ran, up to the one that broke a property or was not enabled. */
  readonly actions: readonly ActionBase[];
  readonly result: ScenarioResult;
}

function describeSafely(model: AnyModel, action: ActionBase, state: unknown, knobs: KnobValues): string {
  try {
    return model.describe(action, state, knobs);
  } catch {
    return JSON.stringify(action);
  }
}

/** Find a scenario by name, with a clear error listing the model's scenarios. */
export function findScenario(model: AnyModel, name: string): ScenarioRun['scenario'] {
  const scenarios: readonly ScenarioRun['scenario'][] = model.scenarios ?? [];
  const scenario = scenarios.find((s) => s.name === name);
  if (scenario === undefined) {
    const tail = didYouMean(name, scenarios.map((s) => s.name), `see: memcheck list ${model.name}`);
    throw memcheckError('MC008', `model '${model.name}' has no scenario ${quoted(name)}${tail}`);
  }
  return scenario;
}

/** How `memcheck scenario` may change a scenario's run: another variant's knobs, fewer properties. */
export interface ScenarioOptions {
  /** Run under this variant's knobs instead of the scenario's own variant and knobs. */
  readonly variant?: string;
  /** Check only these `always` and `step` properties. */
  readonly properties?: readonly string[];
}

/**
 * Run a scenario's fixed sequence. Unlike random runs, a step that is not enabled is a
 * failure here: the scenario says exactly what happens, so a blocked step means it no longer does.
 */
export function runScenario(model: AnyModel, scenario: ScenarioRun['scenario'], options: ScenarioOptions = {}): ScenarioRun {
  const base = resolveConfiguration(model, options.variant ?? scenario.variant);
  const knobs = options.variant === undefined ? { ...base.knobs, ...(scenario.knobs as KnobValues | undefined) } : base.knobs;
  const configuration: Configuration = { ...base, knobs };
  const machine = buildMachine(model, configuration.knobs, options.properties === undefined ? {} : { properties: options.properties });
  const expect = scenario.expect;
  const done = (actions: readonly ActionBase[], result: ScenarioResult): ScenarioRun => ({
    scenario,
    configuration,
    actions,
    result,
  });
  let current = initialState(machine);
  let blocked = '';
  for (const [index, action] of [undefined, ...scenario.steps].entries()) {
    const taken = scenario.steps.slice(0, index);
    if (action !== undefined && current.kind === 'ok') {
      const before = current.state;
      current = step(machine, before, action);
      // guards are predicates without names: say which kind's guard refused, and the step in kernel words
      if (current.kind === 'disabled') blocked = `the ${action.kind} guard refuses ${describeSafely(model, action, before, knobs)}`;
    }
    if (current.kind === 'model-error') {
      const error = current.error instanceof Error ? current.error.message : String(current.error);
      return done(taken, { kind: 'model-error', detail: `step ${index} threw: ${error}` });
    }
    if (current.kind === 'disabled') {
      return done(taken, { kind: 'unmet', detail: `step ${index} (${action?.kind}) is not enabled: ${blocked} after the steps before it` });
    }
    if (current.kind === 'violation') {
      const found = `${current.property} at step ${index}: ${current.message}`;
      const met = expect.kind === 'violates' && expect.property === current.property && expect.atStep === index;
      return done(taken, { kind: met ? 'met' : 'unmet', detail: met ? found : `unexpected ${found}` });
    }
  }
  if (current.kind !== 'ok') throw new Error('unreachable: scenario ended in a non-ok state');
  if (expect.kind === 'violates') {
    return done(scenario.steps, {
      kind: 'unmet',
      detail: `expected ${expect.property} at step ${expect.atStep}, but every step held`,
    });
  }
  const message = expect.check(current.state);
  return done(
    scenario.steps,
    message === undefined
      ? { kind: 'met', detail: expect.meaning }
      : { kind: 'unmet', detail: `final state: ${message} (expected: ${expect.meaning})` },
  );
}
