import type { Report } from './report.ts';
import { WIDTH, wrap } from './layout.ts';
import { fieldNames } from './coordinates.ts';
import { changeLines, fieldFilter, stateLines, type ChangeLine } from './fields.ts';
import { tellStory } from './story.ts';

/** `pfn 5 refcount: 0 -> 1`; verbose: `pfn 5 refcount (frames[1].slots[1].refcount): 0 -> 1` */
export function formatChange(line: ChangeLine): string {
  return `${line.path}${line.raw === undefined ? '' : ` (${line.raw})`}: ${line.value}`;
}

/** A shell command in 80 columns: broken at spaces with `\` continuations, never mid-word. */
export function commandLines(command: string): string[] {
  if (command.length <= WIDTH) return [command];
  return wrap(command, '    ', WIDTH - 2).map((line, i, all) => (i < all.length - 1 ? `${line} \\` : line));
}

/**
 * The plain-text report of a check, for a linux-mm mail: fits 80 columns without cutting a
 * value; the initial state, then each step in kernel words with the fields it changed, element
 * by element and in kernel coordinates where the model gives them (bookkeeping hidden unless
 * verbose); the replay command and the summary line.
 */
export function formatText(report: Report): string {
  const { result } = report;
  const story = tellStory(report);
  const filter = fieldFilter(report.model, report.verbose);
  const names = fieldNames(report.model, result.configuration.knobs, report.verbose);
  const out: string[] = [];
  const add = (line: string, indent = '    ') => out.push(...wrap(line, indent));
  add(`${story.title}: ${story.verdict}`);
  add(`knobs: ${story.knobs}`, '       ');
  add(`scale: ${story.scale}`, '       ');
  add(`expected: ${story.expectation}`, '          ');
  if (story.finding) {
    out.push('');
    add(`${story.finding.heading}: ${story.finding.meaning}`);
    add(`  ${story.finding.detail}`);
  }
  if (story.shortest) add(story.shortest);
  let hidden = 0;
  if (story.trace) {
    out.push('', 'initial state:');
    for (const line of stateLines(story.trace.initial, filter, report.verbose, names)) add(`  ${formatChange(line)}`, '      ');
    if (!report.verbose) out.push('  (fields at 0, false or none left out; --verbose shows all)');
    const steps = story.trace.steps;
    const count = `${steps.length} step${steps.length === 1 ? '' : 's'}:`;
    const none = story.thrown ? 'it threw on the first step' : 'the initial state already breaks it';
    out.push('', steps.length === 0 ? none : count);
    for (const [i, s] of steps.entries()) {
      add(`${String(i + 1).padStart(3)}  ${s.text}`, '       ');
      const before = i === 0 ? story.trace.initial : steps[i - 1]!.state;
      const changes = changeLines(s.changes, filter, names, { before, after: s.state });
      hidden += changes.hidden;
      for (const line of changes.lines) add(`       ${formatChange(line)}`, '           ');
    }
    if (story.trace.disabledAt !== undefined) add(`step ${story.trace.disabledAt + 1} is no longer enabled`);
    if (story.finding && !story.thrown) add(`  =>  ${story.finding.heading}: ${story.finding.detail}`, '       ');
  }
  if (story.thrown) {
    add(`  =>  ${story.thrown.text} threw`, '       ');
    for (const line of story.thrown.stack.split('\n').filter((l) => l !== '')) add(line, '        ');
  }
  if (hidden > 0) {
    add(`(${hidden} bookkeeping change(s) hidden: ${(report.model.bookkeeping ?? []).join(', ')}; --verbose shows them)`, ' ');
  }
  if (story.unreached.length > 0) {
    out.push('');
    add(`witnesses never reached: ${story.unreached.join(', ')}`);
  }
  out.push('');
  if (result.outcome.kind === 'violated' || result.outcome.kind === 'model-error') {
    out.push('replay:', ...commandLines(story.replay));
  }
  add(story.summary);
  return out.join('\n');
}
