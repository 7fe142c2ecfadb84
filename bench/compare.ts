// One model written four ways (bench/model.ts for this engine, bench/folios.qnt for Quint,
// bench/handLoop.ts and bench/packedBfs.ts as hand-written ceilings), each engine in a process
// of its own, back to back, repeated, and compared by medians; then (full run) every known-bad
// variant of every registered model (bench/catches.ts). What it measures: bench/README.md.
// Timings live here, never in tests (test/bench.test.ts checks only what the engines find).
//
//   npm run bench                 the full benchmark, saved to bench/results.json and README
//   npm run bench:quick           one repetition of >= 1 s per engine, not saved
//   ... -- --json                 one JSON object on stdout (progress and table on stderr)
//   node --import tsx bench/compare.ts [--quick] [--json] [--repeats N] [--min-ms MS]
//        [--traces N] [--steps N] [--seed N] [--out FILE] [--catch-seeds N] [--no-catches]
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CatchRow, CatchSummary } from './catches.ts';
import { IN_PROCESS_ENGINES, type BenchVariant, type EngineName, type RunSpec, type Sample } from './engines.ts';
import { runQuint } from './quint.ts';
import { runChild, runNode } from './spawn.ts';
import { GOALS, ratios, summariseAll } from './summary.ts';
import { ENGINE_LABELS, formatCatches, formatCatchTargets, formatTable, formatTargets } from './table.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    repeats: { type: 'string' },
    'min-ms': { type: 'string' },
    traces: { type: 'string' },
    steps: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    'catch-seeds': { type: 'string' },
    'no-catches': { type: 'boolean', default: false },
  },
});

function whole(name: string, raw: string | undefined, fallback: number, least = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < least) {
    console.error(`bench: --${name} takes a whole number >= ${least}, got '${raw}'`);
    process.exit(2);
  }
  return n;
}

const quick = values.quick === true;
const json = values.json === true;
const repeats = whole('repeats', values.repeats, quick ? 1 : 5);
// Throughput by time: each engine repeats its work unit on the fixed variant until this much
// of its own measured time has passed (0: one unit), so that every ratio stands on >= 1 s.
const minMs = whole('min-ms', values['min-ms'], quick ? 1000 : 2000, 0);
// one work unit of a random engine, and Quint's first run
const traces = whole('traces', values.traces, 200);
const steps = whole('steps', values.steps, 20);
const firstSeed = whole('seed', values.seed, 1);
// the known-bad variants of every model: the full run's second part
const catchSeeds = values['no-catches'] === true ? 0 : whole('catch-seeds', values['catch-seeds'], quick ? 0 : 10);
// A quick run is a smoke run: its figures are too short to keep unless asked to.
const DEFAULT_OUT = 'bench/results.json';
const out = values.out ?? (quick ? undefined : DEFAULT_OUT);

// Human output goes to stdout, unless stdout is for the one JSON object.
const say = json ? console.error : console.log;

// Each headline pair runs back to back: Quint beside the random engine beside the hand loop,
// explore beside the packed BFS.
const ENGINES: readonly EngineName[] = ['quint', 'engine-random', 'hand-loop', 'engine-random-checked', 'engine-explore', 'packed-bfs'];
const VARIANTS: readonly BenchVariant[] = ['fixed', 'buggy'];

function runOne(spec: RunSpec): Promise<Sample> {
  if (spec.engine === 'quint') return runQuint(spec);
  const engine = IN_PROCESS_ENGINES.find((e) => e === spec.engine);
  if (engine === undefined) throw new Error(`bench: unknown engine ${spec.engine}`);
  return runChild({ ...spec, engine });
}

const started = performance.now();
const loadAtStart = loadavg().map((x) => Number(x.toFixed(2)));
const unit = `${traces} traces x ${steps} steps`;
say(
  `bench: ${repeats} repetition(s); each engine's fixed variant for >= ${minMs} ms of its own time ` +
    `(units of ${unit}, or one whole search); 4 folios; seeds from ${firstSeed}`,
);
const samples: Sample[] = [];
// Repetition-major and one process at a time, so that a change in the machine's load spreads
// over every engine rather than landing on one.
for (let rep = 0; rep < repeats; rep++) {
  for (const engine of ENGINES) {
    for (const variant of VARIANTS) {
      // each repetition's units take seeds of their own
      const seed = firstSeed + rep * 1_000_000;
      const sample = await runOne({ engine, variant, folios: 4, traces, steps, seed, minMs });
      samples.push(sample);
      const detail = sample.verdict === 'violated' ? `length ${sample.length}` : `${sample.steps} steps`;
      console.error(`  [${rep + 1}/${repeats}] ${engine.padEnd(22)} ${variant.padEnd(5)} ${sample.verdict.padEnd(8)} ${detail.padEnd(16)} ${sample.elapsedMs.toFixed(0).padStart(6)} ms`);
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
const engineMs = performance.now() - started;

const table = formatTable(summaries);
say(`\nmedians of ${repeats}; throughput on the fixed variant, counterexamples on the buggy one\n`);
say(table);
say(`\ngoals (issue "Engine v2"):\n${formatTargets(r)}`);
if (wrong.length > 0) console.error(`\nbench: engines disagree with the model's expectations:\n  ${wrong.join('\n  ')}`);

interface Catches {
  readonly seeds: number;
  readonly rows: readonly CatchRow[];
  readonly summary: CatchSummary;
  readonly wallMs: number;
  readonly table: string;
}

/** bench/catches.ts in a process of its own, its progress passed on to stderr. */
async function runCatches(seeds: number): Promise<Catches> {
  const script = fileURLToPath(new URL('./catches.ts', import.meta.url));
  console.error(`\nknown-bad variants of every registered model, seeds 1..${seeds}:`);
  const child = await runNode(['--import', 'tsx', script, '--json', '--seeds', String(seeds)], { echoStderr: true });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.code !== 0 || !line.startsWith('{')) throw new Error(`bench: catches exited ${child.code}: ${child.stderr.slice(-2000)}`);
  const found = JSON.parse(line) as Omit<Catches, 'table'>;
  return { ...found, table: formatCatches(found.rows, found.summary) };
}

const catches = catchSeeds > 0 ? await runCatches(catchSeeds) : undefined;
if (catches !== undefined) {
  say(`\nknown-bad variants, seeds 1..${catches.seeds}, each model's default budget and options\n`);
  say(catches.table);
  say(`\n${formatCatchTargets(catches.summary)}`);
}

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  // other work on the machine slows every engine; the load before and after says how much
  loadAverageAtStart: loadAtStart,
  loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
};
const wallMs = Math.round(performance.now() - started);
say(`\nnode ${machine.node}, ${machine.cpus} cores (${machine.cpuModel}), load ${loadAtStart.join(' ')} at start, ${machine.loadAverage.join(' ')} at end; engines ${(engineMs / 1000).toFixed(0)} s, all ${(wallMs / 1000).toFixed(0)} s`);

const command =
  `node --import tsx bench/compare.ts --repeats ${repeats} --min-ms ${minMs} --traces ${traces} --steps ${steps} --seed ${firstSeed}` +
  (catchSeeds > 0 ? ` --catch-seeds ${catchSeeds}` : ' --no-catches');
const report = {
  benchmark: 'memdesc-check engines against Quint and hand-written ceilings (bench/README.md)',
  goalsFrom: 'issue "Engine v2", "Figures to reach"',
  command,
  date: new Date().toISOString(),
  machine,
  wallMs,
  budget: { repeats, minMs, unit: { traces, steps }, folios: 4, firstSeed, catchSeeds },
  goals: GOALS,
  ratios: r,
  disagreements: wrong,
  labels: ENGINE_LABELS,
  engines: summaries,
  table,
  ...(catches === undefined ? {} : { catches }),
  samples,
};
if (json) console.log(JSON.stringify(report));
if (out !== undefined) {
  writeFileSync(resolve(out), `${JSON.stringify(report, null, 2)}\n`);
  console.error(`saved ${out}`);
  if (out === DEFAULT_OUT) updateReadme();
}

/** Regenerate the figures section of bench/README.md from this run (the canonical results only). */
function updateReadme(): void {
  const path = fileURLToPath(new URL('./README.md', import.meta.url));
  const BEGIN = '<!-- figures:begin (written by bench/compare.ts; do not edit) -->';
  const END = '<!-- figures:end -->';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    console.error('bench: no bench/README.md to put the figures in');
    return;
  }
  const from = text.indexOf(BEGIN);
  const to = text.indexOf(END);
  if (from < 0 || to < from) {
    console.error('bench: bench/README.md has no figures markers; left as it is');
    return;
  }
  const f = (x: number) => x.toPrecision(3);
  const section = [
    BEGIN,
    '',
    `\`${command}\`, ${report.date.slice(0, 10)}: node ${machine.node}, ${machine.cpus} cores (${machine.cpuModel}),`,
    `load average ${loadAtStart.join(' ')} at start and ${machine.loadAverage.join(' ')} at end; ${(wallMs / 1000).toFixed(0)} s in all.`,
    '',
    `Ratios: randomVsHandLoop ${f(r.randomVsHandLoop)} (goal >= ${f(GOALS.randomVsHandLoop)}), randomVsQuint ${f(r.randomVsQuint)} (goal >= ${GOALS.randomVsQuint}), exploreVsPackedBfs ${f(r.exploreVsPackedBfs)} (goal >= ${GOALS.exploreVsPackedBfs}).`,
    '',
    table,
    '',
    formatTargets(r),
    ...(wrong.length > 0 ? ['', `Engines disagreeing with the model: ${wrong.join('; ')}.`] : []),
    ...(catches === undefined
      ? []
      : ['', `Known-bad variants, seeds 1..${catches.seeds}, each model's default budget and options:`, '', catches.table, '', formatCatchTargets(catches.summary)]),
    '',
    END,
  ].join('\n');
  writeFileSync(path, text.slice(0, from) + section + text.slice(to + END.length));
  console.error('updated the figures in bench/README.md');
}

process.exit(wrong.length > 0 ? 1 : 0);
