import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../fixtures/cli.ts';

describe('memcheck explore', () => {
  it.each([
    ['unknown model', ['explore', 'nope']],
    ['unknown variant', ['explore', 'refcount', '--variant', 'nope']],
    ['non-numeric depth', ['explore', 'refcount', '--depth', 'deep']],
    ['zero max-states', ['explore', 'refcount', '--max-states', '0']],
    ['unknown property', ['explore', 'refcount', '--property', 'nope']],
    ['a witness as property', ['explore', 'refcount', '--property', 'shared']],
  ])('should exit 2 with one line for %s', (_, argv) => {
    const result = run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^memcheck: /);
  });

  it("should print check --json's fields with mode exhaustive and the distinct states", () => {
    const result = run('explore', 'refcount', '--depth', '4', '--json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ model: 'refcount', variant: 'proposal', mode: 'exhaustive', verdict: 'holds', distinctStates: 11, met: true });
    expect(json.exploration).toMatchObject({ depth: 4, bound: 'depth', complete: false, symmetry: true });
    expect(JSON.parse(run('explore', 'refcount', '--depth', '4', '--no-symmetry', '--json').stdout).distinctStates).toBe(35);
  });

  it('should report a shortest counterexample like a random one, with a replay that finds it again', () => {
    const result = run('explore', 'refcount', '--variant', 'free-at-one', '--max-states', '5000');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(result.stdout).toContain('3 steps:');
    expect(result.stdout).toMatch(/fingerprint collision odds/);
    const at = lines.indexOf('replay:') + 1;
    const replay = (lines[at]!.endsWith('\\') ? `${lines[at]!.slice(0, -1)}${lines[at + 1]}` : lines[at]!).replace(/\s+/g, ' ');
    expect(replay).toMatch(/^npx memcheck explore refcount --variant free-at-one --depth 3 --max-states 5000/);
    const again = run(...replay.replace(/^npx memcheck /, '').split(' ').filter((w) => w !== ''));
    expect(again.stdout).toContain('3 steps:');
  });

  it('should write the same report files as check, and the counterexample replays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memcheck-'));
    expect(run('explore', 'refcount', '--variant', 'leaky-put', '--report', dir).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'refcount-leaky-put.counterexample.json',
      'refcount-leaky-put.html',
      'refcount-leaky-put.itf.json',
      'refcount-leaky-put.md',
      'refcount-leaky-put.txt',
    ]);
    const replayed = run('replay', join(dir, 'refcount-leaky-put.counterexample.json'));
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toMatch(/reproduced: put-decrements after 2 steps/);
  });

  it('should exit 1 when a knob makes the proposal break', () => {
    expect(run('explore', 'refcount', '--knob', 'tryGet=plain').code).toBe(1);
  });
});

describe('memcheck check --workers', () => {
  it.each([
    ['zero workers', ['check', 'refcount', '--workers', '0']],
    ['workers with a path', ['check', 'refcount', '--workers', '2', '--seed', '1', '--path', '3:1']],
  ])('should exit 2 with one line for %s', (_, argv) => {
    const result = run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^memcheck: [^\n]+$/);
  });
});
