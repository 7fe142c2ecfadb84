import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refcountModel } from '../fixtures/refcountModel.ts';
import { brokenLinks, comparable, staleExcerpts, staleRuns } from './quoted.ts';

const deps = { registry: [refcountModel] };
const command = '$ npx memcheck check refcount --variant free-at-one --seed 1';

function doc(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'memcheck-docs-')), 'page.md');
  writeFileSync(path, text);
  return path;
}

describe('quoted outputs, excerpts and links in the docs', () => {
  it('should find an output that no longer matches, and rewrite it only when asked', () => {
    const path = doc(`# page\n\n\`\`\`\n${command}\nrefcount / free-at-one: holds\n\`\`\`\n`);
    // the run that updates the real docs sets the variable too: this test sets it itself
    const updating = process.env.MEMCHECK_UPDATE_DOCS;
    delete process.env.MEMCHECK_UPDATE_DOCS;
    const [stale] = staleRuns(path, deps);
    expect(stale?.actual).toContain('VIOLATED refcount-accounts-holders');
    process.env.MEMCHECK_UPDATE_DOCS = '1';
    try {
      expect(staleRuns(path, deps)).toEqual([]);
    } finally {
      if (updating === undefined) delete process.env.MEMCHECK_UPDATE_DOCS;
      else process.env.MEMCHECK_UPDATE_DOCS = updating;
    }
    expect(readFileSync(path, 'utf8')).toContain('violated refcount-accounts-holders in 3 steps; met');
    expect(staleRuns(path, deps)).toEqual([]);
  });

  it('should not compare timings, rates, memory or where a line wraps', () => {
    expect(comparable('holds over 145 distinct states (0.1 s, 12k steps/s)\n  2272 states/s, peak memory 16 MiB (17727 bytes a state')).toBe(
      comparable('holds over 145 distinct\n states (2.5 s, 900 steps/s) 31 states/s, peak memory 9 MiB (5 bytes a state'),
    );
    expect(comparable('holds over 145 distinct states')).not.toBe(comparable('holds over 146 distinct states'));
  });

  it('should find an excerpt that is not verbatim in its file, and a link to nothing', () => {
    const path = doc(
      '```ts\n// from test/fixtures/refcountModel.ts\n  readonly live: boolean;\n// ...\n  readonly alive: boolean;\n```\n[gone](no-such-page.md) [ok](page.md)\n',
    );
    expect(staleExcerpts(path)).toEqual(['test/fixtures/refcountModel.ts:   readonly alive: boolean;']);
    expect(brokenLinks(path)).toEqual([`${path}: no-such-page.md`]);
  });
});
