import fc from 'fast-check';
import { ActionSequenceArbitrary } from './actionSequence.ts';
import type { Configuration } from './configuration.ts';
import { buildMachine, type Machine } from './machine.ts';
import type { AnyModel, Budget } from './model.ts';
import { meets, type CheckResult, type Outcome } from './result.ts';
import { replayIndices, type RunOutcome } from './run.ts';

/** Progress of a long check, handed to a reporter about once a second. */
export interface Progress {
  readonly runs: number;
  readonly steps: number;
  readonly elapsedMs: number;
}

export interface CheckOptions {
  readonly runs?: number;
  readonly maxSteps?: number;
  /** A 32-bit seed; a random one is drawn (and reported) when absent. */
  readonly seed?: number;
  /** A fast-check counterexample path: replay that run and its shrinks only. */
  readonly path?: string;
  /** Freeze every state (a stray mutation throws); on unless a hot loop turns it off. */
  readonly autoFreeze?: boolean;
  readonly onProgress?: (progress: Progress) => void;
}

interface QualifiedOptions {
  readonly budget: Budget;
  readonly seed: number;
  readonly path: string | undefined;
  readonly autoFreeze: boolean;
  readonly onProgress: ((progress: Progress) => void) | undefined;
}

/** Resolve every option once, at the boundary. */
function qualify(model: AnyModel, options: CheckOptions): QualifiedOptions {
  return {
    budget: { runs: options.runs ?? model.budget.runs, maxSteps: options.maxSteps ?? model.budget.maxSteps },
    seed: options.seed ?? (Math.random() * 0x7fffffff) | 0,
    path: options.path,
    autoFreeze: options.autoFreeze ?? true,
    onProgress: options.onProgress,
  };
}

const PROGRESS_EVERY_MS = 1000;

/** The failure a run shows, as a signature that shrinking must keep. */
function signature(outcome: RunOutcome): string | undefined {
  if (outcome.kind === 'passed') return undefined;
  return outcome.kind === 'violation' ? `property:${outcome.property}` : 'model-error';
}

/** Turn the shrunk failing run into the outcome a report shows. */
function failureOutcome(machine: Machine, run: RunOutcome): Outcome {
  const actions = run.executed.map((i) => machine.alphabet[i]!);
  if (run.kind === 'violation') {
    return { kind: 'violated', counterexample: { property: run.property, message: run.message, actions } };
  }
  if (run.kind === 'model-error') {
    const error = run.error instanceof Error ? run.error : new Error(String(run.error));
    return { kind: 'model-error', failure: { message: error.message, stack: error.stack, actions } };
  }
  throw new Error('internal: the shrunk counterexample no longer fails');
}

/**
 * Check one configuration of a model by random runs, shrinking the first failure to a short
 * counterexample. Returns data and never throws for anything the model does.
 * @example check(refcountModel, resolveConfiguration(refcountModel, 'put-without-get'), { seed: 42 })
 */
export function check(model: AnyModel, configuration: Configuration, options: CheckOptions = {}): CheckResult {
  const qualified = qualify(model, options);
  const started = performance.now();
  const machine = buildMachine(model, configuration.knobs, qualified.autoFreeze);
  const reached = new Set<string>();
  const counters = { runs: 0, steps: 0, lastProgress: started };

  /**
   * One fast-check search of `numRuns` runs of at most `maxSteps` steps; the first failure is
   * shrunk. With `only`, failures of another kind count as passing (used when deepening).
   */
  const search = (maxSteps: number, numRuns: number, path: string | undefined, only: string | undefined) => {
    const sequences = new ActionSequenceArbitrary(machine, maxSteps, reached);
    let target = only;
    let shrinking = false;
    const property = fc.property(sequences, (indices) => {
      // A generated sequence already ran while it was drawn; a shrunk one runs now.
      const generated = sequences.outcomes.get(indices);
      const outcome = generated ?? replayIndices(machine, indices);
      if (generated && !shrinking) {
        counters.runs++;
        counters.steps += indices.length;
        const now = performance.now();
        if (qualified.onProgress && now - counters.lastProgress >= PROGRESS_EVERY_MS) {
          counters.lastProgress = now;
          qualified.onProgress({ runs: counters.runs, steps: counters.steps, elapsedMs: now - started });
        }
      }
      const found = signature(outcome);
      if (found === undefined) return true;
      // Shrinking keeps the failure it started from: a model error never turns into a violation.
      target ??= found;
      if (found === target) shrinking = true;
      return found !== target;
    });
    const details = fc.check(property, {
      seed: qualified.seed,
      numRuns,
      ...(path === undefined ? {} : { path }),
    });
    if (!details.failed) return undefined;
    if (!details.counterexample) {
      throw new Error(`internal: fast-check failed without a counterexample: ${String(details.errorInstance)}`);
    }
    const [indices] = details.counterexample;
    return { indices, path: details.counterexamplePath ?? undefined, maxSteps, numRuns, run: replayIndices(machine, indices) };
  };

  const { runs: budgetRuns, maxSteps: budgetSteps } = qualified.budget;
  let found = search(budgetSteps, budgetRuns, qualified.path, undefined);
  // Greedy shrinking stops at a local minimum; so look again for the same failure in runs one
  // step shorter than the counterexample, with the same budget of steps, until there is none
  // (unless replaying a path).
  while (found && qualified.path === undefined && found.indices.length > 1) {
    const maxSteps = found.indices.length - 1;
    const shorter = search(maxSteps, Math.ceil((budgetRuns * budgetSteps) / maxSteps), undefined, signature(found.run));
    if (shorter === undefined) break;
    found = shorter;
  }

  let outcome: Outcome;
  if (found) {
    outcome = failureOutcome(machine, found.run);
  } else {
    const unreached = machine.witnesses.map((w) => w.name).filter((name) => !reached.has(name));
    outcome = unreached.length === 0 ? { kind: 'holds' } : { kind: 'vacuous', unreached };
  }
  const path = found?.path;
  const budget = found ? { runs: found.numRuns, maxSteps: found.maxSteps } : qualified.budget;

  return {
    model: model.name,
    configuration,
    mode: 'random',
    budget,
    seed: qualified.seed,
    ...(path === undefined ? {} : { path }),
    runs: counters.runs,
    steps: counters.steps,
    elapsedMs: performance.now() - started,
    witnesses: machine.witnesses.map((w) => ({ name: w.name, reached: reached.has(w.name) })),
    outcome,
    met: meets(configuration.expect, outcome),
  };
}
