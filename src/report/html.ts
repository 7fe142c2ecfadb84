import { fieldNames, type FieldNames } from './coordinates.ts';
import { changeLines, fieldFilter, type ChangeLine, type FieldFilter, type Segment } from './fields.ts';
import { formatValue } from './layout.ts';
import type { Report } from './report.ts';
import { tellStory } from './story.ts';
import { VIEWER_SCRIPT, VIEWER_STYLE } from './htmlAssets.ts';

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The path of a field as the trace writes it: `frames[1].slots[0].refcount`. */
const pathText = (path: readonly Segment[]) =>
  path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/** The kernel name of a node of the tree where the model names exactly that node (`pfn 5`), else ''. */
type NodeName = (path: readonly Segment[]) => string;

/** One line of the state tree, indented by depth; changed fields and their parents marked. */
function treeLines(value: unknown, path: readonly Segment[], changed: ReadonlySet<string>, name: NodeName, out: string[]): void {
  const here = pathText(path);
  const mark = changed.has(here) ? ' changed' : [...changed].some((c) => c.startsWith(here) && /^[.[]/.test(c.slice(here.length))) ? ' inside' : '';
  const key = path.length === 0 ? '' : typeof path.at(-1) === 'number' ? `[${String(path.at(-1))}]` : String(path.at(-1));
  const kernel = name(path);
  const label = `<span class="key">${escape(key)}</span>${kernel === '' ? '' : ` <span class="kernel">${escape(kernel)}</span>`}`;
  const pad = `style="padding-left:${Math.max(0, path.length - 1) * 1.5}em"`;
  const nested = value !== null && typeof value === 'object' && !(value instanceof Map) && !(value instanceof Set);
  // a small record or list with no change inside reads best on one line
  const oneLine = nested && mark !== ' inside' && path.length > 0 && formatValue(value).length <= 72;
  if (!nested || oneLine) {
    out.push(`<div class="field${mark}" data-path="${escape(here)}" ${pad}>${label}: ${escape(formatValue(value))}</div>`);
    return;
  }
  const entries: [Segment, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (path.length > 0) {
    const summary = entries.length === 0 ? `: ${Array.isArray(value) ? '[]' : '{}'}` : '';
    out.push(`<div class="field${mark}" data-path="${escape(here)}" ${pad}>${label}${summary}</div>`);
  }
  for (const [at, v] of entries) treeLines(v, [...path, at], changed, name, out);
}

function statePanel(state: unknown, changedPaths: readonly string[], filter: FieldFilter, names: FieldNames): string {
  const out: string[] = [];
  const name: NodeName = (path) => {
    const place = names.place(path, state);
    return place === undefined || place.of !== path.length ? '' : place.words.join('');
  };
  treeLines(filter.strip(state, []), [], new Set(changedPaths), name, out);
  return `<div class="state">${out.join('\n')}</div>`;
}

interface Entry {
  readonly label: string;
  readonly kind: 'initial' | 'step' | 'violation' | 'error' | 'verdict';
  readonly body: string;
}

function changesList(lines: readonly ChangeLine[]): string {
  if (lines.length === 0) return '<p class="quiet">no visible field changed</p>';
  const raw = (l: ChangeLine) => (l.raw === undefined ? '' : ` (<code>${escape(l.raw)}</code>)`);
  const items = lines.map((l) => `<li><code>${escape(l.path)}</code>${raw(l)}: <code>${escape(l.value)}</code></li>`);
  return `<h3>changes</h3><ul class="changes">${items.join('')}</ul>`;
}

/** The entries of the step list: the initial state, each step, and how the run ended. */
function entries(report: Report, filter: FieldFilter, names: FieldNames): Entry[] {
  const story = tellStory(report);
  const list: Entry[] = [];
  const trace = story.trace;
  if (trace) {
    list.push({ label: 'initial state', kind: 'initial', body: `<h2>initial state</h2>${statePanel(trace.initial, [], filter, names)}` });
    for (const [i, s] of trace.steps.entries()) {
      const before = i === 0 ? trace.initial : trace.steps[i - 1]!.state;
      const { lines } = changeLines(s.changes, filter, names, { before, after: s.state });
      const changed = s.changes.map((c) => c.path);
      list.push({
        label: `${i + 1}. ${s.text}`,
        kind: 'step',
        body: `<h2>step ${i + 1}: ${escape(s.text)}</h2>${changesList(lines)}<h3>state after step ${i + 1}</h3>${statePanel(s.state, changed, filter, names)}`,
      });
    }
  }
  const replay = `<h3>replay</h3><pre>${escape(story.replay)}</pre><p>${escape(story.summary)}</p>`;
  if (story.thrown) {
    list.push({
      label: `model error: ${story.thrown.text}`,
      kind: 'error',
      body: `<h2>model error</h2><p>${escape(story.thrown.text)} threw: ${escape(story.finding?.detail ?? '')}</p><pre>${escape(story.thrown.stack)}</pre>${replay}`,
    });
  } else if (story.finding) {
    const { heading, meaning, detail } = story.finding;
    list.push({
      label: `violated: ${heading}`,
      kind: 'violation',
      body: `<h2>violated: ${escape(heading)}</h2><p>${escape(meaning)}</p><p class="detail">${escape(detail)}</p>${story.shortest ? `<p>${escape(story.shortest)}</p>` : ''}${replay}`,
    });
  } else {
    const unreached = story.unreached.length > 0 ? `<p>witnesses never reached: ${escape(story.unreached.join(', '))}</p>` : '';
    list.push({ label: story.verdict, kind: 'verdict', body: `<h2>${escape(story.verdict)}</h2>${unreached}<p>${escape(story.summary)}</p>` });
  }
  return list;
}

/**
 * A self-contained trace viewer (no network, no external script or font): the steps on the
 * left, the state after the selected step on the right with the fields it changed marked, the
 * violated property last. Arrow keys or j/k move between steps; `#step=N` opens step N.
 */
export function formatHtml(report: Report): string {
  const story = tellStory(report);
  const filter = fieldFilter(report.model, report.verbose);
  const list = entries(report, filter, fieldNames(report.model, report.result.configuration.knobs, report.verbose));
  const steps = list.map(
    (e, i) => `<li class="entry ${e.kind}" data-step="${i}" id="entry-${i}" tabindex="-1">${escape(e.label)}</li>`,
  );
  const panels = list.map((e, i) => `<section class="panel" data-step="${i}" hidden>${e.body}</section>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escape(`${story.title}: ${story.verdict}`)}</title>
<style>${VIEWER_STYLE}</style>
</head>
<body>
<header>
<h1>${escape(story.title)}: <span class="verdict">${escape(story.verdict)}</span></h1>
<p>knobs: <code>${escape(story.knobs)}</code></p>
<p>scale: ${escape(story.scale)}</p>
<p>expected: ${escape(story.expectation)}</p>
<p class="quiet">keys: &darr;/j next step, &uarr;/k previous, Home/End first/last</p>
</header>
<main>
<ol id="steps">
${steps.join('\n')}
</ol>
<div id="panels">
${panels.join('\n')}
</div>
</main>
<script>${VIEWER_SCRIPT}</script>
</body>
</html>
`;
}
