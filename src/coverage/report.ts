import type { CheckResult } from '../result.ts';
import { formatCoverage, formatCoverageMarkdown } from './format.ts';

// The CLI's hooks: each returns its input unchanged for a model without cells.

/**
 * The text report with the coverage table before its summary (the last lines, which scripts
 * grep). A counterexample's report leaves it out: the steps are what a mail needs; JSON and
 * Markdown keep it.
 */
export function withCoverageText(text: string, result: CheckResult): string {
  if (result.coverage === undefined || result.outcome.kind === 'violated') return text;
  const lines = text.split('\n');
  let at = lines.length - 1;
  while (at > 0 && !lines[at]!.startsWith(`${result.model}/`)) at--;
  const split = at > 0 ? at : lines.length - 1;
  return [...lines.slice(0, split), ...formatCoverage(result.coverage), '', ...lines.slice(split)].join('\n');
}

/** The Markdown report with the coverage table at its end. */
export function withCoverageMarkdown(markdown: string, result: CheckResult): string {
  if (result.coverage === undefined) return markdown;
  return `${markdown.trimEnd()}\n\n### Coverage\n\n${formatCoverageMarkdown(result.coverage)}\n`;
}

/** The JSON object with a `coverage` field. */
export function withCoverageJson<J extends object>(json: J, result: CheckResult): J {
  return result.coverage === undefined ? json : { ...json, coverage: result.coverage };
}
