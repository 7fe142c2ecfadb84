import { unreachable } from '../errors.ts';
import type { AnyModel, Expectation, KnobValues } from '../model.ts';
import type { CheckResult } from '../result.ts';
import { buildTrace, type Change } from '../trace.ts';
import { replayCommand } from './replayCommand.ts';

/** One step of a JSON trace: the action as data, in kernel words, and what it changed. */
export interface JsonStep {
  readonly action: unknown;
  readonly text: string;
  readonly changes: readonly Change[];
}

/** The object `check --json` prints (DESIGN section 4); `matrix --json` prints an array of them. */
export interface CheckJson {
  readonly model: string;
  readonly variant: string;
  readonly knobs: KnobValues;
  readonly mode: 'random' | 'exhaustive';
  readonly verdict: 'holds' | 'violated' | 'vacuous' | 'model-error';
  readonly runs: number;
  readonly steps: number;
  readonly distinctStates?: number;
  readonly seed: number;
  readonly path?: string;
  readonly budget: { readonly runs: number; readonly maxSteps: number };
  readonly violation?: {
    readonly property: string;
    readonly message: string;
    readonly length: number;
    readonly trace: readonly JsonStep[];
  };
  readonly error?: { readonly message: string; readonly stack?: string; readonly actions: readonly unknown[] };
  readonly witnesses: readonly { readonly name: string; readonly reached: boolean }[];
  readonly replay: string;
  readonly expected: 'holds' | { readonly violates: string; readonly within?: number } | null;
  readonly met: boolean | null;
  readonly elapsedMs: number;
}

function expectedJson(expect: Expectation | undefined): CheckJson['expected'] {
  if (expect === undefined) return null;
  if (expect.kind === 'holds') return 'holds';
  return expect.within === undefined ? { violates: expect.property } : { violates: expect.property, within: expect.within };
}

/** Build the JSON shape of a check, with the per-step changes of a counterexample. */
export function checkJson(model: AnyModel, result: CheckResult): CheckJson {
  const o = result.outcome;
  const base = {
    model: result.model,
    variant: result.configuration.variant,
    knobs: result.configuration.knobs,
    mode: result.mode,
    verdict: o.kind,
    runs: result.runs,
    steps: result.steps,
    ...(result.distinctStates === undefined ? {} : { distinctStates: result.distinctStates }),
    seed: result.seed,
    ...(result.path === undefined ? {} : { path: result.path }),
    budget: { runs: result.budget.runs, maxSteps: result.budget.maxSteps },
    witnesses: result.witnesses,
    replay: replayCommand(model, result),
    expected: expectedJson(result.configuration.expect),
    met: result.met ?? null,
    elapsedMs: Math.round(result.elapsedMs),
  };
  switch (o.kind) {
    case 'holds':
    case 'vacuous':
      return base;
    case 'violated': {
      const { property, message, actions } = o.counterexample;
      const trace = buildTrace(model, result.configuration.knobs, actions).steps.map((s) => ({
        action: s.action,
        text: s.text,
        changes: s.changes,
      }));
      return { ...base, violation: { property, message, length: actions.length, trace } };
    }
    case 'model-error': {
      const { message, stack, actions } = o.failure;
      return { ...base, error: { message, ...(stack === undefined ? {} : { stack }), actions } };
    }
    default:
      return unreachable(o);
  }
}
