import { check } from '../../src/check.ts';
import { resolveConfiguration } from '../../src/configuration.ts';
import type { AnyModel } from '../../src/model.ts';
import { buildReport, type Report } from '../../src/report/report.ts';

/**
 * The report of a counterexample for a model's first known-bad variant, at a fixed seed and
 * without the shortest-proof search (these tests read reports, they do not time searches).
 */
export function firstBadReport(model: AnyModel, seed = 7): Report {
  const key = `${model.name}/${seed}`;
  const known = made.get(key);
  if (known !== undefined) return known;
  const variant = model.variants.find((v) => v.expect.kind === 'violates');
  if (variant === undefined) throw new Error(`${model.name} has no known-bad variant`);
  const result = check(model, resolveConfiguration(model, variant.name, []), { seed, exhaustive: { maxStates: 0 } });
  if (result.outcome.kind !== 'violated') throw new Error(`${model.name}/${variant.name}: ${result.outcome.kind}`);
  const report = buildReport(model, result);
  made.set(key, report);
  return report;
}

const made = new Map<string, Report>();
