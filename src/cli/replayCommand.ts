import { readFileSync } from 'node:fs';
import { parseCounterexample } from '../counterexampleFile.ts';
import { EXIT, memcheckError } from '../errors.ts';
import { replayCounterexample } from '../replay.ts';
import { checkJson } from '../report/json.ts';
import { buildReport } from '../report/report.ts';
import { formatText } from '../report/text.ts';
import { wrap } from '../report/layout.ts';
import type { CliDeps, Io } from './io.ts';
import { findModel } from './options.ts';

/**
 * `memcheck replay FILE`: re-check a recorded counterexample. Exit 1 when it still breaks the
 * property (reproduced; 3 for a reproduced model error), 0 when the model no longer
 * reproduces it, 2 for a bad file (unknown model, variant or knob included).
 */
export function replayFileCommand(deps: CliDeps, io: Io, path: string, flags: { json?: boolean; verbose?: boolean }): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw memcheckError('MC006', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const file = parseCounterexample(text, path);
  const model = findModel(deps.registry, file.model);
  const replay = replayCounterexample(model, file);
  const report = buildReport(model, replay.result, { verbose: flags.verbose === true });
  if (flags.json) {
    io.stdout(JSON.stringify({ reproduced: replay.reproduced, detail: replay.detail, ...checkJson(report) }, null, 2));
  } else {
    io.stdout(formatText(report));
    io.stdout(wrap(replay.detail, '    ').join('\n'));
  }
  if (!replay.reproduced) return EXIT.ok;
  return replay.result.outcome.kind === 'model-error' ? EXIT.modelError : EXIT.violation;
}
