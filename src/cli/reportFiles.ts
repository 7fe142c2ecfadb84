import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { counterexampleFile } from '../counterexampleFile.ts';
import { memcheckError } from '../errors.ts';
import { withCoverageMarkdown } from '../coverage/report.ts';
import { formatHtml } from '../report/html.ts';
import { formatItf } from '../report/itf.ts';
import { formatMarkdown } from '../report/markdown.ts';
import type { Report } from '../report/report.ts';
import { formatText } from '../report/text.ts';

/** One file of a report set: its suffix after the stem, and its text (`undefined`: not for this result). */
interface ReportEntry {
  readonly suffix: string;
  readonly text: (report: Report) => string | undefined;
}

/** The ITF trace and the replayable file exist only for a counterexample (a violation or a model error). */
function itfText(report: Report): string | undefined {
  const file = counterexampleFile(report.model, report.result);
  if (file === undefined || report.trace === undefined) return undefined;
  const description = `${file.failure.kind === 'violation' ? file.failure.property : 'model error'}: ${file.failure.message}`;
  return `${JSON.stringify(formatItf(`${report.model.name}/${file.variant}`, description, report.trace), null, 1)}\n`;
}

function counterexampleText(report: Report): string | undefined {
  const file = counterexampleFile(report.model, report.result);
  return file === undefined ? undefined : `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Every file a report set may hold, in the order written. A file of the set that this result
 * does not produce is removed, so a re-run never leaves a stale one beside the new ones.
 */
export const REPORT_SET: readonly ReportEntry[] = [
  { suffix: '.txt', text: (report) => `${formatText(report)}\n` },
  { suffix: '.md', text: (report) => withCoverageMarkdown(formatMarkdown(report), report.result) },
  { suffix: '.html', text: (report) => formatHtml(report) },
  { suffix: '.itf.json', text: itfText },
  { suffix: '.counterexample.json', text: counterexampleText },
];

/** The stem every file of a check's report set shares: `<model>-<variant>`. */
export const reportStem = (report: Report) => `${report.model.name}-${report.result.configuration.variant}`;

/**
 * Write a check's report set into `dir` (already checked by `reportDirOption`) as a whole:
 * every file to a temporary name first, then each renamed over its final name, then the
 * set's files this result does not produce removed. A write error removes the temporary files
 * and leaves the previous set as it was. Returns the paths written.
 */
export function writeReports(dir: string, report: Report): string[] {
  const stem = join(dir, reportStem(report));
  const produced = REPORT_SET.map((entry) => ({ path: `${stem}${entry.suffix}`, text: entry.text(report) }));
  const written = produced.filter((f): f is { path: string; text: string } => f.text !== undefined);
  const temporary = (path: string) => `${path}.${process.pid}.tmp`;
  try {
    for (const { path, text } of written) writeFileSync(temporary(path), text);
  } catch (error) {
    for (const { path } of written) rmSync(temporary(path), { force: true });
    throw memcheckError('MC010', `cannot write reports to ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  for (const { path } of written) renameSync(temporary(path), path);
  for (const { path, text } of produced) if (text === undefined) rmSync(path, { force: true });
  return written.map(({ path }) => path);
}
