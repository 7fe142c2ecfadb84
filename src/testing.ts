import { check, type CheckOptions } from './check.ts';
import { resolveConfiguration } from './configuration.ts';
import { corpusDir, keep } from './corpus/store.ts';
import { buildMachine, initialState, step } from './machine.ts';
import type { ActionBase, AnyModel } from './model.ts';
import { buildReport } from './report/report.ts';
import { formatText } from './report/text.ts';
import type { CheckResult, RandomResult } from './result.ts';
import { findScenario, runScenario, type ScenarioRun } from './scenario.ts';

/**
 * Run fixed actions from the initial state under a variant and return the final state; a step
 * that is not enabled, breaks a property or throws fails the test with the reason.
 */
export function runActions<S>(model: AnyModel, variant: string, actions: readonly ActionBase[]): S {
  const machine = buildMachine(model, resolveConfiguration(model, variant).knobs);
  let current = initialState(machine);
  for (const [i, action] of actions.entries()) {
    if (current.kind !== 'ok') break;
    current = step(machine, current.state, action);
    if (current.kind !== 'ok') throw new Error(`step ${i + 1} (${action.kind}): ${current.kind === 'violation' ? `${current.property}: ${current.message}` : current.kind}`);
  }
  if (current.kind !== 'ok') throw new Error(`initial state: ${current.kind}`);
  return current.state as S;
}

/** Test budgets always carry a fixed seed, so a red run replays. */
export type TestBudget = CheckOptions & { readonly seed: number };

function fail(model: AnyModel, result: CheckResult, why: string): never {
  // keep the counterexample in the failure corpus ($MEMCHECK_CORPUS_DIR; MEMCHECK_CORPUS=off: not at all)
  let kept: { path: string } | undefined;
  try {
    kept = process.env.MEMCHECK_CORPUS === 'off' ? undefined : keep(corpusDir(), model, result);
  } catch {
    kept = undefined; // an unwritable corpus must not hide the failure itself
  }
  throw new Error(`${why}\n\n${formatText(buildReport(model, result))}${kept ? `\nkept in ${kept.path}` : ''}`);
}

/**
 * The proposal holds (every witness reached) for the budget; on failure the error carries the
 * text report and the replay command.
 * @example assertProposalHolds(folioModel, { seed: 1, runs: 2000 })
 */
export function assertProposalHolds(model: AnyModel, budget: TestBudget): RandomResult {
  return assertVariantMet(model, 'proposal', budget);
}

/**
 * The variant does what it expects: a `holds` variant holds, a known-bad one is caught by its
 * property within its hand-counted length.
 * @example assertVariantMet(folioModel, 'no-pin-bias', { seed: 1 })
 */
export function assertVariantMet(model: AnyModel, variant: string, budget: TestBudget): RandomResult {
  const configuration = resolveConfiguration(model, variant);
  // tests run transitions under immer with auto-freeze: a stray mutation fails them
  const result = check(model, configuration, { mode: 'checked', ...budget });
  if (result.met !== true) fail(model, result, `${model.name}/${variant}: expectation not met`);
  return result;
}

/** Every variant of the model meets its expectation, each with the same budget. */
export function assertEveryVariantMet(model: AnyModel, budget: TestBudget): RandomResult[] {
  return model.variants.map((v) => assertVariantMet(model, v.name, budget));
}

/**
 * The named scenario ends as it says it does.
 * @example assertScenario(folioModel, 'vmsplice-unmap-in-child')
 */
export function assertScenario(model: AnyModel, name: string): ScenarioRun {
  const run = runScenario(model, findScenario(model, name));
  if (run.result.kind !== 'met') {
    const steps = run.actions.map((a, i) => `  ${i + 1}. ${JSON.stringify(a)}`).join('\n');
    throw new Error(`${model.name} scenario ${name}: ${run.result.kind}: ${run.result.detail}\n${steps}`);
  }
  return run;
}
