import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../fixtures/cli.ts';
import { withoutTimings } from '../fixtures/withoutTimings.ts';

describe('memcheck CLI', () => {
  it.each([
    ['unknown model', ['check', 'nope']],
    ['unknown variant', ['check', 'refcount', '--variant', 'nope']],
    ['unknown knob', ['check', 'refcount', '--knob', 'nope=1']],
    ['bad knob value', ['check', 'refcount', '--knob', 'freeAt=7']],
    ['knob without value', ['check', 'refcount', '--knob', 'freeAt']],
    ['negative runs', ['check', 'refcount', '--runs', '-3']],
    ['non-numeric steps', ['check', 'refcount', '--max-steps', 'lots']],
    ['seed too large', ['check', 'refcount', '--seed', '99999999999']],
    ['path without seed', ['check', 'refcount', '--path', '1:2']],
    ['malformed path', ['check', 'refcount', '--seed', '1', '--path', 'x']],
    ['missing file', ['replay', '/nonexistent/file.json']],
    ['unknown option', ['check', 'refcount', '--bogus']],
    ['unknown command', ['chek']],
    ['unknown scenario', ['scenario', 'refcount', 'nope']],
    ['zero matrix runs', ['matrix', '--runs', '0']],
  ])('should exit 2 with one line for %s', (_, argv) => {
    const result = run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^memcheck: /);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('should exit 2 for a file that is not a counterexample', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memcheck-'));
    writeFileSync(join(dir, 'bad.json'), '{"format": "something else"}');
    writeFileSync(join(dir, 'broken.json'), '{not json');
    for (const name of ['bad.json', 'broken.json']) {
      const result = run('replay', join(dir, name));
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')).toHaveLength(1);
    }
  });

  it('should print identical JSON for the same seed apart from timings', () => {
    const once = JSON.parse(run('check', 'refcount', '--variant', 'free-at-one', '--seed', '5', '--json').stdout);
    const twice = JSON.parse(run('check', 'refcount', '--variant', 'free-at-one', '--seed', '5', '--json').stdout);
    expect(withoutTimings(once)).toEqual(withoutTimings(twice));
    expect(once).toMatchObject({ model: 'refcount', variant: 'free-at-one', mode: 'random', verdict: 'violated', met: true });
    expect(once.violation.length).toBe(3);
    expect(once.violation.shortest).toMatchObject({ kind: 'proven' });
    expect(once.expected).toEqual({ violates: ['refcount-accounts-holders'], within: 3 });
  });

  it('should exit 1 for a violation and 0 for a met expectation', () => {
    expect(run('check', 'refcount', '--seed', '1').code).toBe(0);
    expect(run('check', 'refcount', '--variant', 'free-at-one', '--seed', '1').code).toBe(0);
    expect(run('check', 'refcount', '--knob', 'freeAt=1', '--seed', '1').code).toBe(1);
  });

  it('should print an 80-column report that ends with the replay command and the summary', () => {
    const { stdout } = run('check', 'refcount', '--variant', 'free-at-one', '--seed', '3');
    const lines = stdout.split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(stdout).toContain('put(o0)');
    expect(stdout).toContain('objects[0].refcount: 2 -> 1');
    const replay = lines.slice(lines.indexOf('replay:') + 1, -1).join(' ').replace(/ \\\s+/g, ' ');
    expect(replay).toMatch(/^npx memcheck check refcount --variant free-at-one --seed 3 --path [\d:]+$/);
    expect(lines.at(-1)).toMatch(/violated refcount-accounts-holders in 3 steps/);
  });

  it('should write reports whose counterexample replays, and say when it no longer does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memcheck-'));
    expect(run('check', 'refcount', '--variant', 'free-at-one', '--seed', '3', '--report', dir).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'refcount-free-at-one.counterexample.json',
      'refcount-free-at-one.html',
      'refcount-free-at-one.itf.json',
      'refcount-free-at-one.md',
      'refcount-free-at-one.txt',
    ]);
    const file = join(dir, 'refcount-free-at-one.counterexample.json');
    const replayed = run('replay', file);
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toMatch(/reproduced: refcount-accounts-holders after 3 steps/);

    const recorded = JSON.parse(readFileSync(file, 'utf8'));
    recorded.knobs.freeAt = 0; // as if the model were fixed
    writeFileSync(file, JSON.stringify(recorded));
    const fixed = run('replay', file);
    expect(fixed.code).toBe(0);
    // the detail line wraps at 80 columns
    expect(fixed.stdout.replace(/\n\s+/g, ' ')).toMatch(/does not reproduce: expected refcount-accounts-holders after 3 steps, found no violation/);
  });

  it('should write an ITF trace whose integers are all #bigint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memcheck-'));
    run('check', 'refcount', '--variant', 'free-at-one', '--seed', '3', '--report', dir);
    const itf = JSON.parse(readFileSync(join(dir, 'refcount-free-at-one.itf.json'), 'utf8'));
    expect(itf['#meta'].format).toBe('ITF');
    expect(itf.vars).toEqual(['objects']);
    expect(itf.states).toHaveLength(4);
    const numbers: unknown[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'number') numbers.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    itf.states.forEach((s: Record<string, unknown>) => walk({ ...s, '#meta': undefined }));
    expect(numbers).toEqual([]);
    expect(itf.states[1]['#meta'].action).toEqual({ tag: 'alloc', value: { obj: { '#bigint': '0' } } });
    expect(itf.states[3].objects[0]).toEqual({ live: false, refcount: { '#bigint': '1' }, holders: { '#bigint': '1' } });
  });

  it('should list models, run scenarios and the matrix', () => {
    expect(JSON.parse(run('list', '--json').stdout)[0].variants.map((v: { name: string }) => v.name)).toEqual([
      'proposal',
      'free-at-one',
      'plain-get',
      'leaky-put',
    ]);
    const scenarios = run('scenario', 'refcount');
    expect(scenarios.code).toBe(0);
    expect(scenarios.stdout).toMatch(/early-free: met/);
    const matrix = run('matrix', '--seed', '1');
    expect(matrix.code).toBe(0);
    expect(matrix.stdout).toMatch(/4\/4 expectations met, seed 1/);
  });
});

describe('the memcheck bin', () => {
  it('should run from the shell and fail bad input with exit 2', () => {
    const bin = join(import.meta.dirname, '../../bin/memcheck.js');
    expect(execFileSync(process.execPath, [bin, 'list', '--json'], { encoding: 'utf8' })).toMatch(/^\[/);
    const rows = JSON.parse(execFileSync(process.execPath, [bin, 'overhead', '--json'], { encoding: 'utf8' }));
    expect(rows[0]).toEqual({ scheme: 'struct page', pageSize: 4096, bytesPerTiB: 16 * 2 ** 30, percent: 1.5625 });
    const bad = spawnSync(process.execPath, [bin, 'check', 'no-such-model'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
