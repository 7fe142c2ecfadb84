import { proposalKnobs } from '../configuration.ts';
import { memcheckError } from '../errors.ts';
import { buildMachine, initialState, step } from '../machine.ts';
import type { ActionBase, AnyModel, KnobValues } from '../model.ts';
import { folioTriggers } from './folio.ts';
import type { StepPlan, TriggerTable } from './plan.ts';
import { renderProgram, type PlannedStep, type ProgramMeta } from './program.ts';

/** The models a reproducer knows the user-space triggers of, by name. */
export const triggerTables: Readonly<Record<string, TriggerTable>> = {
  folio: folioTriggers,
};

/** What to reproduce: a sequence of a model's steps under some knobs. */
export interface ReproduceInput {
  readonly title: string;
  readonly source: string;
  readonly variant: string;
  readonly knobs: KnobValues;
  readonly actions: readonly ActionBase[];
  readonly failure: string;
}

export interface Reproducer {
  readonly c: string;
  readonly steps: readonly PlannedStep[];
  /** Whether every step has a user-space trigger (else the program reports SKIP). */
  readonly complete: boolean;
}

/**
 * Turn a sequence of the model's steps into a C program for a real kernel: the steps with a
 * user-space trigger become system calls, the others comments saying what must happen there.
 * The steps are replayed in the model first (for the kernel words and for what a trigger
 * needs to know, such as the GUP slot a step filled); a step the model does not enable stops it.
 */
export function reproduce(model: AnyModel, input: ReproduceInput): Reproducer {
  const table = triggerTables[model.name];
  if (table === undefined) {
    throw memcheckError('MC007', `reproduce knows the user-space triggers of ${Object.keys(triggerTables).join(', ')}, not of '${model.name}'`);
  }
  const knobs = { ...proposalKnobs(model), ...input.knobs };
  const machine = buildMachine(model, knobs, { mode: 'fast' });
  const planner = table.planner();
  let current = initialState(machine);
  const steps: PlannedStep[] = [];
  for (const [index, action] of input.actions.entries()) {
    if (current.kind !== 'ok' && current.kind !== 'violation') break;
    const before = current.state;
    const text = model.describe(action, before, knobs);
    const next = step(machine, before, action);
    if (next.kind === 'disabled' || next.kind === 'model-error') {
      throw memcheckError('MC006', `step ${index + 1} (${text}) does not run in the model any more: the file no longer reproduces`);
    }
    const plan: StepPlan = planner.plan({ index, action, text, before, after: next.state });
    steps.push({ text, plan });
    current = next;
  }
  const meta: ProgramMeta = {
    title: input.title,
    source: input.source,
    model: model.name,
    variant: input.variant,
    knobs: Object.entries(knobs).map(([k, v]) => `${k}=${String(v)}`).join(' '),
    failure: input.failure,
  };
  return { c: renderProgram(meta, steps, planner.finalChecks()), steps, complete: steps.every((s) => s.plan.kind !== 'kernel') };
}
