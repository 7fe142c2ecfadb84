import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';
import { assertVariantMet } from '../../src/testing.ts';
import type { AnyModel } from '../../src/model.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memcheck-corpus-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cli(registry: readonly AnyModel[], ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), interactive: false };
  const code = runCli(argv, { registry, corpusDir: dir }, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
const files = () => readdirSync(join(dir, 'refcount')).sort();
const fast = ['--runs', '50', '--exhaustive-states', '2000'];

/** The pool with put fixed in a way that frees at one no longer breaks anything: a stale corpus. */
const fixed: AnyModel = {
  ...refcountModel,
  guards: { ...refcountModel.guards, put: () => false },
};

describe('the failure corpus', () => {
  it('keeps a counterexample once and replays it before any random run', () => {
    const first = cli([refcountModel], 'check', 'refcount', '--variant', 'free-at-one', '--seed', '1', ...fast);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/corpus: kept .*refcount-accounts-holders-[0-9a-f]{12}\.counterexample\.json/);
    expect(files()).toHaveLength(1);
    const saved = JSON.parse(readFileSync(join(dir, 'refcount', files()[0]!), 'utf8')) as { format: string; actions: unknown[] };
    expect(saved.format).toBe('memdesc-check counterexample');
    expect(saved.actions).toHaveLength(3);

    // another seed would search afresh; the corpus answers first, without a random run
    const second = cli([refcountModel], 'check', 'refcount', '--variant', 'free-at-one', '--seed', '99', '--json', ...fast);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/still fails: reported without random runs/);
    expect(JSON.parse(second.stdout)).toMatchObject({ verdict: 'violated', runs: 1, met: true });
    expect(files()).toHaveLength(1); // the same failure and actions are kept once

    // another configuration does not replay it
    const proposal = cli([refcountModel], 'check', 'refcount', '--seed', '1', ...fast);
    expect(proposal.code).toBe(0);
    expect(proposal.stderr).not.toMatch(/corpus/);
  });

  it('--no-corpus neither replays nor keeps', () => {
    const off = cli([refcountModel], 'check', 'refcount', '--variant', 'plain-get', '--seed', '1', '--no-corpus', ...fast);
    expect(off.code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('explore keeps its counterexample too', () => {
    const explored = cli([refcountModel], 'explore', 'refcount', '--variant', 'leaky-put');
    expect(explored.code).toBe(0);
    expect(files()).toEqual([expect.stringMatching(/^put-decrements-/)]);
  });

  it('reports an entry that no longer reproduces, lists it as stale, and prune removes it', () => {
    cli([refcountModel], 'check', 'refcount', '--variant', 'free-at-one', '--seed', '1', ...fast);
    writeFileSync(join(dir, 'refcount', 'junk.counterexample.json'), '{ not json');
    const stale = cli([fixed], 'check', 'refcount', '--variant', 'free-at-one', '--seed', '1', ...fast);
    expect(stale.stderr).toMatch(/corpus: .*refcount-accounts-holders-.* does not reproduce: step 3 \(put\(o0\)\) is no longer enabled \(kept;/);
    expect(stale.stderr).toMatch(/junk\.counterexample\.json unreadable/);
    expect(files()).toHaveLength(2); // reported, not dropped

    const listed = cli([fixed], 'corpus', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/2 entries in .*, 2 no longer reproduce$/);
    expect(cli([refcountModel], 'corpus', 'list', '--json').stdout).toMatch(/"reproduces": true/);

    const pruned = cli([fixed], 'corpus', 'prune');
    expect(pruned.stdout).toMatch(/2 entries removed/);
    expect(files()).toEqual([]);
    expect(cli([refcountModel], 'corpus', 'list', 'no-such').code).toBe(2);
  });

  it('keeps what a failing test helper found, in $MEMCHECK_CORPUS_DIR', () => {
    const saved = process.env.MEMCHECK_CORPUS_DIR;
    process.env.MEMCHECK_CORPUS_DIR = dir;
    try {
      const wrong = { ...refcountModel, variants: refcountModel.variants.map((v) => (v.name === 'plain-get' ? { ...v, expect: { kind: 'holds' as const } } : v)) };
      expect(() => assertVariantMet(wrong, 'plain-get', { seed: 1, runs: 50 })).toThrow(/kept in .*no-resurrection-/);
      expect(files()).toHaveLength(1);
    } finally {
      process.env.MEMCHECK_CORPUS_DIR = saved;
    }
  });
});
