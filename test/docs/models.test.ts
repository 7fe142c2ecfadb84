import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { quotedRuns, staleRuns } from './quoted.ts';

const pages = readdirSync('docs/models').filter((name) => name.endsWith('.md'));

describe.each(pages)('docs/models/%s', (page) => {
  it('should quote its counterexample as the command prints it today', () => {
    const path = `docs/models/${page}`;
    expect(quotedRuns(readFileSync(path, 'utf8')).length, `${path} quotes no command`).toBeGreaterThan(0);
    expect(staleRuns(path, { registry })).toEqual([]);
  });
});
