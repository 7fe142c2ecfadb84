import { resolveConfiguration } from '../configuration.ts';
import { DEFAULT_MAX_STATES, explore, type ExploreProgress, type ExploreStats } from '../explore/explore.ts';
import { corpusFor, keepFound } from '../corpus/hook.ts';
import { wrap } from '../report/layout.ts';
import { finishCheck } from './finish.ts';
import { stopIfInterrupted } from './partial.ts';
import { SPARSE_PROGRESS_MS, writeProgress, type CliDeps, type Io } from './io.ts';
import { findModel, LIMITS, propertyOption, reportDirOption, wholeNumber } from './options.ts';

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
  /** commander's `--no-corpus` */
  readonly corpus?: boolean;
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

function progressLine(io: Io, label: string, total: number): ((p: ExploreProgress) => void) & { done: () => void } {
  let shown = false;
  let last = 0;
  const report = (p: ExploreProgress) => {
    const rate = p.elapsedMs > 0 ? Math.round((p.distinctStates * 1000) / p.elapsedMs) : 0;
    const line = `${label}: ${p.distinctStates} of at most ${total} states, depth ${p.depth}, queue ${p.queue}, ${rate} states/s`;
    if (io.interactive) {
      writeProgress(io, `\r${line}\x1b[K`);
      shown = true;
    } else if (p.elapsedMs - last >= SPARSE_PROGRESS_MS) {
      last = p.elapsedMs;
      io.stderr(line);
    }
  };
  return Object.assign(report, {
    done: () => {
      if (shown) writeProgress(io, '\r\x1b[K');
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
  const depth = wholeNumber('--depth', flags.depth, 0, LIMITS.depth);
  const maxStates = wholeNumber('--max-states', flags.maxStates, 1, LIMITS.states);
  const properties = propertyOption(model, flags.property);
  reportDirOption(flags.report);
  const progress = progressLine(io, `${model.name}/${configuration.variant}`, maxStates ?? DEFAULT_MAX_STATES);
  const result = explore(model, configuration, {
    ...(depth === undefined ? {} : { depth }),
    ...(maxStates === undefined ? {} : { maxStates }),
    ...(properties === undefined ? {} : { properties }),
    symmetry: flags.symmetry !== false,
    onProgress: (p) => {
      progress(p);
      stopIfInterrupted(deps, io, () => {
        progress.done();
        return [`interrupted after ${p.distinctStates} distinct states, depth ${p.depth}, ${p.queue} left in the queue: no violation so far`];
      });
    },
  });
  progress.done();
  keepFound(corpusFor(deps.corpusDir, flags), model, result, io.stderr);
  return finishCheck(io, model, result, flags, formatExploration(result.exploration));
}
