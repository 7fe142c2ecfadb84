import type { BenchVariant, EngineName, Sample } from './engines.ts';

/** The median of some numbers (the upper one of an even count); 0 for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** The medians of one engine on one variant over its repetitions. */
export interface VariantSummary {
  readonly runs: number;
  /** Every repetition's verdict: all the same when the engine is sound on the model. */
  readonly verdicts: readonly string[];
  readonly stepsPerSecond: number;
  readonly tracesPerSecond: number;
  readonly distinctStatesPerSecond: number;
  readonly distinctStates: number;
  /** The measured time of one repetition: all its work units, no process start-up. */
  readonly elapsedMs: number;
  readonly wallMs: number;
  readonly maxRssBytes: number;
  /** Counterexample lengths of every repetition, shortest first (none on a holding variant). */
  readonly lengths: readonly number[];
  readonly medianLength: number;
  /** One counterexample, to show what the engine reports. */
  readonly example: readonly string[];
}

export interface EngineSummary {
  readonly engine: EngineName;
  readonly fixed: VariantSummary;
  readonly buggy: VariantSummary;
}

const rate = (count: number, ms: number) => (ms > 0 ? (count * 1000) / ms : 0);

function summarise(samples: readonly Sample[]): VariantSummary {
  const lengths = samples.filter((s) => s.verdict === 'violated').map((s) => s.length).sort((a, b) => a - b);
  return {
    runs: samples.length,
    verdicts: samples.map((s) => s.verdict),
    stepsPerSecond: median(samples.map((s) => rate(s.steps, s.elapsedMs))),
    tracesPerSecond: median(samples.map((s) => rate(s.traces, s.elapsedMs))),
    // every unit of a search finds the same states again
    distinctStatesPerSecond: median(samples.map((s) => rate(s.distinctStates * s.units, s.elapsedMs))),
    distinctStates: median(samples.map((s) => s.distinctStates)),
    elapsedMs: median(samples.map((s) => s.elapsedMs)),
    wallMs: median(samples.map((s) => s.wallMs ?? 0)),
    maxRssBytes: median(samples.map((s) => s.maxRssBytes ?? 0)),
    lengths,
    medianLength: median(lengths),
    example: samples.find((s) => s.counterexample.length > 0)?.counterexample ?? [],
  };
}

/** Group samples by engine and variant, in the order the engines first appear. */
export function summariseAll(samples: readonly Sample[]): EngineSummary[] {
  const engines = [...new Set(samples.map((s) => s.engine))];
  const of = (engine: EngineName, variant: BenchVariant) => samples.filter((s) => s.engine === engine && s.variant === variant);
  return engines.map((engine) => ({ engine, fixed: summarise(of(engine, 'fixed')), buggy: summarise(of(engine, 'buggy')) }));
}

/** One goal, with what was measured against it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** The goals of the issue "Engine v2" ("Figures to reach") for the three headline ratios. */
export const GOALS = {
  /** engine-random (fast mode) steps/s over the hand-written loop's */
  randomVsHandLoop: 1 / 3,
  /** engine-random (fast mode) steps/s over Quint's simulator's steady rate */
  randomVsQuint: 25,
  /** engine-explore distinct states/s over the hand-packed BFS's */
  exploreVsPackedBfs: 0.25,
} as const;

/** The ratios of the engines' medians, each goal against what was measured. */
export interface Ratios {
  /** The three headline ratios, with goals in GOALS. */
  readonly randomVsHandLoop: number;
  readonly randomVsQuint: number;
  readonly exploreVsPackedBfs: number;
  /** The same for checked mode (immer with auto-freeze), shown beside; no goal. */
  readonly randomCheckedVsHandLoop: number;
  readonly randomCheckedVsQuint: number;
  readonly handLoopVsQuint: number;
  /** Quint's median counterexample length over the shortest (packed BFS's). */
  readonly quintLengthVsShortest: number;
  readonly targets: readonly TargetCheck[];
}

const fmt = (x: number) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2));

/** The ratios and goal checks; every engine must be in the summaries. */
export function ratios(summaries: readonly EngineSummary[]): Ratios {
  const get = (engine: EngineName) => {
    const found = summaries.find((s) => s.engine === engine);
    if (found === undefined) throw new Error(`bench: no results for ${engine}`);
    return found;
  };
  const quint = get('quint');
  const hand = get('hand-loop');
  const random = get('engine-random');
  const checked = get('engine-random-checked');
  const explore = get('engine-explore');
  const bfs = get('packed-bfs');
  const div = (a: number, b: number) => (b > 0 ? a / b : 0);
  const shortest = bfs.buggy.medianLength;
  const r = {
    randomVsHandLoop: div(random.fixed.stepsPerSecond, hand.fixed.stepsPerSecond),
    randomVsQuint: div(random.fixed.stepsPerSecond, quint.fixed.stepsPerSecond),
    exploreVsPackedBfs: div(explore.fixed.distinctStatesPerSecond, bfs.fixed.distinctStatesPerSecond),
    randomCheckedVsHandLoop: div(checked.fixed.stepsPerSecond, hand.fixed.stepsPerSecond),
    randomCheckedVsQuint: div(checked.fixed.stepsPerSecond, quint.fixed.stepsPerSecond),
    handLoopVsQuint: div(hand.fixed.stepsPerSecond, quint.fixed.stepsPerSecond),
    quintLengthVsShortest: div(quint.buggy.medianLength, shortest),
  };
  const engineLengths = [...random.buggy.lengths, ...checked.buggy.lengths, ...explore.buggy.lengths];
  const targets: TargetCheck[] = [
    {
      target: `random steps/s >= ${fmt(GOALS.randomVsHandLoop)} of the hand loop`,
      measured: `${fmt(r.randomVsHandLoop)}x (checked mode ${fmt(r.randomCheckedVsHandLoop)}x)`,
      met: r.randomVsHandLoop >= GOALS.randomVsHandLoop,
    },
    {
      target: `random steps/s >= ${GOALS.randomVsQuint}x Quint`,
      measured: `${fmt(r.randomVsQuint)}x (checked mode ${fmt(r.randomCheckedVsQuint)}x)`,
      met: r.randomVsQuint >= GOALS.randomVsQuint,
    },
    {
      target: `exhaustive states/s >= ${100 * GOALS.exploreVsPackedBfs}% of packed BFS`,
      measured: `${(100 * r.exploreVsPackedBfs).toFixed(1)}%`,
      met: r.exploreVsPackedBfs >= GOALS.exploreVsPackedBfs,
    },
    {
      target: `counterexamples at the shortest length (${shortest})`,
      measured: `engine ${[...new Set(engineLengths)].join('/')}`,
      met: engineLengths.length > 0 && engineLengths.every((l) => l === shortest),
    },
    { target: "Quint's counterexamples several times longer", measured: `${fmt(r.quintLengthVsShortest)}x (median ${quint.buggy.medianLength})`, met: r.quintLengthVsShortest >= 2 },
  ];
  return { ...r, targets };
}
