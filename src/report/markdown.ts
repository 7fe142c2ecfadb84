import type { Report } from './report.ts';
import { formatChange } from './text.ts';
import { tellStory } from './story.ts';

/** The same report as the text one, as Markdown for a pull request or an issue. */
export function formatMarkdown(report: Report): string {
  const story = tellStory(report);
  const out: string[] = [`## ${story.title}: ${story.verdict}`, ''];
  out.push(`- knobs: \`${story.knobs}\``, `- scale: ${story.scale}`, `- expected: ${story.expectation}`);
  if (story.finding) {
    out.push('', `**${story.finding.heading}**: ${story.finding.meaning}`, '', `> ${story.finding.detail}`);
  }
  if (story.shortest) out.push('', story.shortest);
  if (story.trace) {
    out.push('', '| # | step | changes |', '|---|---|---|');
    for (const [i, s] of story.trace.steps.entries()) {
      const changes = s.changes.map((c) => `\`${formatChange(c).replaceAll('|', '\\|')}\``).join('<br>');
      out.push(`| ${i + 1} | ${s.text.replaceAll('|', '\\|')} | ${changes} |`);
    }
  }
  if (story.thrown) out.push('', `The step \`${story.thrown.text}\` threw:`, '', '```', story.thrown.stack, '```');
  if (story.unreached.length > 0) out.push('', `Witnesses never reached: ${story.unreached.join(', ')}`);
  out.push('', 'Replay:', '', '```', story.replay, '```', '', story.summary, '');
  return out.join('\n');
}
