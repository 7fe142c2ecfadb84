import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { runCli } from '../../src/cli/main.ts';
import { Browser, findChromium, type Page } from './chromium.ts';

/** The viewer `--report` writes, opened in a real headless Chromium and stepped with the keys. */
describe('the HTML trace viewer in Chromium', () => {
  let browser: Browser | undefined;
  let missing = '';
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'memcheck-viewer-'));

  beforeAll(async () => {
    const chromium = findChromium();
    if ('missing' in chromium) {
      missing = chromium.missing;
      console.warn(`skipping the viewer test: ${missing}`);
      return;
    }
    const out: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => out.push(s), interactive: false };
    const argv = ['check', 'vmemmap', '--variant', 'no-rcu-sync', '--seed', '5', '--exhaustive-states', '0', '--report', dir];
    expect(runCli(argv, { registry }, io), out.join('\n')).toBe(0);
    browser = new Browser(chromium.path);
    page = await browser.open(`${pathToFileURL(join(dir, 'vmemmap-no-rcu-sync.html')).href}`);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** What the page shows: the selected entry, the visible panel's heading and marked fields. */
  const shown = async () =>
    (await page.evaluate(`(() => {
      const panel = [...document.querySelectorAll('.panel')].filter((p) => !p.hidden);
      return {
        selected: [...document.querySelectorAll('.entry.selected')].map((e) => e.textContent),
        panels: panel.length,
        heading: panel[0]?.querySelector('h2')?.textContent,
        changed: [...(panel[0]?.querySelectorAll('.field.changed') ?? [])].map((f) => f.dataset.path),
        text: panel[0]?.textContent,
      };
    })()`)) as { selected: string[]; panels: number; heading: string; changed: string[]; text: string };

  it('should step through the counterexample with the keys and mark what each step changed', async (ctx) => {
    if (browser === undefined) return ctx.skip(missing);
    let view = await shown();
    expect(view.selected).toEqual(['initial state']);
    expect(view.panels).toBe(1);
    expect(view.text).toContain('walker');

    await page.press('ArrowDown');
    view = await shown();
    expect(view.heading).toMatch(/^step 1: CPU0 PFN walker: rcu_read_lock\(\)/);
    expect(view.changed).toEqual(expect.arrayContaining(['walker.pc', 'walker.pfn', 'rcu[0].inside']));

    for (let i = 0; i < 8; i++) await page.press('j');
    view = await shown();
    expect(view.heading).toMatch(/^step 9: .*get_page_unless_zero\(pfn 5\).*read-only/);
    expect(view.changed).toContain('faults[0]');
    expect(view.text).not.toContain('walkerOverlappedHvo'); // bookkeeping is hidden
    expect(view.text).toContain('CPU0 PFN walker pc: checked -> done'); // kernel coordinates
    expect(view.text).toContain('pfn 1,5,9,13: {refcount: 0'); // after HVO, one struct page at four pfns
    writeShot(await page.screenshot());

    await page.press('k');
    expect((await shown()).heading).toMatch(/^step 8: CPU0 PFN walker: page_is_fake_head/);

    await page.press('End');
    view = await shown();
    expect(view.selected).toEqual(['violated: no-ro-write']);
    expect(view.text).toContain('get_page_unless_zero wrote struct page of pfn 5 through a read-only vmemmap mapping');
    expect(view.text).toContain('npx memcheck check vmemmap --variant no-rcu-sync');

    await page.press('ArrowDown'); // past the end stays at the end
    expect((await shown()).selected).toEqual(['violated: no-ro-write']);
    expect(await page.evaluate('location.hash')).toBe('#step=10');
  });

  it('should load nothing from outside the file', async (ctx) => {
    if (browser === undefined) return ctx.skip(missing);
    const resources = await page.evaluate('performance.getEntriesByType("resource").length');
    expect(resources).toBe(0);
    const html = readFileSync(join(dir, 'vmemmap-no-rcu-sync.html'), 'utf8');
    expect(html).not.toMatch(/<(link|img|iframe)\b|\ssrc=|https?:\/\//);
  });
});

/** Keep the screenshot where the issue asks for it: reports/ (gitignored). */
function writeShot(png: Buffer): void {
  const reports = join(import.meta.dirname, '..', '..', 'reports');
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'vmemmap-no-rcu-sync.png'), png);
}
