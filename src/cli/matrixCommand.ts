import { availableParallelism } from 'node:os';
import { check, drawSeed } from '../check.ts';
import { resolveConfiguration } from '../configuration.ts';
import { EXIT, unreachable } from '../errors.ts';
import { coverageSummary } from '../coverage/format.ts';
import { withCoverageJson } from '../coverage/report.ts';
import { checkJson } from '../report/json.ts';
import { buildReport } from '../report/report.ts';
import type { RandomResult } from '../result.ts';
import type { CliDeps, Io } from './io.ts';
import { checkRowsInWorkers, type MatrixRow } from '../parallel/matrixPool.ts';
import { LIMITS, seedOption, wholeNumber, workersOption } from './options.ts';
import { wrap } from '../report/layout.ts';
import { stopIfInterrupted } from './partial.ts';

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

/**
 * `memcheck matrix`: every model x every variant, one row each, exit 1 unless all are met. The
 * rows are spread over worker threads (one a core by default); each row is the plain `check`
 * of that variant with the matrix's seed, so `check --seed S` replays any row alone.
 */
export function matrixCommand(
  deps: CliDeps,
  io: Io,
  flags: { json?: boolean; runs?: string; seed?: string; workers?: string; coverage?: boolean },
): number {
  const runs = wholeNumber('--runs', flags.runs, 1, LIMITS.runs);
  const seed = seedOption(flags.seed) ?? drawSeed();
  const workers = workersOption(flags.workers) ?? availableParallelism();
  const rows: MatrixRow[] = deps.registry.flatMap((model) =>
    model.variants.map((variant: { name: string }) => ({ model, configuration: resolveConfiguration(model, variant.name) })),
  );
  const results: (RandomResult | undefined)[] = rows.map(() => undefined);
  // columns sized to the longest model/variant name, the row kept within 80 columns
  const names = rows.map((r) => `${r.model.name}/${r.configuration.variant}`);
  const nameWidth = Math.min(46, Math.max(13, ...names.map((n) => n.length)) + 1);
  const foundWidth = 80 - nameWidth - 4;
  if (!flags.json) io.stdout(`${'MODEL/VARIANT'.padEnd(nameWidth)}${'FOUND'.padEnd(foundWidth + 1)}MET`);
  let printed = 0;
  deps.interrupt?.note(`seed ${seed}`);
  const stopIfAsked = () =>
    stopIfInterrupted(deps, io, () => [
      '',
      `interrupted after ${results.filter((r) => r !== undefined).length} of ${rows.length} rows, seed ${seed}`,
    ]);
  /** Print the rows done so far, in the table's order. */
  const flush = () => {
    for (let result = results[printed]; result !== undefined; result = results[++printed]) {
      if (flags.json) continue;
      // a long FOUND cell wraps onto continuation lines under its column, never cut
      const [first = '', ...rest] = wrap(verdictCell(result), '  ', foundWidth);
      const name = names[printed]!;
      const lead = name.length < nameWidth ? name.padEnd(nameWidth - 1) : `${name}\n${' '.repeat(nameWidth - 1)}`;
      io.stdout(`${lead} ${first.padEnd(foundWidth)} ${result.met ? 'yes' : 'NO'}`);
      for (const line of rest) io.stdout(`${' '.repeat(nameWidth)}${line}`);
      if (flags.coverage && result.coverage) io.stdout(wrap(`  cells: ${coverageSummary(result.coverage)}`, '    ').join('\n'));
    }
  };
  const options = { seed, ...(runs === undefined ? {} : { runs }) };
  if (workers > 1 && deps.registryModule !== undefined) {
    io.stderr(`checking ${rows.length} rows on ${Math.min(workers, rows.length)} worker threads ...`);
    checkRowsInWorkers(deps.registryModule, rows, options, workers, (row, result) => {
      results[row] = result;
      flush();
      stopIfAsked();
    });
  } else {
    for (const [row, { model, configuration }] of rows.entries()) {
      io.stderr(`checking row ${row + 1} of ${rows.length}: ${names[row]} ...`);
      stopIfAsked();
      results[row] = check(model, configuration, { ...options, onProgress: stopIfAsked });
      flush();
    }
  }
  const done = results.filter((r): r is RandomResult => r !== undefined);
  const met = done.filter((r) => r.met).length;
  if (flags.json) {
    const json = (result: RandomResult, row: number) => checkJson(buildReport(rows[row]!.model, result));
    io.stdout(JSON.stringify(done.map((result, row) => (flags.coverage ? withCoverageJson(json(result, row), result) : json(result, row))), null, 2));
  } else {
    io.stdout(`\n${met}/${done.length} expectations met, seed ${seed}`);
  }
  if (done.some((r) => r.outcome.kind === 'model-error')) return EXIT.modelError;
  return met === done.length ? EXIT.ok : EXIT.violation;
}
