import { fieldNames } from './coordinates.ts';
import { changeLines, fieldFilter, stateLines, type ChangeLine } from './fields.ts';
import type { Report } from './report.ts';
import { tellStory } from './story.ts';

/** A table cell: pipes escaped, line breaks as `<br>`, nothing cut. */
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', '<br>');
/** Prose in a cell: also no emphasis from `__free_page` or `*ptep`, no tags from `<`. */
const prose = (text: string) => cell(text.replaceAll('<', '&lt;').replace(/(^|[^\w\\])([_*]+)/g, (_m, before: string, marks: string) => `${before}${marks.replace(/[_*]/g, '\\$&')}`));
const code = (text: string) => (text === '' ? '' : `\`${cell(text)}\``);
/** The field cell: kernel words, and with `--verbose` the model paths behind them. */
const field = (line: ChangeLine) => `${code(line.path)}${line.raw === undefined ? '' : ` (${code(line.raw)})`}`;

/**
 * The same facts as the text report, as Markdown tables for a pull request or an issue: the
 * configuration, the initial state, one row per changed field of each step, the violation.
 */
export function formatMarkdown(report: Report): string {
  const story = tellStory(report);
  const filter = fieldFilter(report.model, report.verbose);
  const names = fieldNames(report.model, report.result.configuration.knobs, report.verbose);
  const out: string[] = [`## ${story.title}: ${story.verdict}`, ''];
  out.push('| | |', '|---|---|', `| knobs | ${code(story.knobs)} |`, `| scale | ${cell(story.scale)} |`);
  out.push(`| expected | ${cell(story.expectation)} |`);
  if (story.shortest) out.push(`| shortest | ${cell(story.shortest.replace(/^shortest: /, ''))} |`);
  if (story.finding) {
    out.push('', `**${story.finding.heading}**: ${prose(story.finding.meaning)}`, '', `> ${prose(story.finding.detail)}`);
  }
  if (story.trace) {
    out.push('', '### Initial state', '', '| field | value |', '|---|---|');
    for (const line of stateLines(story.trace.initial, filter, report.verbose, names)) out.push(`| ${field(line)} | ${code(line.value)} |`);
    const n = story.trace.steps.length;
    out.push('', `### ${n} step${n === 1 ? '' : 's'}`, '', '| # | step | field | change |', '|---|---|---|---|');
    const steps = story.trace.steps;
    for (const [i, s] of steps.entries()) {
      const before = i === 0 ? story.trace.initial : steps[i - 1]!.state;
      const { lines } = changeLines(s.changes, filter, names, { before, after: s.state });
      const first = `| ${i + 1} | ${prose(s.text)} |`;
      if (lines.length === 0) out.push(`${first} | |`);
      for (const [j, line] of lines.entries()) out.push(`${j === 0 ? first : '| | |'} ${field(line)} | ${code(line.value)} |`);
    }
    if (story.trace.disabledAt !== undefined) out.push('', `Step ${story.trace.disabledAt + 1} is no longer enabled.`);
    if (story.finding && !story.thrown) out.push('', `After step ${story.trace.steps.length}: **${story.finding.heading}** broken: ${prose(story.finding.detail)}`);
  }
  if (story.thrown) out.push('', `The step \`${story.thrown.text}\` threw:`, '', '```', story.thrown.stack, '```');
  if (story.unreached.length > 0) out.push('', `Witnesses never reached: ${story.unreached.join(', ')}`);
  out.push('', 'Replay:', '', '```', story.replay, '```', '', story.summary, '');
  return out.join('\n');
}
