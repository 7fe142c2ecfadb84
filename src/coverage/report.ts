import type { CheckResult } from '../result.ts';
import { formatCoverage, formatCoverageMarkdown } from './format.ts';

// The CLI's hooks: each returns its input unchanged for a model without cells.

/** The text report with the coverage table before its last line (the summary scripts grep). */
export function withCoverageText(text: string, result: CheckResult): string {
  if (result.coverage === undefined) return text;
  const lines = text.split('\n');
  const summary = lines.pop()!;
  return [...lines, ...formatCoverage(result.coverage), '', summary].join('\n');
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
