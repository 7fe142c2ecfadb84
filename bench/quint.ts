import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSpec, Sample } from './engines.ts';
import { runNode } from './spawn.ts';

const SPEC = fileURLToPath(new URL('./folios.qnt', import.meta.url));
const WRAPPER = fileURLToPath(new URL('./quintChild.mjs', import.meta.url));

/** The `quint run` arguments for one measurement: the simulator, never the Rust binary. */
export function quintArgs(spec: RunSpec, itf: string): string[] {
  return [
    'run', '--backend', 'typescript', '--main', spec.variant, '--invariant', 'inv',
    '--max-samples', String(spec.traces), '--max-steps', String(spec.steps),
    '--seed', String(spec.seed), '--out-itf', itf, SPEC,
  ];
}

/** Quint's closing line, e.g. `[ok] No violation found (18105ms at 55 traces/second).` */
const VERDICT = /\[(ok|violation)\][^(]*\((\d+)ms at/;
/** States per trace, the initial one included: `Trace length statistics: ... average=21.00`. */
const AVERAGE = /Trace length statistics:.*average=([\d.]+)/;
const MAX_RSS = /@@bench-max-rss (\d+)/;

/**
 * Run Quint's simulator once, as a process of its own, on bench/folios.qnt. The time is
 * Quint's own simulation time (parsing and type checking left out, to its advantage); the
 * wall time beside it has them. A counterexample's length is its ITF trace's states minus
 * the initial one.
 */
async function runQuintOnce(spec: RunSpec): Promise<Sample> {
  if (spec.folios !== 4) throw new Error('bench: bench/folios.qnt instantiates 4 folios');
  const dir = mkdtempSync(join(tmpdir(), 'bench-quint-'));
  try {
    const itf = join(dir, 'trace.itf.json');
    const out = await runNode([WRAPPER, ...quintArgs(spec, itf)]);
    const text = out.stdout + out.stderr;
    const verdict = VERDICT.exec(text);
    if (verdict === null) throw new Error(`bench: quint exited ${out.code} without a verdict:\n${text.slice(-2000)}`);
    const violated = verdict[1] === 'violation';
    const elapsedMs = Number(verdict[2]);
    const maxRss = MAX_RSS.exec(out.stderr);
    let length = 0;
    if (violated) {
      const trace = JSON.parse(readFileSync(itf, 'utf8')) as { states: unknown[] };
      length = trace.states.length - 1;
    }
    // Every trace of the fixed variant runs to --max-steps (the model is never stuck), and
    // Quint's statistics say so; the buggy run stops at its first violating trace.
    const average = AVERAGE.exec(text);
    const traces = violated ? 0 : spec.traces;
    const steps = violated ? 0 : Math.round(traces * (average === null ? spec.steps : Number(average[1]) - 1));
    return {
      engine: 'quint',
      variant: spec.variant,
      verdict: violated ? 'violated' : 'holds',
      steps,
      traces,
      distinctStates: 0,
      units: 1,
      elapsedMs,
      length,
      counterexample: [],
      ...(maxRss === null ? {} : { maxRssBytes: Number(maxRss[1]) }),
      wallMs: out.wallMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs of growing size at most, before the measurement gives up on reaching `minMs`. */
const MAX_QUINT_RUNS = 4;

/**
 * Quint's simulator, measured. Without `minMs` (or on the buggy variant): one `quint run`.
 * With it, Quint's steady rate apart from its start-up: a first run of `traces` traces, then
 * runs of more traces on the same seed, sized from the rate so far, until the later run took
 * at least `minMs` longer than the first; the rate is the difference of the two in steps over
 * the difference in Quint's own time. Parsing and type checking are never in Quint's time, and
 * whatever fixed cost its timer does hold (building the evaluator, the first traces' warm-up)
 * is in both runs and cancels out. The runs are kept in `quintRuns`.
 */
export async function runQuint(spec: RunSpec): Promise<Sample> {
  const minMs = spec.variant === 'fixed' ? (spec.minMs ?? 0) : 0;
  const first = await runQuintOnce(spec);
  if (minMs <= 0 || first.verdict !== 'holds') return first;
  const runs = [first];
  let last = first;
  while (runs.length < MAX_QUINT_RUNS) {
    // Quint's rate in traces a millisecond: after one run, that run's, which its fixed cost
    // makes low, so aim well past `minMs`; after two, the rate of the difference
    const marginal = last !== first && last.elapsedMs > first.elapsedMs;
    const perMs = marginal ? (last.traces - first.traces) / (last.elapsedMs - first.elapsedMs) : first.traces / Math.max(first.elapsedMs, 1);
    const extra = Math.ceil((marginal ? 1.25 : 2.5) * minMs * perMs);
    const traces = first.traces + Math.max(extra, last.traces - first.traces + 1);
    last = await runQuintOnce({ ...spec, traces });
    runs.push(last);
    if (last.verdict !== 'holds') return last;
    if (last.elapsedMs - first.elapsedMs >= minMs) break;
  }
  // a difference of two runs; should the later one not have taken longer, the later run alone
  const diff = last.elapsedMs - first.elapsedMs > 0;
  return {
    ...last,
    steps: diff ? last.steps - first.steps : last.steps,
    traces: diff ? last.traces - first.traces : last.traces,
    elapsedMs: diff ? last.elapsedMs - first.elapsedMs : last.elapsedMs,
    maxRssBytes: Math.max(...runs.map((r) => r.maxRssBytes ?? 0)),
    wallMs: runs.reduce((sum, r) => sum + (r.wallMs ?? 0), 0),
    quintRuns: runs.map((r) => ({ traces: r.traces, steps: r.steps, elapsedMs: r.elapsedMs, wallMs: r.wallMs ?? 0 })),
  };
}
