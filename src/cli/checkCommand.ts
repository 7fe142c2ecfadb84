import { check, DEFAULT_EXHAUSTIVE_STATES, drawSeed, type CheckOptions } from '../check.ts';
import type { AnyModel } from '../model.ts';
import { resolveConfiguration } from '../configuration.ts';
import { memcheckError } from '../errors.ts';
import { finishCheck } from './finish.ts';
import { watchCheck } from './partial.ts';
import { corpusFor, keepFound, replayFirst } from '../corpus/hook.ts';
import { progressReporter, type CliDeps, type Io } from './io.ts';
import { findModel, LIMITS, pathOption, propertyOption, reportDirOption, seedOption, wholeNumber } from './options.ts';

export interface CheckFlags {
  readonly variant?: string;
  readonly knob?: readonly string[];
  readonly runs?: string;
  readonly maxSteps?: string;
  readonly seed?: string;
  readonly path?: string;
  readonly property?: readonly string[];
  readonly exhaustiveStates?: string;
  readonly exhaustiveSeconds?: string;
  readonly strict?: boolean;
  readonly json?: boolean;
  readonly report?: string;
  /** commander's `--no-corpus` */
  readonly corpus?: boolean;
  readonly verbose?: boolean;
}

/** The options `check` shares with `check --workers`: properties, the exhaustive pass's cap, the mode. */
export function searchOptions(model: AnyModel, flags: CheckFlags): Pick<CheckOptions, 'properties' | 'exhaustive' | 'mode'> {
  const properties = propertyOption(model, flags.property);
  const maxStates =
    wholeNumber('--exhaustive-states', flags.exhaustiveStates, 0, LIMITS.states) ?? model.budget.states ?? DEFAULT_EXHAUSTIVE_STATES;
  const seconds = wholeNumber('--exhaustive-seconds', flags.exhaustiveSeconds, 1, LIMITS.seconds);
  return {
    ...(properties === undefined ? {} : { properties }),
    exhaustive: { maxStates, ...(seconds === undefined ? {} : { timeLimitMs: seconds * 1000 }) },
    mode: flags.strict ? 'checked' : 'fast',
  };
}

/** `--runs` and `--max-steps`, bounded. */
export function budgetOptions(flags: CheckFlags): { runs?: number; maxSteps?: number } {
  const runs = wholeNumber('--runs', flags.runs, 1, LIMITS.runs);
  const maxSteps = wholeNumber('--max-steps', flags.maxSteps, 1, LIMITS.maxSteps);
  return { ...(runs === undefined ? {} : { runs }), ...(maxSteps === undefined ? {} : { maxSteps }) };
}

/** `memcheck check <model>`: random checking of one configuration. */
export function checkCommand(deps: CliDeps, io: Io, modelName: string, flags: CheckFlags): number {
  const model = findModel(deps.registry, modelName);
  const configuration = resolveConfiguration(model, flags.variant, flags.knob ?? []);
  const budget = budgetOptions(flags);
  const seed = seedOption(flags.seed);
  const path = pathOption(flags.path, budget.runs ?? model.budget.runs);
  if (path !== undefined && seed === undefined) throw memcheckError('MC007', '--path replays a run of a seed: give --seed too');
  const search = searchOptions(model, flags);
  reportDirOption(flags.report);
  const runs = budget.runs ?? model.budget.runs;
  const progress = progressReporter(io, `${model.name}/${configuration.variant}`, runs);
  const seedUsed = seed ?? drawSeed();
  const plan = {
    seed: seedUsed,
    runs,
    maxSteps: budget.maxSteps ?? model.budget.maxSteps,
    exhaustiveStates: search.exhaustive?.maxStates ?? 0,
    ...(search.properties === undefined ? {} : { properties: search.properties }),
  };
  // a given --path replays one run: the corpus neither goes first nor keeps it again
  const corpus = corpusFor(deps.corpusDir, path === undefined ? flags : { corpus: false });
  const result = replayFirst(corpus, model, configuration, search.properties, io.stderr) ?? check(model, configuration, {
    ...budget,
    seed: seedUsed,
    ...(path === undefined ? {} : { path }),
    ...search,
    ...watchCheck(deps, io, model, configuration, plan, flags, progress),
  });
  progress.done();
  if (path !== undefined && (result.outcome.kind === 'holds' || result.outcome.kind === 'vacuous')) {
    throw memcheckError('MC007', `--path ${path} replays a run of seed ${seed} that does not fail: use the seed and path a report printed`);
  }
  keepFound(corpus, model, result, io.stderr);
  return finishCheck(io, model, result, flags);
}
