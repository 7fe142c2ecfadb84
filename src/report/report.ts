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
  /** Show the model's bookkeeping fields too (`--verbose`). */
  readonly verbose: boolean;
}

export interface ReportOptions {
  /** Show the model's bookkeeping fields too; hidden by default. */
  readonly verbose?: boolean;
}

/** Replay the counterexample once, for every report of this result. */
export function buildReport(model: AnyModel, result: CheckResult, options: ReportOptions = {}): Report {
  const o = result.outcome;
  const knobs = result.configuration.knobs;
  const verbose = options.verbose ?? false;
  if (o.kind === 'violated') return { model, result, verbose, trace: buildTrace(model, knobs, o.counterexample.actions) };
  if (o.kind === 'model-error') return { model, result, verbose, trace: buildTrace(model, knobs, o.failure.actions.slice(0, -1)) };
  return { model, result, verbose };
}
