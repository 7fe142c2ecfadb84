import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { runCli } from '../../src/cli/main.ts';
import { changeLines, fieldFilter, indexSet } from '../../src/report/fields.ts';
import { formatHtml } from '../../src/report/html.ts';
import { formatMarkdown } from '../../src/report/markdown.ts';
import { buildReport } from '../../src/report/report.ts';
import { formatText } from '../../src/report/text.ts';
import { diffStates } from '../../src/trace.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';
import { firstBadReport } from './counterexamples.ts';

const page = (compoundHead?: number) => ({ refcount: 0, mapcount: 0, ...(compoundHead === undefined ? {} : { compoundHead }) });

describe('element-level changes', () => {
  it('should name the one element that changed, never the whole array', () => {
    const before = { folios: [{ refcount: 1, pages: [page(), page(), page()] }] };
    const after = { folios: [{ refcount: 1, pages: [page(), page(), { ...page(), mapcount: 1 }] }] };
    expect(diffStates(before, after)).toEqual([{ path: 'folios[0].pages[2].mapcount', before: 0, after: 1 }]);
  });

  it('should show a value whose variant changed whole, and added or removed fields as such', () => {
    const before = { region: { kind: 'buddy' }, walker: { pc: 'idle' }, faults: [] as unknown[] };
    const after = { region: { kind: 'hugetlb', optimized: false }, walker: { pc: 'loaded', pfn: 5 }, faults: [{ pfn: 5 }] };
    expect(diffStates(before, after)).toEqual([
      { path: 'region', before: { kind: 'buddy' }, after: { kind: 'hugetlb', optimized: false } },
      { path: 'walker.pc', before: 'idle', after: 'loaded' },
      { path: 'walker.pfn', after: 5 },
      { path: 'faults[0]', after: { pfn: 5 } },
    ]);
  });

  it('should collapse changes that differ only in their indices into one line with ranges', () => {
    const before = { pages: Array.from({ length: 16 }, () => page()) };
    const after = { pages: Array.from({ length: 16 }, () => page(0)) };
    const filter = fieldFilter(refcountModel, false);
    expect(changeLines(diffStates(before, after), filter).lines).toEqual([{ path: 'pages[0..15].compoundHead', value: '0 (new)' }]);

    const frames = (f: (i: number, j: number) => number | undefined) => ({
      frames: [0, 1, 2, 3].map((i) => ({ slots: [0, 1, 2, 3].map((j) => page(f(i, j))) })),
    });
    const head = frames(() => undefined);
    const tails = frames((i, j) => (i === 0 && j === 0 ? undefined : 0));
    expect(changeLines(diffStates(head, tails), filter).lines.map((l) => `${l.path}: ${l.value}`)).toEqual([
      'frames[0].slots[1..3].compoundHead: 0 (new)',
      'frames[1..3].slots[0..3].compoundHead: 0 (new)',
    ]);
    expect(indexSet([7, 0, 1, 2, 3, 5])).toBe('0..3,5,7');
  });

  it('should hide bookkeeping fields, wherever they sit, unless verbose', () => {
    const model = { ...refcountModel, bookkeeping: ['seen', 'gups.*.coherent'] };
    const before = { seen: { forked: false }, gups: [{ pfn: 1, coherent: true }] };
    const after = { seen: { forked: true }, gups: [{ pfn: 1, coherent: false }, { pfn: 2, coherent: true }] };
    const quiet = changeLines(diffStates(before, after), fieldFilter(model, false));
    expect(quiet.lines).toEqual([{ path: 'gups[1]', value: '{pfn: 2} (new)' }]);
    expect(quiet.hidden).toBe(2);
    const verbose = changeLines(diffStates(before, after), fieldFilter(model, true));
    expect(verbose.lines.map((l) => l.path)).toEqual(['seen.forked', 'gups[0].coherent', 'gups[1]']);
  });
});

describe('reports of every model', () => {
  const reports = registry.map((m) => [m.name, firstBadReport(m)] as const);

  it.each(reports)('%s: text in 80 columns, nothing cut, the initial state and each step shown', (_name, report) => {
    const text = formatText(report);
    const lines = text.split('\n');
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(text).not.toContain('…');
    expect(text).toContain('initial state:');
    expect(text).toMatch(new RegExp(`^ {2}=> {2}${report.result.outcome.kind === 'violated' ? report.result.outcome.counterexample.property : ''}`, 'm'));
    for (const [i, s] of report.trace!.steps.entries()) expect(text.replace(/\n +/g, ' ')).toContain(`${i + 1}  ${s.text}`);
    // no state or change line names a bookkeeping field: `seen` or `pins.*.generation`
    const body = lines.slice(lines.indexOf('initial state:'));
    for (const pattern of report.model.bookkeeping ?? []) {
      const field = pattern
        .split('.')
        .map((seg, i) => (seg === '*' ? '\\[[^\\]]+\\]' : `${i === 0 ? '' : '\\.'}${seg}`))
        .join('');
      const named = new RegExp(`^ +${field}([.[]|\\.\\.|:)`);
      expect(body.filter((l) => named.test(l))).toEqual([]);
    }
  });

  it.each(reports)('%s: Markdown tables with every value whole', (_name, report) => {
    const md = formatMarkdown(report);
    expect(md).not.toContain('…');
    expect(md).toContain('| field | value |');
    expect(md).toContain('| # | step | field | change |');
    expect(md).not.toMatch(/(^|[^\w\\])__\w/m); // `__free_page` would start bold text
  });

  it('should show bookkeeping with --verbose', () => {
    const model = registry.find((m) => m.name === 'vmemmap')!;
    const { result } = firstBadReport(model);
    expect(formatText(buildReport(model, result))).not.toMatch(/^ +seen/m);
    expect(formatText(buildReport(model, result, { verbose: true }))).toMatch(/^ +seen/m);
  });
});

describe('the HTML viewer page', () => {
  it('should be self-contained and escape the model text', () => {
    const report = firstBadReport(registry.find((m) => m.name === 'vmemmap')!);
    const html = formatHtml(report);
    expect(html).not.toMatch(/<(link|img|iframe)\b|\ssrc=|https?:\/\//);
    expect(html).toContain('get_page_unless_zero(pfn');
    const n = report.trace!.steps.length;
    // initial state, every step, the violation: one entry and one panel each
    expect(html.match(/<li class="entry /g)).toHaveLength(n + 2);
    expect(html.match(/<section class="panel"/g)).toHaveLength(n + 2);
    expect(html).toContain('class="field changed"');
    const nasty = { ...report, model: { ...report.model, name: '<script>x</script>' } };
    expect(formatHtml(nasty)).not.toContain('<script>x</script>');
  });
});

describe('docs/reports.md', () => {
  it('should show exactly what the command it names prints', () => {
    const page = join(import.meta.dirname, '..', '..', 'docs', 'reports.md');
    const doc = readFileSync(page, 'utf8');
    const [, command, shown] = /<!-- example: npx memcheck (.+?) -->\n```\n([\s\S]*?)\n```/.exec(doc) ?? [];
    expect(command, 'docs/reports.md has no example block').toBeDefined();
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: () => undefined, interactive: false };
    runCli(command!.split(' '), { registry }, io);
    // on a change of the models or the engine, MEMCHECK_UPDATE_DOCS=1 writes the new output into the page
    if (process.env.MEMCHECK_UPDATE_DOCS === '1' && shown !== out.join('\n')) {
      writeFileSync(page, doc.replace(`\n\`\`\`\n${shown}\n\`\`\``, `\n\`\`\`\n${out.join('\n')}\n\`\`\``));
      return;
    }
    expect(shown).toBe(out.join('\n'));
  });
});
