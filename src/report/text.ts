import type { Report } from './report.ts';
import type { Change } from '../trace.ts';
import { WIDTH, formatValue, wrap } from './layout.ts';
import { tellStory } from './story.ts';

/** `objects[0].refcount: 1 -> 2` */
export function formatChange(change: Change): string {
  if (!('before' in change)) return `${change.path}: + ${formatValue(change.after)}`;
  if (!('after' in change)) return `${change.path}: - ${formatValue(change.before)}`;
  return `${change.path}: ${formatValue(change.before)} -> ${formatValue(change.after)}`;
}

/** A shell command in 80 columns: broken at spaces with `\` continuations, never mid-word. */
export function commandLines(command: string): string[] {
  if (command.length <= WIDTH) return [command];
  return wrap(command, '    ', WIDTH - 2).map((line, i, all) => (i < all.length - 1 ? `${line} \\` : line));
}

/**
 * The plain-text report of a check: fits 80 columns, names the steps in kernel words, shows
 * the fields each step changed, and ends with the replay command and the summary line.
 */
export function formatText(report: Report): string {
  const { result } = report;
  const story = tellStory(report);
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
  if (story.trace) {
    const steps = story.trace.steps;
    out.push('', steps.length === 0 ? 'the initial state already breaks it' : `${steps.length} steps:`);
    for (const [i, s] of steps.entries()) {
      add(`${String(i + 1).padStart(3)}  ${s.text}`, '       ');
      for (const change of s.changes) add(`       ${formatChange(change)}`, '         ');
    }
    if (story.trace.disabledAt !== undefined) add(`step ${story.trace.disabledAt + 1} is no longer enabled`);
  }
  if (story.thrown) {
    add(`  ->  ${story.thrown.text} threw`, '       ');
    if (story.thrown.stack) out.push(...story.thrown.stack.split('\n').map((l) => l.slice(0, 80)));
  }
  if (story.unreached.length > 0) {
    out.push('');
    add(`witnesses never reached: ${story.unreached.join(', ')}`);
  }
  out.push('');
  if (result.outcome.kind === 'violated' || result.outcome.kind === 'model-error') {
    out.push('replay:', ...commandLines(story.replay));
  }
  out.push(story.summary); // one line, never wrapped: it is what scripts grep
  return out.join('\n');
}
