// Throughput of random checking, steps/s, per model: the medians of 5 runs of each budget.
// Timings live here, never in tests. Usage: npm run bench:throughput [-- --runs N]
// (bench/compare.ts is the engine-against-engine benchmark; npm run bench runs both.)
import { writeFileSync } from 'node:fs';
import { registry } from '../registry/index.ts';
import { check, resolveConfiguration, type AnyModel, type RunMode } from '../src/index.ts';
import { refcountModel } from '../test/fixtures/refcountModel.ts';

const REPEATS = 5;
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1000;
if (!Number.isInteger(runs) || runs < 1) {
  console.error('bench: --runs takes a whole number >= 1');
  process.exit(2);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  model: string;
  mode: RunMode;
  steps: number;
  stepsPerSecond: number;
  runsPerSecond: number;
}

function measure(model: AnyModel, mode: RunMode): Row {
  const configuration = resolveConfiguration(model, 'proposal');
  const rates: number[] = [];
  const runRates: number[] = [];
  let steps = 0;
  for (let i = 0; i < REPEATS; i++) {
    // random checking alone: no breadth-first search after the runs
    const result = check(model, configuration, { seed: i + 1, runs, mode, exhaustive: { maxStates: 0 } });
    steps = result.steps;
    rates.push((result.steps * 1000) / result.elapsedMs);
    runRates.push((result.runs * 1000) / result.elapsedMs);
  }
  return { model: model.name, mode, steps, stepsPerSecond: Math.round(median(rates)), runsPerSecond: Math.round(median(runRates)) };
}

const rows = [refcountModel, ...registry].flatMap((m) => [measure(m, 'checked'), measure(m, 'fast')]);
console.log(`random checking of each proposal, ${runs} runs x the model's max steps, median of ${REPEATS}`);
console.log(`${'model'.padEnd(16)}${'mode'.padEnd(13)}${'steps'.padStart(9)}${'steps/s'.padStart(11)}${'runs/s'.padStart(9)}`);
for (const r of rows) {
  console.log(`${r.model.padEnd(16)}${r.mode.padEnd(13)}${String(r.steps).padStart(9)}${String(r.stepsPerSecond).padStart(11)}${String(r.runsPerSecond).padStart(9)}`);
}
writeFileSync(new URL('./throughput.json', import.meta.url), `${JSON.stringify({ runs, repeats: REPEATS, node: process.version, rows }, null, 2)}\n`);
console.log('saved bench/throughput.json');
