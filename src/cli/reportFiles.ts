import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { counterexampleFile } from '../counterexampleFile.ts';
import { memcheckError } from '../errors.ts';
import { formatHtml } from '../report/html.ts';
import { formatItf } from '../report/itf.ts';
import { formatMarkdown } from '../report/markdown.ts';
import type { Report } from '../report/report.ts';
import { formatText } from '../report/text.ts';

/**
 * Write a check's reports into `dir`: text and Markdown always; for a counterexample also the
 * ITF trace and the JSON that `memcheck replay` reads. Returns the paths written.
 */
export function writeReports(dir: string, report: Report): string[] {
  const { model, result, trace } = report;
  const stem = join(dir, `${model.name}-${result.configuration.variant}`);
  const files: [string, string][] = [
    [`${stem}.txt`, `${formatText(report)}\n`],
    [`${stem}.md`, formatMarkdown(report)],
    [`${stem}.html`, formatHtml(report)],
  ];
  const file = counterexampleFile(model, result);
  if (file !== undefined && trace !== undefined) {
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
