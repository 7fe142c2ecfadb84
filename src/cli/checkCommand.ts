import { check, DEFAULT_EXHAUSTIVE_STATES, type CheckOptions } from '../check.ts';
import type { AnyModel } from '../model.ts';
import { resolveConfiguration } from '../configuration.ts';
import { memcheckError } from '../errors.ts';
import { checkJson } from '../report/json.ts';
import { buildReport } from '../report/report.ts';
import { summaryLine } from '../report/story.ts';
import { formatText } from '../report/text.ts';
import { exitStatus } from '../result.ts';
import { progressReporter, type CliDeps, type Io } from './io.ts';
import { findModel, pathOption, propertyOption, seedOption, wholeNumber } from './options.ts';
import { writeReports } from './reportFiles.ts';

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
  readonly verbose?: boolean;
}

/** The options `check` shares with `check --workers`: properties, the exhaustive pass's cap, the mode. */
export function searchOptions(model: AnyModel, flags: CheckFlags): Pick<CheckOptions, 'properties' | 'exhaustive' | 'mode'> {
  const properties = propertyOption(model, flags.property);
  const maxStates = wholeNumber('--exhaustive-states', flags.exhaustiveStates, 0) ?? model.budget.states ?? DEFAULT_EXHAUSTIVE_STATES;
  const seconds = wholeNumber('--exhaustive-seconds', flags.exhaustiveSeconds);
  return {
    ...(properties === undefined ? {} : { properties }),
    exhaustive: { maxStates, ...(seconds === undefined ? {} : { timeLimitMs: seconds * 1000 }) },
    mode: flags.strict ? 'checked' : 'fast',
  };
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
    ...searchOptions(model, flags),
    onProgress: progress,
  });
  progress.done();
  const report = buildReport(model, result, { verbose: flags.verbose === true });
  if (flags.json) {
    io.stdout(JSON.stringify(checkJson(report), null, 2));
    io.stderr(summaryLine(result));
  } else {
    io.stdout(formatText(report));
  }
  if (flags.report !== undefined) {
    for (const file of writeReports(flags.report, report)) io.stderr(`wrote ${file}`);
  }
  return exitStatus(result);
}
