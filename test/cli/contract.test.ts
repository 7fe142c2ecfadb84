import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/io.ts';
import { run } from './fixtures.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'memcheck-cli-'));

/** One `memcheck:` line on stderr, no stack, exit 2. */
function expectInputError(result: ReturnType<typeof run>, pattern?: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stderr.split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^memcheck: /);
  expect(result.stderr.length).toBeLessThan(400);
  if (pattern) expect(result.stderr).toMatch(pattern);
}

describe('bad input: exit 2, one line, before any work', () => {
  it.each([
    ['too many workers', ['check', 'refcount', '--workers', '1000'], /--workers must be at most \d+ \(4 a core\)/],
    ['huge max-steps', ['check', 'refcount', '--max-steps', '99999999999'], /--max-steps must be at most 10000/],
    ['huge runs', ['check', 'refcount', '--runs', '99999999'], /--runs must be at most/],
    ['huge explore depth', ['explore', 'refcount', '--depth', '100000'], /--depth must be at most/],
    ['huge matrix runs', ['matrix', '--runs', '99999999'], /--runs must be at most/],
    ['a path past the runs', ['check', 'refcount', '--runs', '10', '--seed', '1', '--path', '10:0'], /names run 10.*0 to 9/],
    ['a report path under /proc', ['check', 'refcount', '--report', '/proc/x'], /cannot write reports to '\/proc\/x'/],
    ['help for no command', ['help', 'chek'], /no command 'chek'; did you mean 'check'\?/],
    ['no command at all', [], /no command given \(commands: list, check, explore/],
    ['a misspelt model', ['check', 'refcont'], /no model 'refcont'; did you mean 'refcount'\?/],
    ['a misspelt variant', ['check', 'refcount', '--variant', 'free-at-on'], /did you mean 'free-at-one'/],
    ['a misspelt knob', ['check', 'refcount', '--knob', 'freeat=1'], /no knob 'freeat'; did you mean 'freeAt'/],
    ['a misspelt property', ['explore', 'refcount', '--property', 'no-resurection'], /did you mean 'no-resurrection'/],
    ['a misspelt scenario', ['scenario', 'refcount', 'early-fre'], /did you mean 'early-free'/],
    ['a huge scenario name', ['scenario', 'refcount', 'x'.repeat(27_000)], /no scenario 'x{37}\.\.\.'/],
    ['an unknown model to list', ['list', 'nosuch'], /no model 'nosuch'/],
    ['diff with too many runs', ['diff', 'refcount', '--vs-knob', 'freeAt=1', '--runs', '99999999999'], /--runs must be at most/],
    ['a scenario under an unknown variant', ['scenario', 'refcount', '--variant', 'nosuch'], /no variant 'nosuch'/],
    ['a scenario with an unknown property', ['scenario', 'refcount', '--property', 'nosuch'], /no always or step property/],
  ])('should refuse %s', (_, argv, pattern) => {
    expectInputError(run(...(argv as string[])), pattern as RegExp);
  });

  it('should write nothing, not even the report directory, for bad input', () => {
    const dir = join(scratch(), 'reports');
    expectInputError(run('check', 'refcount', '--runs', '0', '--report', dir));
    expectInputError(run('explore', 'refcount', '--depth', 'x', '--report', dir));
    expect(existsSync(dir)).toBe(false);
  });

  it('should refuse a report directory that is a file before checking', () => {
    const file = join(scratch(), 'plain');
    writeFileSync(file, '');
    expectInputError(run('check', 'refcount', '--variant', 'free-at-one', '--report', file), /ENOTDIR|not a directory/);
    expectInputError(run('check', 'refcount', '--report', join(file, 'sub')), /cannot write reports/);
  });

  it('should refuse a path that names a run which does not fail', () => {
    expectInputError(run('check', 'refcount', '--seed', '1', '--path', '0'), /does not fail/);
  });
});

describe('model error: exit 3, reported like a violation', () => {
  it.each([['check', '--seed', '1'], ['explore']])('should exit 3 and write the report set for %s', (command, ...rest) => {
    const dir = scratch();
    const result = run(command, 'throwing', ...rest, '--report', dir);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/model error/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(dir).sort()).toEqual([
      'throwing-proposal.counterexample.json',
      'throwing-proposal.html',
      'throwing-proposal.itf.json',
      'throwing-proposal.md',
      'throwing-proposal.txt',
    ]);
    const replayed = run('replay', join(dir, 'throwing-proposal.counterexample.json'));
    expect(replayed.code).toBe(3);
  });

  it('should exit 3 from the matrix and wrap its long FOUND cell instead of cutting it', () => {
    const result = run('matrix', '--seed', '1', '--runs', '30');
    expect(result.code).toBe(3);
    const lines = result.stdout.split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    const row = lines.findIndex((l) => l.startsWith('throwing/proposal '));
    expect(lines[row]).toMatch(/ model error: property bug: this property throws on +NO$/);
    expect(lines[row + 1]).toMatch(/^ {23}purpose once an object has two holders$/);
    expect(result.stdout).not.toContain('…');
  });
});

it('should exit 3 for a scenario whose property throws', () => {
  const result = run('scenario', 'throwing', 'balanced');
  expect(result.code).toBe(3);
  expect(result.stdout).toMatch(/throwing\/balanced: model-error: step \d+ threw: property bug/);
});

describe('report sets', () => {
  it('should replace the set as a whole and drop a stale counterexample when a re-run holds', () => {
    const dir = scratch();
    expect(run('check', 'refcount', '--knob', 'freeAt=1', '--seed', '3', '--report', dir).code).toBe(1);
    expect(readdirSync(dir)).toContain('refcount-custom.counterexample.json');
    expect(run('check', 'refcount', '--knob', 'freeAt=0', '--seed', '3', '--runs', '50', '--exhaustive-states', '0', '--report', dir).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['refcount-custom.html', 'refcount-custom.md', 'refcount-custom.txt']);
    expect(readFileSync(join(dir, 'refcount-custom.txt'), 'utf8')).toMatch(/holds/);
  });

  it('should show the total in progress lines', () => {
    const lines: string[] = [];
    const progress = progressReporter({ stdout: () => {}, stderr: (s) => lines.push(s), interactive: false }, 'm/v', 2000);
    progress({ runs: 150, steps: 900, elapsedMs: 10_000 });
    expect(lines).toEqual(['m/v: 150/2000 runs, 900 steps, 90 steps/s']);
  });
});

describe('replay', () => {
  const recorded = () => {
    const dir = scratch();
    run('check', 'refcount', '--variant', 'free-at-one', '--seed', '3', '--report', dir);
    const file = join(dir, 'refcount-free-at-one.counterexample.json');
    return { file, json: JSON.parse(readFileSync(file, 'utf8')) };
  };

  it('should refuse an unknown variant or knob in the file', () => {
    const { file, json } = recorded();
    writeFileSync(file, JSON.stringify({ ...json, variant: 'no-such-variant' }));
    expectInputError(run('replay', file), /no variant 'no-such-variant'/);
    writeFileSync(file, JSON.stringify({ ...json, knobs: { ...json.knobs, bogus: 1 } }));
    expectInputError(run('replay', file), /knob bogus/);
  });

  it('should print a replay command that carries a knob edited in the file', () => {
    const { file, json } = recorded();
    writeFileSync(file, JSON.stringify({ ...json, knobs: { ...json.knobs, objects: 2 } }));
    const replayed = run('replay', file);
    expect(replayed.code).toBe(1);
    const command = replayed.stdout.replace(/ \\\n\s*/g, ' ');
    expect(command).toMatch(/npx memcheck check refcount --variant free-at-one --knob objects=2 /);
  });
});

describe('list and scenario', () => {
  it('should list a line per model, and one model in full', () => {
    const table = run('list').stdout.split('\n');
    expect(table.filter((l) => /^(refcount|throwing) /.test(l))).toHaveLength(2);
    expect(table.every((l) => l.length <= 80)).toBe(true);
    const one = run('list', 'refcount');
    expect(one.stdout).toMatch(/knob freeAt = 0 \| 1/);
    expect(one.stdout).not.toMatch(/^throwing/m);
    expect(JSON.parse(run('list', 'refcount', '--json').stdout).name).toBe('refcount');
  });

  it('should run a scenario under another variant with chosen properties, the knobs in its JSON', () => {
    const own = JSON.parse(run('scenario', 'refcount', 'early-free', '--json').stdout);
    expect(own[0]).toMatchObject({ scenario: 'early-free', kind: 'met', knobs: { freeAt: 1 } });
    const other = run('scenario', 'refcount', 'early-free', '--variant', 'proposal', '--property', 'no-resurrection', '--json');
    expect(other.code).toBe(1);
    const row = JSON.parse(other.stdout)[0];
    expect(row).toMatchObject({ variant: 'proposal', knobs: { freeAt: 0 }, properties: ['no-resurrection'], kind: 'unmet' });
  });
});
