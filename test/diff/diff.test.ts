import { describe, expect, it } from 'vitest';
import { resolveConfiguration } from '../../src/configuration.ts';
import { diff } from '../../src/diff/diff.ts';
import { run } from '../fixtures/cli.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';

const budget = { seed: 5, runs: 100, exhaustive: { maxStates: 2000 } };

describe('diff', () => {
  it('finds the property one design breaks, with the shortest steps and what they do on the other side', () => {
    const a = resolveConfiguration(refcountModel, 'proposal');
    const b = resolveConfiguration(refcountModel, 'free-at-one');
    const result = diff(refcountModel, a, b, budget);
    expect(result.agree).toBe(false);
    const differing = result.properties.filter((p) => p.differs);
    // freeing at refcount 1 also leaves a free object with a reference: both rules tell them apart
    expect(differing.map((p) => [p.property, p.a, p.b])).toEqual([
      ['refcount-accounts-holders', 'holds', 'violated'],
      ['no-resurrection', 'holds', 'violated'],
    ]);
    expect(result.properties.find((p) => p.property === 'put-decrements')).toMatchObject({ a: 'holds', b: 'holds', differs: false });
    const separation = differing[0]!.separation!;
    expect(separation.side).toBe('b');
    expect(separation.actions).toHaveLength(3);
    expect(separation.shortest?.kind).toBe('proven');
    expect(separation.other).toEqual({ kind: 'holds' });
  });

  it('gives every property its own verdict when one side breaks several', () => {
    const a = resolveConfiguration(refcountModel, 'proposal');
    const b = resolveConfiguration(refcountModel, undefined, ['tryGet=plain', 'putLeaks=true']);
    const result = diff(refcountModel, a, b, budget);
    const broken = result.properties.filter((p) => p.b === 'violated').map((p) => p.property);
    expect(broken).toContain('no-resurrection');
    expect(broken).toContain('put-decrements');
    // one check a violation, and one more that holds unless every property broke
    expect(result.checks.b.length).toBe(broken.length === 3 ? 3 : broken.length + 1);
    expect(result.checks.a.length).toBe(1);
  });

  it('exits 0 when the two agree and 1 when they differ, with the steps in text and JSON', () => {
    const same = run('diff', 'refcount', '--vs-knob', 'objects=2', '--seed', '5', '--runs', '100', '--exhaustive-states', '2000');
    expect(same.code).toBe(0);
    expect(same.stdout.split('\n').at(-1)).toBe('refcount: A and B agree on 3 properties, seed 5');
    const differ = run('diff', 'refcount', '--vs-variant', 'free-at-one', '--seed', '5', '--runs', '100', '--exhaustive-states', '2000');
    expect(differ.code).toBe(1);
    expect(differ.stdout).toMatch(/^refcount-accounts-holders +holds +violated +DIFFERS$/m);
    expect(differ.stdout).toMatch(/refcount-accounts-holders: violated under B in 3 steps, proven shortest/);
    expect(differ.stdout).toMatch(/under A the same steps all run and keep it/);
    const json = run('diff', 'refcount', '--vs-variant', 'free-at-one', '--seed', '5', '--runs', '100', '--exhaustive-states', '2000', '--json');
    const parsed = JSON.parse(json.stdout) as { agree: boolean; properties: { property: string; separation?: { length: number; steps: string[] } }[] };
    expect(parsed.agree).toBe(false);
    expect(parsed.properties.find((p) => p.separation)?.separation?.steps).toEqual(['alloc(o0)', 'get(o0)', 'put(o0)']);
  });

  it('rejects bad input with one line and exit 2', () => {
    expect(run('diff', 'refcount').code).toBe(2);
    const bad = run('diff', 'refcount', '--vs-knob', 'nope=1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^memcheck: model 'refcount' has no knob 'nope'/);
  });
});
