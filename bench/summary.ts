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
    distinctStatesPerSecond: median(samples.map((s) => rate(s.distinctStates, s.elapsedMs))),
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

/** One target of issue 8, with what was measured against it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** The ratios the issue asks for, each against its target. */
export interface Ratios {
  readonly randomVsQuint: number;
  readonly randomNoFreezeVsQuint: number;
  readonly randomVsHandLoop: number;
  readonly randomNoFreezeVsHandLoop: number;
  readonly exploreVsPackedBfs: number;
  readonly handLoopVsQuint: number;
  readonly quintLengthVsShortest: number;
  readonly targets: readonly TargetCheck[];
}

const fmt = (x: number) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2));

/** The ratios and target checks; every engine must be in the summaries. */
export function ratios(summaries: readonly EngineSummary[]): Ratios {
  const get = (engine: EngineName) => {
    const found = summaries.find((s) => s.engine === engine);
    if (found === undefined) throw new Error(`bench: no results for ${engine}`);
    return found;
  };
  const quint = get('quint');
  const hand = get('hand-loop');
  const random = get('engine-random');
  const noFreeze = get('engine-random-nofreeze');
  const explore = get('engine-explore');
  const bfs = get('packed-bfs');
  const div = (a: number, b: number) => (b > 0 ? a / b : 0);
  const best = Math.max(random.fixed.stepsPerSecond, noFreeze.fixed.stepsPerSecond);
  const shortest = bfs.buggy.medianLength;
  const r = {
    randomVsQuint: div(random.fixed.stepsPerSecond, quint.fixed.stepsPerSecond),
    randomNoFreezeVsQuint: div(noFreeze.fixed.stepsPerSecond, quint.fixed.stepsPerSecond),
    randomVsHandLoop: div(random.fixed.stepsPerSecond, hand.fixed.stepsPerSecond),
    randomNoFreezeVsHandLoop: div(noFreeze.fixed.stepsPerSecond, hand.fixed.stepsPerSecond),
    exploreVsPackedBfs: div(explore.fixed.distinctStatesPerSecond, bfs.fixed.distinctStatesPerSecond),
    handLoopVsQuint: div(hand.fixed.stepsPerSecond, quint.fixed.stepsPerSecond),
    quintLengthVsShortest: div(quint.buggy.medianLength, shortest),
  };
  const engineLengths = [...random.buggy.lengths, ...noFreeze.buggy.lengths, ...explore.buggy.lengths];
  // the better of the two random configurations is judged; both are shown
  const both = (a: number, b: number) => `${fmt(b)}x auto-freeze off, ${fmt(a)}x on`;
  const targets: TargetCheck[] = [
    { target: 'random steps/s >= 10x Quint', measured: both(r.randomVsQuint, r.randomNoFreezeVsQuint), met: best >= 10 * quint.fixed.stepsPerSecond },
    { target: 'random steps/s >= 1/3 of the hand loop', measured: both(r.randomVsHandLoop, r.randomNoFreezeVsHandLoop), met: 3 * best >= hand.fixed.stepsPerSecond },
    { target: 'exhaustive states/s >= 25% of packed BFS', measured: `${(100 * r.exploreVsPackedBfs).toFixed(1)}%`, met: r.exploreVsPackedBfs >= 0.25 },
    {
      target: `counterexamples at the shortest length (${shortest})`,
      measured: `engine ${[...new Set(engineLengths)].join('/')}`,
      met: engineLengths.length > 0 && engineLengths.every((l) => l === shortest),
    },
    { target: "Quint's counterexamples several times longer", measured: `${fmt(r.quintLengthVsShortest)}x (median ${quint.buggy.medianLength})`, met: r.quintLengthVsShortest >= 2 },
  ];
  return { ...r, targets };
}
