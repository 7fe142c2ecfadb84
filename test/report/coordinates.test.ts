import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import type { AnyModel } from '../../src/model.ts';
import { fieldNames } from '../../src/report/coordinates.ts';
import { changeLines, fieldFilter, pathSegments, stateLines } from '../../src/report/fields.ts';
import { formatHtml } from '../../src/report/html.ts';
import { checkJson } from '../../src/report/json.ts';
import { formatMarkdown } from '../../src/report/markdown.ts';
import { buildReport, type Report } from '../../src/report/report.ts';
import { formatText } from '../../src/report/text.ts';
import { diffStates } from '../../src/trace.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';
import { firstBadReport } from './counterexamples.ts';

const model = (name: string) => registry.find((m) => m.name === name)!;
const knobsOf = (report: Report) => report.result.configuration.knobs;

/** The step lines' indented change lines of a text report. */
const changeLinesOf = (text: string) => text.split('\n').filter((l) => /^ {7}\S/.test(l));

describe('kernel coordinates in reports', () => {
  const vmemmap = firstBadReport(model('vmemmap'));

  it('should name a struct page by its pfn where the report showed frames[..].slots[..]', () => {
    const text = formatText(vmemmap);
    const lines = changeLinesOf(text);
    // alloc_page() -> pfn N: the refcount of pfn N's struct page, not of a frame slot
    const pfn = /alloc_page\(\) -> pfn (\d+)/.exec(text)?.[1];
    expect(pfn, text).toBeDefined();
    expect(lines).toContain(`       pfn ${pfn} refcount: 0 -> 1`);
    expect(lines).toContain('       pfn 1..15 compoundHead: 0 (new)');
    expect(lines.filter((l) => /^ +(frames|vmemmap|walker|rcu)[.[]/.test(l))).toEqual([]);
    expect(text).toMatch(/^ {2}frame 0\.\.3: \{kind: vmemmap/m); // the initial state too
  });

  it('should give the model paths beside kernel words with --verbose, and keep them in JSON', () => {
    const verbose = formatText(buildReport(vmemmap.model, vmemmap.result, { verbose: true }));
    expect(verbose).toMatch(/^ {7}pfn \d+ refcount \(frames\[1\]\.slots\[\d\]\.refcount\): 0 -> 1$/m);
    expect(verbose).toContain('pfn 1..15 compoundHead (frames[0].slots[1..3].compoundHead,');
    const json = JSON.stringify(checkJson(vmemmap));
    expect(json).toMatch(/"path":"frames\[1\]\.slots\[\d\]\.refcount"/);
    expect(json).not.toContain('pfn 1..15');
  });

  it('should read a name in the state: after HVO remaps, one slot of frame 0 is the struct page of four pfns', () => {
    const steps = vmemmap.trace!.steps;
    const remapped = steps.find((s) => s.text.includes('vmemmap_remap_free'))!;
    const names = fieldNames(vmemmap.model, knobsOf(vmemmap), false);
    const label = (state: unknown) => names.label(pathSegments('frames[0].slots[1].refcount'), state).join('');
    expect(label(vmemmap.trace!.initial)).toBe('pfn 1 refcount');
    expect(label(remapped.state)).toBe('pfn 1,5,9,13 refcount');
    expect(names.label(pathSegments('frames[2].slots[1]'), remapped.state).join('')).toBe('frame 2 slot 1'); // freed frame
  });

  it('should use them in the Markdown tables and the viewer', () => {
    const text = formatText(vmemmap);
    const pfn = /alloc_page\(\) -> pfn (\d+)/.exec(text)![1];
    const md = formatMarkdown(vmemmap);
    expect(md).toContain(`| \`pfn ${pfn} refcount\` | \`0 -> 1\` |`);
    expect(md).toContain('| `frame 4..7` | `{kind: free}` |');
    expect(md).not.toMatch(/\| `frames\[/);
    const html = formatHtml(vmemmap);
    expect(html).toContain(`<li><code>pfn ${pfn} refcount</code>: <code>0 -&gt; 1</code></li>`);
    expect(html).toContain(`<span class="key">[${Number(pfn) % 4}]</span> <span class="kernel">pfn ${pfn}</span>`);
    expect(html).toContain('data-path="frames[1].slots'); // highlighting still follows the model paths
  });

  /** The refcount test model with a coordinates hook. */
  const withHook = (coordinates: AnyModel['coordinates']): AnyModel => ({ ...refcountModel, coordinates });
  /** Elements `name[i]` named `words i`. */
  const naming = (name: string, words: string) => (path: readonly (string | number)[]) =>
    path[0] === name && path.length > 1 ? { words: [words, path[1]!], of: 2 } : undefined;

  it('should fall back to the path where a model names nothing or its hook fails', () => {
    const before = { objects: [{ refcount: 1 }], walker: { pc: 'idle' } };
    const after = { objects: [{ refcount: 2 }], walker: { pc: 'got' } };
    const lines = (m: AnyModel) => {
      const names = fieldNames(m, {}, false);
      return changeLines(diffStates(before, after), fieldFilter(m, false), names, { before, after }).lines.map((l) => `${l.path}: ${l.value}`);
    };
    const asPaths = ['objects[0].refcount: 1 -> 2', 'walker.pc: idle -> got'];
    expect(lines(refcountModel)).toEqual(asPaths);
    expect(lines(withHook(naming('objects', 'object ')))).toEqual(['object 0 refcount: 1 -> 2', 'walker.pc: idle -> got']);
    const throwing = withHook(() => {
      throw new Error('model bug');
    });
    expect(lines(throwing)).toEqual(asPaths);
    expect(lines(withHook(() => ({ words: ['x'], of: 9 })))).toEqual(asPaths); // names more than the path
  });

  it('should list named elements of the initial state, equal ones merged, a scalar 0 kept', () => {
    const initial = { slots: [0, 0, 1], other: 3 };
    const m = withHook(naming('slots', 'index '));
    const lines = stateLines(initial, fieldFilter(m, false), false, fieldNames(m, {}, false));
    expect(lines.map((l) => `${l.path}: ${l.value}`)).toEqual(['index 0,1: 0', 'index 2: 1', 'other: 3']);
  });

  const models = registry.map((m) => [m.name, m] as const);
  it.each(models)('%s: names the fields its counterexample changes in kernel words', (_name, m) => {
    expect(m.coordinates, `${m.name} has no coordinates hook`).toBeDefined();
    const report = firstBadReport(m);
    const names = fieldNames(m, knobsOf(report), false);
    const filter = fieldFilter(m, false);
    const trace = report.trace!;
    const named = trace.steps.flatMap((s, i) => {
      const before = i === 0 ? trace.initial : trace.steps[i - 1]!.state;
      const shown = s.changes.filter((c) => !filter.hidden(pathSegments(c.path)));
      return shown.filter((c) => names.place(pathSegments(c.path), 'after' in c ? s.state : before) !== undefined);
    });
    expect(named.length, `${m.name}: no change named in kernel words`).toBeGreaterThan(0);
    const text = formatText(report).replace(/\n +/g, ' ');
    for (const change of named) expect(text).not.toContain(` ${change.path}:`);
  });
});
