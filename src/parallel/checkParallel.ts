import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { CheckOptions, Progress } from '../check.ts';
import type { Configuration } from '../configuration.ts';
import { mergeCoverage, withCells } from '../coverage/coverage.ts';
import type { AnyModel } from '../model.ts';
import { meets, type Outcome, type ParallelResult, type RandomResult, type WorkerShare } from '../result.ts';
import { COUNTERS_PER_WORKER, type ModelSource, type WorkerReply, type WorkerTask } from './protocol.ts';
import { splitRuns, streamSeed } from './seeds.ts';

export interface ParallelOptions extends Omit<CheckOptions, 'path' | 'onProgress'> {
  /** Worker threads, each on its own seed stream. */
  readonly workers: number;
  /** Summed over the workers, about every `PROGRESS_EVERY_MS`. */
  readonly onProgress?: (progress: Progress) => void;
}

const PROGRESS_EVERY_MS = 1000;

/** Failing outcomes first, a model error before a violation, then the shortest; ties to the lower worker. */
function rank(result: RandomResult): number {
  const o = result.outcome;
  if (o.kind === 'model-error') return o.failure.actions.length;
  if (o.kind === 'violated') return 1e9 + o.counterexample.actions.length;
  return Number.POSITIVE_INFINITY;
}

function merge(model: AnyModel, configuration: Configuration, options: ParallelOptions, seed: number, results: RandomResult[], elapsedMs: number): ParallelResult {
  const workers = results.map((r, index): WorkerShare => {
    const o = r.outcome;
    const length = o.kind === 'violated' ? o.counterexample.actions.length : o.kind === 'model-error' ? o.failure.actions.length : undefined;
    return { index, seed: r.seed, runs: r.budget.runs, verdict: o.kind, ...(length === undefined ? {} : { length }) };
  });
  const runs = results.reduce((sum, r) => sum + r.runs, 0);
  const steps = results.reduce((sum, r) => sum + r.steps, 0);
  const witnesses = results[0]!.witnesses.map((w) => ({ name: w.name, reached: results.some((r) => r.witnesses.find((x) => x.name === w.name)?.reached) }));
  const coverage = mergeCoverage(results.map((r) => r.coverage));
  const covered = coverage === undefined ? {} : { coverage };
  const failed = [...results].sort((a, b) => rank(a) - rank(b))[0]!;
  if (Number.isFinite(rank(failed))) {
    // the failing worker's seed, path and budget: its replay command is a plain `check`
    return { ...failed, mode: 'parallel', runs, steps, elapsedMs, witnesses, workers, ...covered };
  }
  const unreached = witnesses.filter((w) => !w.reached).map((w) => w.name);
  const outcome: Outcome = withCells(unreached.length === 0 ? { kind: 'holds' } : { kind: 'vacuous', unreached }, coverage);
  const { firstFound: _, shortest: __, ...first } = results[0]!;
  return {
    ...first,
    mode: 'parallel',
    seed,
    budget: { runs: options.runs ?? model.budget.runs, maxSteps: options.maxSteps ?? model.budget.maxSteps },
    runs,
    steps,
    elapsedMs,
    witnesses,
    outcome,
    met: meets(configuration.expect, outcome),
    workers,
    ...covered,
  };
}

/**
 * Random checking spread over worker threads: worker j checks its share of the runs on seed
 * stream j (`streamSeed(seed, j)`). Blocks until every worker is done, so it can serve the
 * synchronous CLI. A counterexample comes with its worker's seed, path and runs, and replays
 * with plain `check`; the shortest one wins, ties to the lower worker.
 * @example checkParallel(source, model, resolveConfiguration(model, 'proposal'), { workers: 2, seed: 1 })
 */
export function checkParallel(source: ModelSource, model: AnyModel, configuration: Configuration, options: ParallelOptions): ParallelResult {
  const started = performance.now();
  const seed = options.seed ?? (Math.random() * 0x7fffffff) | 0;
  const shares = splitRuns(options.runs ?? model.budget.runs, options.workers).filter((runs) => runs > 0);
  const shared = new SharedArrayBuffer(4 * (1 + shares.length * COUNTERS_PER_WORKER));
  const cells = new Int32Array(shared);
  const { onProgress, workers: _, ...checkOptions } = options;
  const spawned = shares.map((runs, index) => {
    const { port1, port2 } = new MessageChannel();
    const task: WorkerTask = {
      source,
      configuration,
      options: { ...checkOptions, runs, seed: streamSeed(seed, index) },
      index,
      shared,
      port: port2,
    };
    const worker = new Worker(new URL('./bootstrap.mjs', import.meta.url), { workerData: task, transferList: [port2] });
    return { worker, port: port1 };
  });

  let lastProgress = started;
  for (let done = Atomics.load(cells, 0); done < shares.length; done = Atomics.load(cells, 0)) {
    Atomics.wait(cells, 0, done, 200);
    const now = performance.now();
    if (onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      let runs = 0;
      let steps = 0;
      for (let w = 0; w < shares.length; w++) {
        runs += Atomics.load(cells, 1 + w * COUNTERS_PER_WORKER);
        steps += Atomics.load(cells, 2 + w * COUNTERS_PER_WORKER);
      }
      onProgress({ runs, steps, elapsedMs: now - started });
    }
  }

  const results = spawned.map(({ worker, port }, index) => {
    const reply = receiveMessageOnPort(port)?.message as WorkerReply | undefined;
    port.close();
    void worker.terminate();
    if (reply === undefined) throw new Error(`internal: worker ${index} finished without a reply`);
    if (reply.kind === 'error') throw new Error(`worker ${index} failed: ${reply.message}`);
    return reply.result;
  });
  return merge(model, configuration, options, seed, results, performance.now() - started);
}
