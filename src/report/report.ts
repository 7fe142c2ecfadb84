import type { AnyModel } from '../model.ts';
import type { CheckResult } from '../result.ts';
import { buildTrace, type Trace } from '../trace.ts';

/**
 * A check's result with its model and the counterexample's trace, built once: every format
 * (text, Markdown, JSON, ITF) is a pure function of it.
 */
export interface Report {
  readonly model: AnyModel;
  readonly result: CheckResult;
  /**
   * The states and changes of the counterexample; for a model error, of the steps before the
   * one that threw. Absent when nothing broke.
   */
  readonly trace?: Trace;
}

/** Replay the counterexample once, with patches on, for every report of this result. */
export function buildReport(model: AnyModel, result: CheckResult): Report {
  const o = result.outcome;
  const knobs = result.configuration.knobs;
  if (o.kind === 'violated') return { model, result, trace: buildTrace(model, knobs, o.counterexample.actions) };
  if (o.kind === 'model-error') return { model, result, trace: buildTrace(model, knobs, o.failure.actions.slice(0, -1)) };
  return { model, result };
}
