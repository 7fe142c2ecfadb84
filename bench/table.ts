import type { CatchRow, CatchSummary } from './catches.ts';
import type { EngineName } from './engines.ts';
import type { EngineSummary, Ratios } from './summary.ts';

/** What each engine is, for the table's legend. */
export const ENGINE_LABELS: Record<EngineName, string> = {
  quint: 'Quint simulator (typescript backend)',
  'engine-random': 'memcheck check (fast mode, the default)',
  'engine-random-checked': 'memcheck check, checked mode (immer, auto-freeze)',
  'hand-loop': 'hand-written mutable loop',
  'engine-explore': 'memcheck explore (BFS)',
  'packed-bfs': 'hand-packed BFS',
};

const RANDOM: readonly EngineName[] = ['quint', 'engine-random', 'engine-random-checked', 'hand-loop'];

const si = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e4 ? `${Math.round(x / 1e3)}k` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));
const ratio = (x: number) =>
  x === 0 ? '-' : x >= 100 ? `${x.toFixed(0)}x` : x >= 10 ? `${x.toFixed(1)}x` : x >= 0.1 ? `${x.toFixed(2)}x` : `${x.toPrecision(2)}x`;
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x >= 10 ? 0 : 1)} ms`);

function lengths(s: EngineSummary): string {
  const ls = s.buggy.lengths;
  if (ls.length === 0) return '-';
  const lo = ls[0]!;
  const hi = ls[ls.length - 1]!;
  return lo === hi ? String(lo) : `${s.buggy.medianLength} (${lo}-${hi})`;
}

/**
 * The results as a Markdown table: one row per engine, throughput on the fixed variant (over
 * `measured`, the engine's own time), the counterexample on the buggy one, and ratios to Quint
 * and to the hand-written ceiling.
 */
export function formatTable(summaries: readonly EngineSummary[]): string {
  const quint = summaries.find((s) => s.engine === 'quint');
  const hand = summaries.find((s) => s.engine === 'hand-loop');
  const bfs = summaries.find((s) => s.engine === 'packed-bfs');
  const header =
    '| engine | steps/s | traces/s | distinct states/s | measured | wall (fixed) | peak RSS | time to counterexample | length | vs Quint | vs ceiling |\n' +
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const rows = summaries.map((s) => {
    const random = RANDOM.includes(s.engine);
    const f = s.fixed;
    // only random engines compare with Quint's simulator: a search's steps are another thing
    const vsQuint = random && quint ? f.stepsPerSecond / quint.fixed.stepsPerSecond : 0;
    const vsCeiling = random
      ? hand ? f.stepsPerSecond / hand.fixed.stepsPerSecond : 0
      : bfs ? f.distinctStatesPerSecond / bfs.fixed.distinctStatesPerSecond : 0;
    const rss = Math.max(f.maxRssBytes, s.buggy.maxRssBytes) / 2 ** 20;
    return `| ${ENGINE_LABELS[s.engine]} | ${si(f.stepsPerSecond)} | ${random ? si(f.tracesPerSecond) : '-'} | ${random ? '-' : si(f.distinctStatesPerSecond)} | ${ms(f.elapsedMs)} | ${ms(f.wallMs)} | ${rss.toFixed(0)} MiB | ${ms(s.buggy.elapsedMs)} | ${lengths(s)} | ${ratio(vsQuint)} | ${ratio(vsCeiling)} |`;
  });
  return [header, ...rows].join('\n');
}

/** The goals, one line each. */
export function formatTargets(r: Ratios): string {
  return r.targets.map((t) => `- ${t.met ? 'met' : 'NOT met'}: ${t.target}: ${t.measured}`).join('\n');
}

/**
 * The known-bad variants as a Markdown table: caught (within the expected length, per seed),
 * median time to the first violation, median and worst total time (the shortest proof
 * included), and how many counterexamples were proven shortest; then the medians line.
 */
export function formatCatches(rows: readonly CatchRow[], summary: CatchSummary): string {
  const header =
    '| model/variant | caught | first violation (median) | total (median) | total (max) | proven shortest |\n' +
    '|---|--:|--:|--:|--:|--:|';
  const lines = rows.map(
    (r) =>
      `| ${r.model}/${r.variant} | ${r.met}/${r.seeds} | ${ms(r.medianFirstMs)} | ${ms(r.medianTotalMs)} | ${ms(r.maxTotalMs)} | ${r.proven}/${r.seeds} |`,
  );
  const total = `| **median of ${summary.variants} variants** | ${summary.met}/${summary.checks} | **${ms(summary.medianFirstMs)}** | **${ms(summary.medianTotalMs)}** | ${ms(summary.maxTotalMs)} | ${summary.proven}/${summary.checks} |`;
  const misses = rows.flatMap((r) => r.missed.map((m) => `- missed ${r.model}/${r.variant} ${m}`));
  return [header, ...lines, total, ...(misses.length > 0 ? ['', ...misses] : [])].join('\n');
}

/** The catches goals, one line each. */
export function formatCatchTargets(summary: CatchSummary): string {
  return summary.targets.map((t) => `- ${t.met ? 'met' : 'NOT met'}: ${t.target}: ${t.measured}`).join('\n');
}
