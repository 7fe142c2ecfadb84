import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { models } from '../../registry/index.ts';
import type { Scenario } from '../../src/model.ts';
import { folioTriggers } from '../../src/reproduce/folio.ts';
import { reproduce } from '../../src/reproduce/reproduce.ts';
import { run } from '../fixtures/cli.ts';

const folio = models.folio;
const dir = mkdtempSync(join(tmpdir(), 'memcheck-reproduce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasCc = spawnSync('cc', ['--version']).status === 0;

type AnyScenario = Scenario<unknown, { kind: string }, Record<string, boolean | string | number>>;
const scenarios = (folio.scenarios ?? []) as readonly AnyScenario[];
/** The CVE-2020-29374 class first, as the issue asks. */
const ordered = [...scenarios].sort((a, b) => Number(!a.name.startsWith('vmsplice')) - Number(!b.name.startsWith('vmsplice')));

function programOf(s: AnyScenario) {
  const variant = folio.variants.find((v: { name: string }) => v.name === (s.variant ?? 'proposal'))!;
  return reproduce(folio, {
    title: s.name,
    source: `scenario ${s.name}`,
    variant: variant.name,
    knobs: { ...variant.knobs, ...(s.knobs ?? {}) },
    actions: s.steps,
    failure: s.meaning,
  });
}

/** The scenario's steps under the proposal end without a leak: its proposal outcome is "no leak". */
const noLeakUnderProposal = (s: AnyScenario) => s.expect.kind === 'final' || scenarios.some((t) => t.name === `${s.name}-fixed`);

describe('memcheck reproduce (folio)', () => {
  it('turns the CVE-2020-29374 sequence into vmsplice, fork, MADV_DONTNEED and a store, checking the pipe', () => {
    const cve = programOf(scenarios.find((s) => s.name === 'vmsplice-unmap-in-child')!);
    expect(cve.complete).toBe(true);
    expect(cve.c).toContain('return vmsplice_get(0, page_addr(0));');
    expect(cve.c).toContain('madvise(page_addr(0), ps, MADV_DONTNEED)');
    // the final check forbids the parent's store of step 5 in the child's pipe
    expect(cve.c).toContain('static const unsigned char bad[] = { 0, 5 };');
  });

  it('falls back to a comment for a kind it has no trigger for', () => {
    const plan = folioTriggers.planner().plan({ index: 0, action: { kind: 'frobnicate' }, text: 'x', before: {}, after: {} });
    expect(plan).toEqual({ kind: 'kernel', what: "a 'frobnicate' step", provoke: 'no user-space trigger known to this reproducer' });
  });

  it.skipIf(!hasCc)('compiles with cc -Wall -Werror for every scenario whose steps all have triggers, and runs the no-leak ones to ok', () => {
    const complete = ordered.filter((s) => programOf(s).complete);
    expect(complete.map((s) => s.name)).toContain('vmsplice-unmap-in-child');
    for (const s of complete) {
      const source = join(dir, `${s.name}.c`);
      const binary = join(dir, s.name);
      writeFileSync(source, programOf(s).c);
      execFileSync('cc', ['-Wall', '-Werror', '-o', binary, source], { stdio: 'pipe' });
      if (!noLeakUnderProposal(s)) continue;
      const result = spawnSync(binary, { encoding: 'utf8', timeout: 10_000 });
      expect(result.stdout, s.name).toMatch(/^TAP version 13\n1\.\.1\n/);
      expect(result.stdout, s.name).toMatch(new RegExp(`^ok 1 ${s.name}( # SKIP .*)?$`, 'm'));
    }
  });

  it('writes the program from a counterexample file, and refuses a model it has no triggers for', () => {
    const file = join(dir, 'refcount.counterexample.json');
    const checked = run('check', 'refcount', '--variant', 'free-at-one', '--seed', '1', '--report', dir);
    expect(checked.code).toBe(0);
    const refused = run('reproduce', join(dir, 'refcount-free-at-one.counterexample.json'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe("memcheck: reproduce knows the user-space triggers of folio, not of 'refcount'");
    expect(run('reproduce', file).code).toBe(2); // no such file
  });
});
