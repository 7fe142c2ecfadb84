// Issue 8: one model written four ways (bench/model.ts for this engine, bench/folios.qnt for
// Quint, bench/handLoop.ts and bench/packedBfs.ts as hand-written ceilings), each run with the
// same budget in a process of its own, repeated, and compared by medians.
// Timings live here, never in tests (test/bench.test.ts checks only what the engines find).
//
//   npm run bench                 the full benchmark, saved to bench/results.json
//   npm run bench:quick           one short repetition, not saved (a smoke run)
//   node --import tsx bench/compare.ts [--quick] [--repeats N] [--traces N] [--steps N] [--out FILE]
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { IN_PROCESS_ENGINES, type BenchVariant, type EngineName, type RunSpec, type Sample } from './engines.ts';
import { runQuint } from './quint.ts';
import { runChild } from './spawn.ts';
import { ratios, summariseAll } from './summary.ts';
import { ENGINE_LABELS, formatTable, formatTargets } from './table.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    repeats: { type: 'string' },
    traces: { type: 'string' },
    steps: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
  },
});

function whole(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: --${name} takes a whole number >= 1, got '${raw}'`);
    process.exit(2);
  }
  return n;
}

const quick = values.quick === true;
const repeats = whole('repeats', values.repeats, quick ? 1 : 5);
const traces = whole('traces', values.traces, quick ? 200 : 5000);
const steps = whole('steps', values.steps, 20);
const firstSeed = whole('seed', values.seed, 1);
// A quick run is a smoke run: its figures are too short to keep unless asked to.
const out = values.out ?? (quick ? undefined : 'bench/results.json');

const ENGINES: readonly EngineName[] = ['quint', 'engine-random', 'engine-random-nofreeze', 'hand-loop', 'engine-explore', 'packed-bfs'];
const VARIANTS: readonly BenchVariant[] = ['fixed', 'buggy'];

function runOne(spec: RunSpec): Promise<Sample> {
  if (spec.engine === 'quint') return runQuint(spec);
  const engine = IN_PROCESS_ENGINES.find((e) => e === spec.engine);
  if (engine === undefined) throw new Error(`bench: unknown engine ${spec.engine}`);
  return runChild({ ...spec, engine });
}

const started = Date.now();
console.log(`bench: ${repeats} repetition(s); random engines ${traces} traces x ${steps} steps; 4 folios; seeds ${firstSeed}..${firstSeed + repeats - 1}`);
const samples: Sample[] = [];
// Repetition-major and one process at a time, so that a change in the machine's load spreads
// over every engine rather than landing on one.
for (let rep = 0; rep < repeats; rep++) {
  for (const engine of ENGINES) {
    for (const variant of VARIANTS) {
      const sample = await runOne({ engine, variant, folios: 4, traces, steps, seed: firstSeed + rep });
      samples.push(sample);
      const detail = sample.verdict === 'violated' ? `length ${sample.length}` : `${sample.steps} steps`;
      console.error(`  [${rep + 1}/${repeats}] ${engine.padEnd(22)} ${variant.padEnd(5)} ${sample.verdict.padEnd(8)} ${detail.padEnd(14)} ${sample.elapsedMs.toFixed(0)} ms`);
    }
  }
}

const summaries = summariseAll(samples);
const r = ratios(summaries);
const wrong = summaries.flatMap((s) => [
  ...s.fixed.verdicts.filter((v) => v !== 'holds').map((v) => `${s.engine} fixed: ${v}`),
  ...s.buggy.verdicts.filter((v) => v !== 'violated').map((v) => `${s.engine} buggy: ${v}`),
]);
const exploreStates = summaries.find((s) => s.engine === 'engine-explore')?.fixed.distinctStates;
const bfsStates = summaries.find((s) => s.engine === 'packed-bfs')?.fixed.distinctStates;
if (exploreStates !== bfsStates) wrong.push(`distinct states differ: explore ${exploreStates}, packed BFS ${bfsStates}`);

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  // the load when the run ended: other work on the machine slows every engine alike
  loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
};
const table = formatTable(summaries);
console.log(`\nmedians of ${repeats}; throughput on the fixed variant, counterexamples on the buggy one\n`);
console.log(table);
console.log(`\ntargets (issue 8):\n${formatTargets(r)}`);
console.log(`\nnode ${machine.node}, ${machine.cpus} cores (${machine.cpuModel}), load ${machine.loadAverage.join(' ')}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (wrong.length > 0) console.error(`\nbench: engines disagree with the model's expectations:\n  ${wrong.join('\n  ')}`);

if (out !== undefined) {
  const command = `node --import tsx bench/compare.ts --repeats ${repeats} --traces ${traces} --steps ${steps} --seed ${firstSeed}`;
  const saved = {
    issue: 8,
    command,
    date: new Date().toISOString(),
    machine,
    budget: { repeats, traces, steps, folios: 4, seeds: [firstSeed, firstSeed + repeats - 1] },
    labels: ENGINE_LABELS,
    engines: summaries,
    ratios: r,
    table,
    samples,
  };
  writeFileSync(resolve(out), `${JSON.stringify(saved, null, 2)}\n`);
  console.log(`saved ${out}`);
}
process.exit(wrong.length > 0 ? 1 : 0);
