import { resolveConfiguration } from '../configuration.ts';
import { memcheckError } from '../errors.ts';
import { checkJson } from '../report/json.ts';
import { buildReport } from '../report/report.ts';
import { summaryLine } from '../report/story.ts';
import { formatText } from '../report/text.ts';
import { exitStatus } from '../result.ts';
import { searchOptions, type CheckFlags } from '../cli/checkCommand.ts';
import { progressReporter, type CliDeps, type Io } from '../cli/io.ts';
import { findModel, seedOption, wholeNumber, workersOption } from '../cli/options.ts';
import { writeReports } from '../cli/reportFiles.ts';
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
  const runs = wholeNumber('--runs', flags.runs);
  const maxSteps = wholeNumber('--max-steps', flags.maxSteps);
  const seed = seedOption(flags.seed);
  if (flags.path !== undefined) throw memcheckError('MC007', '--path replays one run of one seed: drop --workers');
  if (deps.registryModule === undefined) {
    throw memcheckError('MC007', '--workers needs the module the models come from, and this CLI was not given one');
  }
  const progress = progressReporter(io, `${model.name}/${configuration.variant} (${workers} workers)`);
  const result = checkParallel({ module: deps.registryModule, name: model.name }, model, configuration, {
    workers,
    ...(runs === undefined ? {} : { runs }),
    ...(maxSteps === undefined ? {} : { maxSteps }),
    ...(seed === undefined ? {} : { seed }),
    ...searchOptions(model, flags),
    onProgress: progress,
  });
  progress.done();
  const report = buildReport(model, result, { verbose: flags.verbose === true });
  if (flags.json) {
    io.stdout(JSON.stringify(checkJson(report), null, 2));
    io.stderr(summaryLine(result));
  } else {
    io.stdout([formatText(report), '', `${result.workers.length} workers:`, ...formatWorkers(result)].join('\n'));
  }
  if (flags.report !== undefined) {
    for (const file of writeReports(flags.report, report)) io.stderr(`wrote ${file}`);
  }
  return exitStatus(result);
}
