import { describe, expect, it } from 'vitest';
import { violates } from '../../src/index.ts';
import { assertProposalHolds, assertVariantMet } from '../../src/testing.ts';
import { buildTrace } from '../../src/trace.ts';
import { wrap } from '../../src/report/layout.ts';
import { refcountModel, type PoolAction } from '../fixtures/refcountModel.ts';

describe('test helpers', () => {
  it('should pass a proposal that holds and a variant that is caught', () => {
    expect(assertProposalHolds(refcountModel, { seed: 1 }).outcome.kind).toBe('holds');
    expect(assertVariantMet(refcountModel, 'plain-get', { seed: 1 }).outcome.kind).toBe('violated');
  });

  it('should throw with the text report and the replay command when a proposal breaks', () => {
    const broken = { ...refcountModel, variants: [{ name: 'proposal', meaning: '', knobs: { freeAt: 1 }, expect: { kind: 'holds' as const } }] };
    expect(() => assertProposalHolds(broken, { seed: 1 })).toThrow(/expectation not met[\s\S]*3 steps:[\s\S]*replay:\nnpx memcheck check refcount --seed 1/);
  });

  it('should throw when a known-bad variant is caught by another property than expected', () => {
    const wrong = {
      ...refcountModel,
      variants: refcountModel.variants.map((v) => (v.name === 'plain-get' ? { ...v, expect: violates('put-decrements') } : v)),
    };
    expect(() => assertVariantMet(wrong, 'plain-get', { seed: 1 })).toThrow(/plain-get: expectation not met/);
  });
});

describe('traces', () => {
  it('should list the fields each step changed, with before and after', () => {
    const knobs = { freeAt: 0, tryGet: 'unless-zero', objects: 2, putLeaks: false };
    const trace = buildTrace(refcountModel, knobs, [{ kind: 'alloc', obj: 1 }, { kind: 'get', obj: 1 }] as PoolAction[]);
    expect(trace.steps.map((s) => s.text)).toEqual(['alloc(o1)', 'get(o1)']);
    expect(trace.steps[1]?.changes).toEqual([
      { path: 'objects[1].refcount', before: 1, after: 2 },
      { path: 'objects[1].holders', before: 1, after: 2 },
    ]);
  });

  it('should stop at a step that is not enabled and say which', () => {
    const knobs = { freeAt: 0, tryGet: 'unless-zero', objects: 2, putLeaks: false };
    expect(buildTrace(refcountModel, knobs, [{ kind: 'put', obj: 0 }] as PoolAction[]).disabledAt).toBe(0);
  });
});

describe('80-column layout', () => {
  it('should wrap at spaces with a hanging indent and break only words longer than a line', () => {
    const lines = wrap(`${'word '.repeat(30)}${'x'.repeat(100)}`, '    ');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines[1]?.startsWith('    word')).toBe(true);
    expect(lines.join('').replaceAll(' ', '')).toBe(`${'word'.repeat(30)}${'x'.repeat(100)}`);
  });
});
