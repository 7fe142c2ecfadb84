import { match } from 'ts-pattern';
import type { Configuration } from '../configuration.ts';
import { buildTrace } from '../trace.ts';
import type { AnyModel } from '../model.ts';
import { wrap } from '../report/layout.ts';
import type { DiffResult, OtherSide, PropertyDiff } from './diff.ts';

/** `proposal`, or `proposal+custom (hvo=keep2)` for hand-set knobs. */
export function sideName(configuration: Configuration): string {
  return configuration.overrides.length === 0 ? configuration.variant : `${configuration.variant} (${configuration.overrides.join(' ')})`;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function otherText(other: OtherSide, label: string): string {
  return match(other)
    .with({ kind: 'holds' }, () => `under ${label} the same steps all run and keep it`)
    .with({ kind: 'disabled' }, ({ step }) => `under ${label} step ${step} is not enabled: that design never gets there`)
    .with({ kind: 'violates' }, ({ step, message }) => `under ${label} the same steps break it too at step ${step} (${message}): its check missed it, so the two do not differ here`)
    .with({ kind: 'model-error' }, ({ step, message }) => `under ${label} the model threw at step ${step}: ${message}`)
    .exhaustive();
}

function separationLines(model: AnyModel, result: DiffResult, p: PropertyDiff): string[] {
  const s = p.separation;
  if (s === undefined) return [];
  const [mine, theirs] = s.side === 'a' ? (['A', 'B'] as const) : (['B', 'A'] as const);
  const configuration = s.side === 'a' ? result.a : result.b;
  const proven = s.shortest === undefined ? '' : s.shortest.kind === 'proven' ? ', proven shortest' : `, shortest not proven (none within ${s.shortest.exhaustiveTo})`;
  const lines = [`${p.property}: violated under ${mine} in ${s.actions.length} steps${proven}`, `  ${s.message}`];
  const trace = buildTrace(model, configuration.knobs, s.actions);
  for (const [i, step] of trace.steps.entries()) lines.push(`${String(i + 1).padStart(3)}  ${step.text}`);
  lines.push(`  ${otherText(s.other, theirs)}`);
  return lines;
}

/** The diff as plain text in 80 columns, ending with one summary line. */
export function formatDiff(model: AnyModel, result: DiffResult): string {
  const out: string[] = [];
  const add = (line: string, indent = '    ') => out.push(...wrap(line, indent));
  add(`diff ${result.model}: A = ${sideName(result.a)}, B = ${sideName(result.b)}`);
  const changed = Object.keys(result.a.knobs).filter((k) => result.a.knobs[k] !== result.b.knobs[k]);
  add(`knobs that differ: ${changed.map((k) => `${k} ${String(result.a.knobs[k])} -> ${String(result.b.knobs[k])}`).join(', ') || 'none'}`);
  out.push('');
  const width = Math.max(8, ...result.properties.map((p) => p.property.length));
  out.push(`${'PROPERTY'.padEnd(width)}  ${'A'.padEnd(11)}  B`);
  for (const p of result.properties) {
    out.push(`${p.property.padEnd(width)}  ${p.a.padEnd(11)}  ${p.b.padEnd(11)}${p.differs ? '  DIFFERS' : ''}`.trimEnd());
  }
  for (const p of result.properties.filter((x) => x.separation !== undefined)) {
    out.push('');
    for (const line of separationLines(model, result, p)) add(line, '       ');
  }
  if (result.witnesses.length > 0) {
    out.push('', 'witnesses reached by one side only:');
    for (const w of result.witnesses) add(`  ${w.name}: ${w.a ? 'A' : 'B'} reaches it, ${w.a ? 'B' : 'A'} never did`);
  }
  if (result.cells.length > 0) {
    out.push('', 'coverage cells (share of runs that hit each):');
    const cw = Math.max(...result.cells.map((c) => c.name.length));
    out.push(`  ${'CELL'.padEnd(cw)}  ${'A'.padStart(6)}  ${'B'.padStart(6)}`);
    for (const c of result.cells) out.push(`  ${c.name.padEnd(cw)}  ${percent(c.a).padStart(6)}  ${percent(c.b).padStart(6)}`);
  }
  const differing = result.properties.filter((p) => p.differs).length;
  out.push('');
  out.push(
    result.agree
      ? `${result.model}: A and B agree on ${result.properties.length} properties, seed ${result.seed}`
      : `${result.model}: A and B differ: ${differing} propert${differing === 1 ? 'y' : 'ies'}, ${result.witnesses.length} witness(es), seed ${result.seed}`,
  );
  return out.join('\n');
}

/** The diff as JSON: the configurations, each property's verdicts and separating steps. */
export function diffJson(model: AnyModel, result: DiffResult): unknown {
  const side = (c: Configuration) => ({ variant: c.variant, overrides: c.overrides, knobs: c.knobs });
  return {
    model: result.model,
    a: side(result.a),
    b: side(result.b),
    seed: result.seed,
    agree: result.agree,
    properties: result.properties.map((p) => {
      if (p.separation === undefined) return p;
      const configuration = p.separation.side === 'a' ? result.a : result.b;
      const trace = buildTrace(model, configuration.knobs, p.separation.actions);
      return { ...p, separation: { ...p.separation, length: p.separation.actions.length, steps: trace.steps.map((s) => s.text) } };
    }),
    witnesses: result.witnesses,
    cells: result.cells,
    checks: {
      a: result.checks.a.map((r) => ({ verdict: r.outcome.kind, runs: r.runs, properties: r.properties })),
      b: result.checks.b.map((r) => ({ verdict: r.outcome.kind, runs: r.runs, properties: r.properties })),
    },
    elapsedMs: Math.round(result.elapsedMs),
  };
}
