import { check } from '../check.ts';
import { resolveConfiguration } from '../configuration.ts';
import { memcheckError } from '../errors.ts';
import { checkJson } from '../report/json.ts';
import { summaryLine } from '../report/story.ts';
import { formatText } from '../report/text.ts';
import { exitStatus } from '../result.ts';
import { progressReporter, type CliDeps, type Io } from './io.ts';
import { findModel, pathOption, seedOption, wholeNumber } from './options.ts';
import { writeReports } from './reportFiles.ts';

export interface CheckFlags {
  readonly variant?: string;
  readonly knob?: readonly string[];
  readonly runs?: string;
  readonly maxSteps?: string;
  readonly seed?: string;
  readonly path?: string;
  readonly json?: boolean;
  readonly report?: string;
}

/** `memcheck check <model>`: random checking of one configuration. */
export function checkCommand(deps: CliDeps, io: Io, modelName: string, flags: CheckFlags): number {
  const model = findModel(deps.registry, modelName);
  const configuration = resolveConfiguration(model, flags.variant, flags.knob ?? []);
  const runs = wholeNumber('--runs', flags.runs);
  const maxSteps = wholeNumber('--max-steps', flags.maxSteps);
  const seed = seedOption(flags.seed);
  const path = pathOption(flags.path);
  if (path !== undefined && seed === undefined) throw memcheckError('MC007', '--path replays a run of a seed: give --seed too');
  const progress = progressReporter(io, `${model.name}/${configuration.variant}`);
  const result = check(model, configuration, {
    ...(runs === undefined ? {} : { runs }),
    ...(maxSteps === undefined ? {} : { maxSteps }),
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined ? {} : { path }),
    onProgress: progress,
  });
  progress.done();
  if (flags.json) {
    io.stdout(JSON.stringify(checkJson(model, result), null, 2));
    io.stderr(summaryLine(result));
  } else {
    io.stdout(formatText(model, result));
  }
  if (flags.report !== undefined) {
    for (const file of writeReports(flags.report, model, result)) io.stderr(`wrote ${file}`);
  }
  return exitStatus(result);
}
