import { resolveConfiguration } from '../configuration.ts';
import { explore, type ExploreProgress, type ExploreStats } from '../explore/explore.ts';
import { checkJson } from '../report/json.ts';
import { buildReport } from '../report/report.ts';
import { wrap } from '../report/layout.ts';
import { summaryLine } from '../report/story.ts';
import { formatText } from '../report/text.ts';
import { exitStatus } from '../result.ts';
import type { CliDeps, Io } from './io.ts';
import { findModel, propertyOption, wholeNumber } from './options.ts';
import { writeReports } from './reportFiles.ts';

export interface ExploreFlags {
  readonly variant?: string;
  readonly knob?: readonly string[];
  readonly depth?: string;
  readonly maxStates?: string;
  readonly property?: readonly string[];
  /** commander's `--no-symmetry` */
  readonly symmetry?: boolean;
  readonly json?: boolean;
  readonly report?: string;
  readonly verbose?: boolean;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** `1.0e-9`, or `< 1e-15` for odds too small to matter. */
function odds(p: number): string {
  return p < 1e-15 ? '< 1e-15' : p.toExponential(1);
}

/** The search's figures, after the report: how far it went, what it cost, how sure it is. */
export function formatExploration(stats: ExploreStats): string[] {
  const reach = stats.complete
    ? 'every reachable state explored'
    : stats.bound === 'depth'
      ? `stopped at --depth ${stats.depth}`
      : stats.bound === 'max-states'
        ? `stopped at --max-states ${stats.distinctStates}`
        : stats.bound === 'time'
          ? 'stopped at its time limit'
          : 'stopped at the first violation';
  const lines = [
    `exhaustive: ${reach}${stats.symmetry ? ', states canonicalised by the model symmetry' : ''}`,
    `  ${stats.distinctStates} distinct states, ${stats.generated} generated, depth ${stats.depth}, ` +
      `${stats.queue} left in the queue`,
    `  ${stats.statesPerSecond} states/s, peak memory ${mib(stats.peakMemoryBytes)} ` +
      `(${stats.peakBytesPerState} bytes a state above the start)`,
    `  fingerprint collision odds ${odds(stats.collisionOdds)} (64-bit fingerprints)`,
  ];
  return lines.flatMap((line) => wrap(line, '    '));
}

function progressLine(io: Io, label: string): ((p: ExploreProgress) => void) & { done: () => void } {
  let shown = false;
  let last = 0;
  const report = (p: ExploreProgress) => {
    const rate = p.elapsedMs > 0 ? Math.round((p.distinctStates * 1000) / p.elapsedMs) : 0;
    const line = `${label}: ${p.distinctStates} states, depth ${p.depth}, queue ${p.queue}, ${rate} states/s`;
    if (io.interactive) {
      process.stderr.write(`\r${line}\x1b[K`);
      shown = true;
    } else if (p.elapsedMs - last >= 10_000) {
      last = p.elapsedMs;
      io.stderr(line);
    }
  };
  return Object.assign(report, {
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  });
}

/**
 * `memcheck explore <model>`: breadth-first search of every reachable state within the bounds;
 * a violation is a shortest counterexample, reported like a random one.
 */
export function exploreCommand(deps: CliDeps, io: Io, modelName: string, flags: ExploreFlags): number {
  const model = findModel(deps.registry, modelName);
  const configuration = resolveConfiguration(model, flags.variant, flags.knob ?? []);
  const depth = wholeNumber('--depth', flags.depth, 0);
  const maxStates = wholeNumber('--max-states', flags.maxStates);
  const properties = propertyOption(model, flags.property);
  const progress = progressLine(io, `${model.name}/${configuration.variant}`);
  const result = explore(model, configuration, {
    ...(depth === undefined ? {} : { depth }),
    ...(maxStates === undefined ? {} : { maxStates }),
    ...(properties === undefined ? {} : { properties }),
    symmetry: flags.symmetry !== false,
    onProgress: progress,
  });
  progress.done();
  const report = buildReport(model, result, { verbose: flags.verbose === true });
  if (flags.json) {
    io.stdout(JSON.stringify(checkJson(report), null, 2));
    io.stderr(summaryLine(result));
  } else {
    io.stdout([formatText(report), '', ...formatExploration(result.exploration)].join('\n'));
  }
  if (flags.report !== undefined) {
    for (const file of writeReports(flags.report, report)) io.stderr(`wrote ${file}`);
  }
  return exitStatus(result);
}
