import { describe, expect, it } from 'vitest';
import { refcountModel } from './refcountTutorial.ts';
import { excerpts, quotedRuns, staleExcerpts, staleRuns } from './quoted.ts';
import { readFileSync } from 'node:fs';

const page = 'docs/writing-a-model.md';

describe(page, () => {
  it('should quote every command as it prints today, over the finished tutorial model', () => {
    expect(quotedRuns(readFileSync(page, 'utf8')).length).toBe(4);
    expect(staleRuns(page, { registry: [refcountModel] })).toEqual([]);
  });

  it('should quote the code verbatim from the fixture and the finished model', () => {
    expect(excerpts(readFileSync(page, 'utf8')).length).toBeGreaterThan(5);
    expect(staleExcerpts(page)).toEqual([]);
  });
});
