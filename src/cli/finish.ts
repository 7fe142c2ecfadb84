import { withCoverageJson, withCoverageText } from '../coverage/report.ts';
import { EXIT } from '../errors.ts';
import { checkJson } from '../report/json.ts';
import { wrap } from '../report/layout.ts';
import { buildReport } from '../report/report.ts';
import { summaryLine } from '../report/story.ts';
import { formatText } from '../report/text.ts';
import { exitStatus, type CheckResult } from '../result.ts';
import type { AnyModel } from '../model.ts';
import type { Io } from './io.ts';
import { writeReports } from './reportFiles.ts';

/**
 * The CLI's exit status for a result: a model error (a guard, recipe or property threw) is 3,
 * whatever the variant expected; otherwise 0 when met (or holds), 1 when not.
 */
export function cliStatus(result: CheckResult): number {
  return result.outcome.kind === 'model-error' ? EXIT.modelError : exitStatus(result);
}

/** The summary line wrapped to 80 columns, for stderr. */
export const wrappedSummary = (result: CheckResult) => wrap(summaryLine(result), '    ').join('\n');

/**
 * Print a finished check (text, or JSON with the summary on stderr), write its report set when
 * `--report` was given, and return the exit status. `extra` lines follow the text report.
 */
export function finishCheck(
  io: Io,
  model: AnyModel,
  result: CheckResult,
  flags: { readonly json?: boolean; readonly report?: string; readonly verbose?: boolean },
  extra: readonly string[] = [],
): number {
  const report = buildReport(model, result, { verbose: flags.verbose === true });
  if (flags.json) {
    io.stdout(JSON.stringify(withCoverageJson(checkJson(report), result), null, 2));
    io.stderr(wrappedSummary(result));
  } else {
    io.stdout([withCoverageText(formatText(report), result), ...(extra.length === 0 ? [] : ['', ...extra])].join('\n'));
  }
  if (flags.report !== undefined) {
    for (const file of writeReports(flags.report, report)) io.stderr(`wrote ${file}`);
  }
  return cliStatus(result);
}
