import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { boundsRows, exploreRow } from './bounds.ts';
import { quotedRuns, staleRuns } from './quoted.ts';

const pages = readdirSync('docs/models').filter((name) => name.endsWith('.md'));

describe.each(pages)('docs/models/%s', (page) => {
  it('should quote its counterexample as the command prints it today', () => {
    const path = `docs/models/${page}`;
    expect(quotedRuns(readFileSync(path, 'utf8')).length, `${path} quotes no command`).toBeGreaterThan(0);
    expect(staleRuns(path, { registry })).toEqual([]);
  });
});

/** Bounds rows this small are explored by `npm test`; the soak suite explores every row. */
const QUICK_STATES = 500;
const quick = boundsRows().filter((row) => row.states <= QUICK_STATES);

describe('bounds tables of the model pages (rows up to 500 states; test/soak/bounds.soak.ts: all)', () => {
  it.each(quick.map((row) => [`${row.model}/${row.variant}`, row] as const))('should give %s as explore finds it', (_, row) => {
    expect(exploreRow(row)).toEqual({ kind: row.kind, steps: row.steps, states: row.states });
  });
});
