import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { counterexampleFile } from '../counterexampleFile.ts';
import { memcheckError } from '../errors.ts';
import type { AnyModel } from '../model.ts';
import { formatItf } from '../report/itf.ts';
import { formatMarkdown } from '../report/markdown.ts';
import { formatText } from '../report/text.ts';
import type { CheckResult } from '../result.ts';
import { buildTrace } from '../trace.ts';

/**
 * Write a check's reports into `dir`: text and Markdown always; for a counterexample also the
 * ITF trace and the JSON that `memcheck replay` reads. Returns the paths written.
 */
export function writeReports(dir: string, model: AnyModel, result: CheckResult): string[] {
  const stem = join(dir, `${model.name}-${result.configuration.variant}`);
  const files: [string, string][] = [
    [`${stem}.txt`, `${formatText(model, result)}\n`],
    [`${stem}.md`, formatMarkdown(model, result)],
  ];
  const file = counterexampleFile(model, result);
  if (file !== undefined) {
    const trace = buildTrace(model, result.configuration.knobs, file.actions);
    const description = `${file.failure.kind === 'violation' ? file.failure.property : 'model error'}: ${file.failure.message}`;
    files.push([`${stem}.itf.json`, `${JSON.stringify(formatItf(`${model.name}/${file.variant}`, description, trace), null, 1)}\n`]);
    files.push([`${stem}.counterexample.json`, `${JSON.stringify(file, null, 2)}\n`]);
  }
  try {
    mkdirSync(dir, { recursive: true });
    for (const [path, text] of files) writeFileSync(path, text);
  } catch (error) {
    throw memcheckError('MC006', `cannot write reports to ${dir}: ${(error as Error).message}`);
  }
  return files.map(([path]) => path);
}
