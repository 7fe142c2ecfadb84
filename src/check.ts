import fc from 'fast-check';
import { ActionSequenceArbitrary } from './actionSequence.ts';
import type { Configuration } from './configuration.ts';
import { DEFAULT_EXHAUSTIVE_STATES, proveShortest, searchExhaustively, type ExhaustiveCap } from './exhaustivePass.ts';
import { withCells } from './coverage/coverage.ts';
import { cellTally, tallies } from './coverage/tally.ts';
import { buildMachine, type Machine, type RunMode } from './machine.ts';
import type { AnyModel, Budget } from './model.ts';
import { meets, type ExhaustiveSearch, type FirstFound, type Outcome, type RandomResult, type Shortest } from './result.ts';
import { replayIndices, type RunOutcome } from './run.ts';
import { DEFAULT_SHORTCUT_CAP, shortcut } from './shortcut.ts';

/** Progress of a long check, handed to a reporter about once a second. */
export interface Progress {
  readonly runs: number;
  readonly steps: number;
  readonly elapsedMs: number;
}

export { DEFAULT_EXHAUSTIVE_STATES, type ExhaustiveCap };

export interface CheckOptions {
  readonly runs?: number;
  readonly maxSteps?: number;
  /** A 32-bit seed; a random one is drawn (and reported) when absent. */
  readonly seed?: number;
  /** A fast-check counterexample path: replay that run and its shrinks only. */
  readonly path?: string;
  /** `fast` (default) or `checked`: immer with auto-freeze, a stray mutation throws. */
  readonly mode?: RunMode;
  /** Check only these `always` and `step` properties (default all), as `explore --property`. */
  readonly properties?: readonly string[];
  /**
   * The breadth-first search after the random runs: it proves a counterexample shortest, or
   * when there is none, searches every state within the cap; `maxStates: 0` skips it.
   */

  readonly exhaustive?: ExhaustiveCap;
  readonly onProgress?: (progress: Progress) => void;
  /** Each failing run found, the first and every shorter one while shrinking: the best so far (Ctrl-C prints it). */
  readonly onCounterexample?: (outcome: Outcome) => void;
}

interface QualifiedOptions {
  readonly budget: Budget;
  readonly seed: number;
  readonly path: string | undefined;
  readonly mode: RunMode;
  readonly properties: readonly string[] | undefined;
  readonly exhaustive: ExhaustiveCap;
  readonly onProgress: ((progress: Progress) => void) | undefined;
}

/** Resolve every option once, at the boundary. */
function qualify(model: AnyModel, options: CheckOptions): QualifiedOptions {
  return {
    budget: { runs: options.runs ?? model.budget.runs, maxSteps: options.maxSteps ?? model.budget.maxSteps },
    seed: options.seed ?? drawSeed(),
    path: options.path,
    mode: options.mode ?? 'fast',
    properties: options.properties,
    exhaustive: options.exhaustive ?? { maxStates: model.budget.states ?? DEFAULT_EXHAUSTIVE_STATES },
    onProgress: options.onProgress,
  };
}

/** A random 31-bit seed, for a check that was given none (it is reported, so it replays). */
export function drawSeed(): number {
  return (Math.random() * 0x7fffffff) | 0;
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
 * The shortest proof (a breadth-first search to depth L-1, capped); where the cap stops it,
 * shrinking may have stopped at a local minimum, so shortcuts around the counterexample
 * (shortcut.ts) look for a shorter one, which the proof's depth may then cover.
 */
function shortenAndProve(
  model: AnyModel,
  configuration: Configuration,
  machine: Machine,
  qualified: QualifiedOptions,
  run: RunOutcome & { readonly kind: 'violation' },
  onShorter: (shorter: RunOutcome) => void,
): { readonly outcome: Outcome; readonly shortest: Shortest } {
  const proof = proveShortest(model, configuration, qualified.exhaustive, qualified.properties, violatedOutcome(machine, run));
  const { shortest } = proof;
  if (shortest.kind === 'proven') return proof;
  const { runs, maxSteps } = qualified.budget;
  const cap = { ...DEFAULT_SHORTCUT_CAP, walkSteps: Math.min(DEFAULT_SHORTCUT_CAP.walkSteps, Math.ceil((runs * maxSteps) / 5)) };
  const shorter = shortcut(machine, run, qualified.seed, cap, onShorter, shortest.exhaustiveTo + 1);
  if (shorter === run) return proof;
  // the proof searched every state within `exhaustiveTo` steps and found no violation there
  const proven = shorter.executed.length - 1 <= shortest.exhaustiveTo;
  return {
    outcome: violatedOutcome(machine, shorter),
    shortest: proven ? { kind: 'proven', states: shortest.states, elapsedMs: shortest.elapsedMs } : shortest,
  };
}

function violatedOutcome(machine: Machine, run: RunOutcome & { readonly kind: 'violation' }): Outcome & { readonly kind: 'violated' } {
  return { kind: 'violated', counterexample: { property: run.property, message: run.message, actions: run.executed.map((i) => machine.alphabet[i]!) } };
}

/**
 * Check one configuration of a model by random runs, shrinking the first failure to a short
 * counterexample and proving it shortest by a bounded exhaustive search where affordable.
 * Returns data and never throws for anything the model does.
 * @example check(refcountModel, resolveConfiguration(refcountModel, 'put-without-get'), { seed: 42 })
 */
export function check(model: AnyModel, configuration: Configuration, options: CheckOptions = {}): RandomResult {
  const qualified = qualify(model, options);
  const started = performance.now();
  const machine = buildMachine(model, configuration.knobs, {
    mode: qualified.mode,
    ...(qualified.properties === undefined ? {} : { properties: qualified.properties }),
  });
  const tally = cellTally(machine);
  if (tally) tallies.set(machine, tally); // counted by the random runs (randomRunner.ts), not by shrinking
  const reached = new Set<string>();
  const counters = { runs: 0, steps: 0, lastProgress: started };
  let firstFound: FirstFound | undefined;
  // the searches after the random runs: shortcuts, the shortest proof, or the exhaustive pass
  const searching = qualified.exhaustive.maxStates > 0;

  /** The budget's runs as one fast-check search (or the one run `path` names); the first failure is shrunk. */
  const search = () => {
    const { maxSteps, runs: numRuns } = qualified.budget;
    const sequences = new ActionSequenceArbitrary(machine, maxSteps, reached);
    let target: string | undefined;
    let shrinking = false;
    let announced: string | undefined;
    const predicate = (indices: readonly number[]): boolean => {
      // A generated sequence already ran while it was drawn; a shrunk one runs now.
      const generated = sequences.outcomeOf(indices);
      const outcome = generated ?? replayIndices(machine, indices);
      if (generated && !shrinking) {
        counters.runs++;
        counters.steps += indices.length;
        // the clock only for a caller that asks for progress: a run can take a few microseconds
        const now = qualified.onProgress ? performance.now() : 0;
        if (qualified.onProgress && now - counters.lastProgress >= PROGRESS_EVERY_MS) {
          counters.lastProgress = now;
          qualified.onProgress({ runs: counters.runs, steps: counters.steps, elapsedMs: now - started });
        }
      }
      const found = signature(outcome);
      if (found === undefined) return true;
      firstFound ??= { run: counters.runs, step: indices.length, elapsedMs: performance.now() - started };
      // Shrinking keeps the failure it started from: a model error never turns into a violation.
      target ??= found;
      if (found === target) {
        shrinking = true;
        // the failing run is seen twice when fast-check replays it to shrink: told once
        const key = indices.join();
        if (key !== announced) options.onCounterexample?.(failureOutcome(machine, outcome));
        announced = key;
      }
      return found !== target;
    };
    // the runs on their own first (actionSequence.ts), fast-check from the failing one on
    let replay = qualified.path;
    if (replay === undefined && (qualified.seed | 0) === qualified.seed) {
      const failing = sequences.firstFailure(qualified.seed, numRuns, predicate);
      if (failing === undefined) return undefined;
      replay = String(failing);
    }
    const details = fc.check(fc.property(sequences, predicate), { seed: qualified.seed, numRuns, ...(replay === undefined ? {} : { path: replay }) });
    if (details.failed && !details.counterexample) {
      throw new Error(`internal: fast-check failed without a counterexample: ${String(details.errorInstance)}`);
    }
    if (!details.counterexample) return undefined;
    const [indices] = details.counterexample;
    return { run: replayIndices(machine, indices), path: details.counterexamplePath ?? undefined };
  };

  const found = search();
  let outcome: Outcome | undefined;
  let shortest: Shortest | undefined;
  let exhaustive: ExhaustiveSearch | undefined;
  const path = found?.path;
  if (found) {
    outcome = failureOutcome(machine, found.run);
    if (found.run.kind === 'violation' && searching) {
      const onShorter = (shorter: RunOutcome) => options.onCounterexample?.(failureOutcome(machine, shorter));
      ({ outcome, shortest } = shortenAndProve(model, configuration, machine, qualified, found.run, onShorter));
    }
  } else if (searching && qualified.path === undefined) {
    const pass = searchExhaustively(model, configuration, qualified.exhaustive, qualified.properties);
    exhaustive = pass.search;
    for (const name of pass.reached) reached.add(name);
    if (pass.outcome.kind === 'violated') {
      outcome = pass.outcome;
      shortest = { kind: 'proven', states: pass.search.states, elapsedMs: pass.search.elapsedMs };
    } else if (pass.outcome.kind === 'model-error') {
      outcome = pass.outcome;
    }
  }
  if (outcome === undefined) {
    const unreached = machine.witnesses.map((w) => w.name).filter((name) => !reached.has(name));
    outcome = unreached.length === 0 ? { kind: 'holds' } : { kind: 'vacuous', unreached };
  }
  const coverage = tally?.coverage('runs');
  // a replayed --path is one run: no share of runs to judge a cell's minimum by
  if (qualified.path === undefined) outcome = withCells(outcome, coverage);

  return {
    model: model.name,
    configuration,
    mode: 'random',
    budget: qualified.budget,
    seed: qualified.seed,
    ...(path === undefined ? {} : { path }),
    runs: counters.runs,
    steps: counters.steps,
    elapsedMs: performance.now() - started,
    witnesses: machine.witnesses.map((w) => ({ name: w.name, reached: reached.has(w.name) })),
    outcome,
    met: meets(configuration.expect, outcome),
    ...(qualified.properties === undefined ? {} : { properties: qualified.properties }),
    exhaustiveStates: qualified.exhaustive.maxStates,
    ...(firstFound === undefined ? {} : { firstFound }),
    ...(shortest === undefined ? {} : { shortest }),
    ...(exhaustive === undefined ? {} : { exhaustive }),
    ...(coverage === undefined ? {} : { coverage }),
  };
}
