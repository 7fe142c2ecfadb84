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
export async function runQuint(spec: RunSpec): Promise<Sample> {
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
