// Every known-bad variant of every registered model, checked at the model's default budget
// and default options (fast mode, the shortest proof) on seeds 1..N: whether it is caught by an
// expected property within its length on every seed, how long the bug took to hit
// (firstFound) and the whole check took (shortest proof included); then the medians across
// variants against the goals. `npm run bench` (bench/compare.ts) runs it after the engines.
//
//   node --import tsx bench/catches.ts [--seeds N] [--model NAME] [--json]
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { registry } from '../registry/index.ts';
import { check, resolveConfiguration, type AnyModel } from '../src/index.ts';
import type { TargetCheck } from './summary.ts';
import { formatCatches, formatCatchTargets } from './table.ts';

export interface CatchRow {
  readonly model: string;
  readonly variant: string;
  readonly met: number;
  readonly seeds: number;
  /** Seeds whose check missed the expectation, with what they found instead. */
  readonly missed: readonly string[];
  readonly medianFirstMs: number;
  readonly medianTotalMs: number;
  readonly maxTotalMs: number;
  readonly proven: number;
}

/** The goals of the issue "Engine v2" for catching known-bad variants, medians across variants. */
export const CATCH_GOALS = { medianFirstMs: 200, medianTotalMs: 1000 } as const;

/** All variants at once: sums, and the medians of the variants' medians. */
export interface CatchSummary {
  readonly variants: number;
  /** variants x seeds */
  readonly checks: number;
  readonly met: number;
  readonly proven: number;
  /** The median over variants of each variant's median time to its first violation. */
  readonly medianFirstMs: number;
  /** The median over variants of each variant's median total time. */
  readonly medianTotalMs: number;
  /** The slowest single check of all. */
  readonly maxTotalMs: number;
  readonly targets: readonly TargetCheck[];
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Check one known-bad variant on seeds 1..seeds. */
export function catches(model: AnyModel, variant: string, seeds: number): CatchRow {
  const configuration = resolveConfiguration(model, variant);
  const missed: string[] = [];
  const first: number[] = [];
  const total: number[] = [];
  let met = 0;
  let proven = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const result = check(model, configuration, { seed });
    const o = result.outcome;
    if (result.met) met++;
    else missed.push(`seed ${seed}: ${o.kind === 'violated' ? `${o.counterexample.property} in ${o.counterexample.actions.length}` : o.kind}`);
    if (result.shortest?.kind === 'proven') proven++;
    first.push(result.firstFound?.elapsedMs ?? result.elapsedMs);
    total.push(result.elapsedMs);
  }
  return {
    model: model.name,
    variant,
    met,
    seeds,
    missed,
    medianFirstMs: Math.round(median(first)),
    medianTotalMs: Math.round(median(total)),
    maxTotalMs: Math.round(Math.max(...total)),
    proven,
  };
}

/** The medians across variants, against CATCH_GOALS. */
export function summariseCatches(rows: readonly CatchRow[]): CatchSummary {
  const checks = rows.reduce((n, r) => n + r.seeds, 0);
  const medianFirstMs = median(rows.map((r) => r.medianFirstMs));
  const medianTotalMs = median(rows.map((r) => r.medianTotalMs));
  const met = rows.reduce((n, r) => n + r.met, 0);
  return {
    variants: rows.length,
    checks,
    met,
    proven: rows.reduce((n, r) => n + r.proven, 0),
    medianFirstMs,
    medianTotalMs,
    maxTotalMs: rows.reduce((m, r) => Math.max(m, r.maxTotalMs), 0),
    targets: [
      { target: 'every known-bad variant caught on every seed', measured: `${met}/${checks}`, met: rows.length > 0 && met === checks },
      { target: `median time to first violation < ${CATCH_GOALS.medianFirstMs} ms`, measured: `${medianFirstMs} ms`, met: medianFirstMs < CATCH_GOALS.medianFirstMs },
      { target: `median total time (shortest proof included) < ${CATCH_GOALS.medianTotalMs} ms`, measured: `${medianTotalMs} ms`, met: medianTotalMs < CATCH_GOALS.medianTotalMs },
    ],
  };
}

/** Every known-bad variant of the registered models (or of one), reporting each as it ends. */
export function catchAll(seeds: number, modelName?: string, onRow?: (row: CatchRow) => void): CatchRow[] {
  const rows: CatchRow[] = [];
  for (const model of registry.filter((m) => modelName === undefined || m.name === modelName)) {
    for (const variant of model.variants.filter((v: AnyModel['variants'][number]) => v.expect.kind === 'violates')) {
      const row = catches(model, variant.name, seeds);
      rows.push(row);
      onRow?.(row);
    }
  }
  return rows;
}

function main(): void {
  const { values } = parseArgs({
    options: { seeds: { type: 'string', default: '20' }, model: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const seeds = Number(values.seeds);
  if (!Number.isInteger(seeds) || seeds < 1) {
    console.error(`catches: --seeds takes a whole number >= 1, got '${values.seeds}'`);
    process.exit(2);
  }
  if (values.model !== undefined && !registry.some((m) => m.name === values.model)) {
    console.error(`catches: no registered model '${values.model}'`);
    process.exit(2);
  }
  const started = performance.now();
  const rows = catchAll(seeds, values.model, (r) => {
    console.error(`  ${`${r.model}/${r.variant}`.padEnd(44)} ${r.met}/${r.seeds} caught, first ${r.medianFirstMs} ms, total ${r.medianTotalMs} ms (max ${r.maxTotalMs})`);
  });
  const summary = summariseCatches(rows);
  const wallMs = Math.round(performance.now() - started);
  if (values.json) {
    // one JSON object on stdout, progress on stderr
    console.log(JSON.stringify({ seeds, rows, summary, wallMs }));
  } else {
    console.log(`known-bad variants, seeds 1..${seeds}, each model's default budget\n`);
    console.log(formatCatches(rows, summary));
    console.log(`\n${formatCatchTargets(summary)}\n\n${(wallMs / 1000).toFixed(0)} s`);
  }
}

// a script when run, a library when imported (bench/compare.ts and the tests import it)
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) main();
