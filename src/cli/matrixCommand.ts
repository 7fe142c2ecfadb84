import { check } from '../check.ts';
import { resolveConfiguration } from '../configuration.ts';
import { unreachable } from '../errors.ts';
import { checkJson } from '../report/json.ts';
import { buildReport } from '../report/report.ts';
import type { RandomResult } from '../result.ts';
import type { CliDeps, Io } from './io.ts';
import { seedOption, wholeNumber } from './options.ts';

function verdictCell(result: RandomResult): string {
  const o = result.outcome;
  switch (o.kind) {
    case 'holds':
      return `holds (${result.runs} runs)`;
    case 'vacuous':
      return `vacuous (${o.unreached.join(', ')})`;
    case 'violated':
      return `${o.counterexample.property} in ${o.counterexample.actions.length}`;
    case 'model-error':
      return `model error: ${o.failure.message}`;
    default:
      return unreachable(o);
  }
}

/** `memcheck matrix`: every model x every variant, one row each, exit 1 unless all are met. */
export function matrixCommand(
  deps: CliDeps,
  io: Io,
  flags: { json?: boolean; runs?: string; seed?: string },
): number {
  const runs = wholeNumber('--runs', flags.runs);
  const seed = seedOption(flags.seed) ?? (Math.random() * 0x7fffffff) | 0;
  const results: { model: (typeof deps.registry)[number]; result: RandomResult }[] = [];
  // columns sized to the longest model/variant name, the row kept within 80 columns
  const names = deps.registry.flatMap((m) => m.variants.map((v: { name: string }) => `${m.name}/${v.name}`));
  const nameWidth = Math.min(46, Math.max(13, ...names.map((n) => n.length)) + 1);
  const foundWidth = 80 - nameWidth - 4;
  if (!flags.json) io.stdout(`${'MODEL/VARIANT'.padEnd(nameWidth)}${'FOUND'.padEnd(foundWidth + 1)}MET`);
  for (const model of deps.registry) {
    for (const variant of model.variants) {
      io.stderr(`checking ${model.name}/${variant.name} ...`);
      const result = check(model, resolveConfiguration(model, variant.name), {
        seed,
        ...(runs === undefined ? {} : { runs }),
      });
      results.push({ model, result });
      if (!flags.json) {
        const name = `${model.name}/${variant.name}`.padEnd(nameWidth - 1);
        const found = verdictCell(result).slice(0, foundWidth).padEnd(foundWidth);
        io.stdout(`${name} ${found} ${result.met ? 'yes' : 'NO'}`);
      }
    }
  }
  const met = results.filter((r) => r.result.met).length;
  if (flags.json) {
    io.stdout(JSON.stringify(results.map((r) => checkJson(buildReport(r.model, r.result))), null, 2));
  } else {
    io.stdout(`\n${met}/${results.length} expectations met, seed ${seed}`);
  }
  return met === results.length ? 0 : 1;
}
