import type { Progress } from '../check.ts';
import type { Configuration } from '../configuration.ts';
import { EXIT } from '../errors.ts';
import type { AnyModel } from '../model.ts';
import { wrap } from '../report/layout.ts';
import { buildReport } from '../report/report.ts';
import { formatText } from '../report/text.ts';
import type { Outcome, RandomResult } from '../result.ts';
import type { CliDeps, Io } from './io.ts';
import { writeReports } from './reportFiles.ts';

/** What an interrupted random check knows before it starts: its seed and its budget. */
export interface CheckPlan {
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  readonly exhaustiveStates: number;
  readonly properties?: readonly string[];
}

/**
 * The callbacks that let Ctrl-C stop a random check (`deps.interrupt`, on a worker thread):
 * they keep the best counterexample so far and, once SIGINT arrived, print it as a report with
 * the seed, write it with `--report`, and stop with exit 130. Without `deps.interrupt`, only progress.
 */
export function watchCheck(
  deps: CliDeps,
  io: Io,
  model: AnyModel,
  configuration: Configuration,
  plan: CheckPlan,
  flags: { readonly report?: string },
  progress: ((p: Progress) => void) & { done: () => void },
): { onProgress: (p: Progress) => void; onCounterexample?: (outcome: Outcome) => void } {
  const interrupt = deps.interrupt;
  if (interrupt === undefined) return { onProgress: progress };
  const started = performance.now();
  let best: Outcome | undefined;
  let last: Progress = { runs: 0, steps: 0, elapsedMs: 0 };
  interrupt.note(`seed ${plan.seed}`);
  const stop = (): never => {
    progress.done();
    const where = `interrupted after ${last.runs} of ${plan.runs} runs, seed ${plan.seed}`;
    if (best === undefined) {
      io.stdout(wrap(`${where}: no counterexample so far`, '    ').join('\n'));
      return interrupt.stop(EXIT.interrupted);
    }
    const partial: RandomResult = {
      model: model.name,
      configuration,
      mode: 'random',
      budget: { runs: plan.runs, maxSteps: plan.maxSteps },
      seed: plan.seed,
      runs: last.runs,
      steps: last.steps,
      elapsedMs: performance.now() - started,
      witnesses: [],
      outcome: best,
      met: undefined,
      exhaustiveStates: plan.exhaustiveStates,
      ...(plan.properties === undefined ? {} : { properties: plan.properties }),
    };
    const report = buildReport(model, partial);
    io.stdout(formatText(report));
    io.stdout(wrap(`${where}: the counterexample above is the best so far; its shrinking was cut short`, '    ').join('\n'));
    if (flags.report !== undefined) for (const file of writeReports(flags.report, report)) io.stderr(`wrote ${file}`);
    return interrupt.stop(EXIT.interrupted);
  };
  return {
    onProgress: (p) => {
      last = p;
      progress(p);
      if (interrupt.requested()) stop();
    },
    onCounterexample: (outcome) => {
      best = outcome;
      const what = outcome.kind === 'violated' ? outcome.counterexample.property : 'model error';
      const length = outcome.kind === 'violated' ? outcome.counterexample.actions.length : outcome.kind === 'model-error' ? outcome.failure.actions.length : 0;
      interrupt.note(`seed ${plan.seed}, best so far: ${what} in ${length} steps`);
      if (interrupt.requested()) stop();
    },
  };
}

/** Stop a command at Ctrl-C with `lines` (what it has done so far), exit 130; nothing when there was none. */
export function stopIfInterrupted(deps: CliDeps, io: Io, lines: () => readonly string[]): void {
  if (!deps.interrupt?.requested()) return;
  io.stdout(lines().flatMap((l) => wrap(l, '    ')).join('\n'));
  deps.interrupt.stop(EXIT.interrupted);
}
