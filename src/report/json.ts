import { unreachable } from '../errors.ts';
import type { ExploreStats } from '../explore/explore.ts';
import type { Expectation, KnobValues } from '../model.ts';
import type { ExhaustiveSearch, FirstFound, Shortest, WorkerShare } from '../result.ts';
import type { Change } from '../trace.ts';
import { replayCommand } from './replayCommand.ts';
import type { Report } from './report.ts';

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
  readonly mode: 'random' | 'parallel' | 'exhaustive';
  readonly verdict: 'holds' | 'violated' | 'vacuous' | 'model-error';
  /** Random and parallel modes: runs and steps taken; exhaustive: transitions generated. */
  readonly runs?: number;
  readonly steps: number;
  readonly distinctStates?: number;
  readonly seed?: number;
  readonly path?: string;
  readonly budget?: { readonly runs: number; readonly maxSteps: number };
  readonly firstFound?: FirstFound;
  /** Random and parallel modes: the breadth-first pass after runs that found nothing. */
  readonly exhaustive?: ExhaustiveSearch;
  readonly violation?: {
    readonly property: string;
    readonly message: string;
    readonly length: number;
    /** Random mode: whether the length is proven minimal by bounded exhaustive search. */
    readonly shortest?: Shortest;
    /** The state the counterexample starts from, whole (bookkeeping included). */
    readonly initial: unknown;
    readonly trace: readonly JsonStep[];
  };
  readonly error?: { readonly message: string; readonly stack?: string; readonly actions: readonly unknown[] };
  readonly witnesses: readonly { readonly name: string; readonly reached: boolean }[];
  readonly workers?: readonly WorkerShare[];
  readonly exploration?: ExploreStats;
  readonly replay: string;
  readonly expected: 'holds' | { readonly violates: readonly string[]; readonly within?: number } | null;
  readonly met: boolean | null;
  readonly elapsedMs: number;
}

function expectedJson(expect: Expectation | undefined): CheckJson['expected'] {
  if (expect === undefined) return null;
  if (expect.kind === 'holds') return 'holds';
  return expect.within === undefined ? { violates: expect.properties } : { violates: expect.properties, within: expect.within };
}

/** What depends on the mode: how the search went and what replays it. */
function searchJson(report: Report): Partial<CheckJson> {
  const { result } = report;
  switch (result.mode) {
    case 'exhaustive':
      return { distinctStates: result.distinctStates, exploration: result.exploration };
    case 'random':
    case 'parallel':
      return {
        runs: result.runs,
        seed: result.seed,
        ...(result.path === undefined ? {} : { path: result.path }),
        budget: { runs: result.budget.runs, maxSteps: result.budget.maxSteps },
        ...(result.firstFound === undefined ? {} : { firstFound: result.firstFound }),
        ...(result.exhaustive === undefined ? {} : { exhaustive: result.exhaustive }),
        ...(result.mode === 'parallel' ? { workers: result.workers } : {}),
      };
    default:
      return unreachable(result);
  }
}

/** Build the JSON shape of a check, with the per-step changes of a counterexample. */
export function checkJson(report: Report): CheckJson {
  const { model, result, trace } = report;
  const o = result.outcome;
  const base: CheckJson = {
    model: result.model,
    variant: result.configuration.variant,
    knobs: result.configuration.knobs,
    mode: result.mode,
    verdict: o.kind,
    steps: result.steps,
    ...searchJson(report),
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
      const steps = (trace?.steps ?? []).map((s) => ({ action: s.action, text: s.text, changes: s.changes }));
      const shortest = result.mode === 'exhaustive' ? undefined : result.shortest;
      return {
        ...base,
        violation: {
          property,
          message,
          length: actions.length,
          ...(shortest === undefined ? {} : { shortest }),
          initial: trace?.initial,
          trace: steps,
        },
      };
    }
    case 'model-error': {
      const { message, stack, actions } = o.failure;
      return { ...base, error: { message, ...(stack === undefined ? {} : { stack }), actions } };
    }
    default:
      return unreachable(o);
  }
}
