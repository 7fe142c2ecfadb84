import { resolveConfiguration } from '../configuration.ts';
import { memcheckError } from '../errors.ts';
import { budgetOptions, searchOptions, type CheckFlags } from '../cli/checkCommand.ts';
import { finishCheck } from '../cli/finish.ts';
import { stopIfInterrupted } from '../cli/partial.ts';
import { drawSeed } from '../check.ts';
import { progressReporter, type CliDeps, type Io } from '../cli/io.ts';
import { findModel, reportDirOption, seedOption, workersOption } from '../cli/options.ts';
import type { ParallelResult } from '../result.ts';
import { checkParallel } from './checkParallel.ts';

/** One line per worker: its seed stream, its runs and what it found. */
export function formatWorkers(result: ParallelResult): string[] {
  return result.workers.map((w) => {
    const found = w.length === undefined ? w.verdict : `${w.verdict} in ${w.length} steps`;
    return `  worker ${w.index}: seed ${w.seed}, ${w.runs} runs: ${found}`;
  });
}

/**
 * `memcheck check <model> --workers K`: the runs spread over K worker threads, each on its own
 * seed stream. A counterexample is its worker's, with that worker's seed and path, so the
 * replay command is a plain `check`.
 */
export function workersCheckCommand(deps: CliDeps, io: Io, modelName: string, flags: CheckFlags & { workers: string }): number {
  const model = findModel(deps.registry, modelName);
  const configuration = resolveConfiguration(model, flags.variant, flags.knob ?? []);
  const workers = workersOption(flags.workers)!;
  const budget = budgetOptions(flags);
  const seed = seedOption(flags.seed);
  if (flags.path !== undefined) throw memcheckError('MC007', '--path replays one run of one seed: drop --workers');
  if (deps.registryModule === undefined) {
    throw memcheckError('MC007', '--workers needs the module the models come from, and this CLI was not given one');
  }
  const search = searchOptions(model, flags);
  reportDirOption(flags.report);
  const total = budget.runs ?? model.budget.runs;
  const progress = progressReporter(io, `${model.name}/${configuration.variant} (${workers} workers)`, total);
  const seedUsed = seed ?? drawSeed();
  deps.interrupt?.note(`seed ${seedUsed}`);
  const result = checkParallel({ module: deps.registryModule, name: model.name }, model, configuration, {
    workers,
    ...budget,
    seed: seedUsed,
    ...search,
    onProgress: (p) => {
      progress(p);
      stopIfInterrupted(deps, io, () => [`interrupted after ${p.runs} of ${total} runs on ${workers} workers, seed ${seedUsed}`]);
    },
  });
  progress.done();
  return finishCheck(io, model, result, flags, [`${result.workers.length} workers:`, ...formatWorkers(result)]);
}
