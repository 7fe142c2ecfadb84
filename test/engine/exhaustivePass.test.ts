import { describe, expect, it } from 'vitest';
import { check, resolveConfiguration } from '../../src/index.ts';
import { checkJson } from '../../src/report/json.ts';
import { buildReport } from '../../src/report/report.ts';
import { summaryLine } from '../../src/report/story.ts';
import { benchModel } from '../../bench/model.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';

const SEED = 11;
const configuration = (variant: string) => resolveConfiguration(refcountModel, variant);

describe(`the exhaustive pass after random runs (seed ${SEED})`, () => {
  it('should catch a bug the runs were too short to reach, at its shortest length', () => {
    // one step a run cannot free an object early: only the breadth-first pass can
    const result = check(refcountModel, configuration('free-at-one'), { seed: SEED, runs: 5, maxSteps: 1 });
    expect(result.outcome).toMatchObject({ kind: 'violated', counterexample: { property: 'refcount-accounts-holders' } });
    if (result.outcome.kind !== 'violated') return;
    expect(result.outcome.counterexample.actions).toHaveLength(3);
    expect(result.shortest?.kind).toBe('proven');
    expect(result.exhaustive?.exhaustiveTo).toBe(2);
    expect(result.met).toBe(true);
  });

  it('should not search when its cap is 0', () => {
    const result = check(refcountModel, configuration('free-at-one'), { seed: SEED, runs: 5, maxSteps: 1, exhaustive: { maxStates: 0 } });
    expect(result.outcome.kind).not.toBe('violated');
    expect(result.exhaustive).toBeUndefined();
  });

  it('should say a holding model was searched whole when every state fits', () => {
    // two benchmark folios: 21^2 states in all
    const result = check(benchModel, resolveConfiguration(benchModel, 'proposal', ['folios=2']), { seed: SEED, runs: 20 });
    expect(result.outcome.kind).toBe('holds');
    expect(result.exhaustive?.complete).toBe(true);
    expect(summaryLine(result)).toContain('every reachable state');
    expect(checkJson(buildReport(benchModel, result)).exhaustive).toEqual(result.exhaustive);
  });

  it('should say how deep a holding model was searched when the cap stops it', () => {
    const result = check(refcountModel, configuration('proposal'), { seed: SEED, runs: 20, exhaustive: { maxStates: 10 } });
    expect(result.exhaustive?.complete).toBe(false);
    expect(summaryLine(result)).toMatch(/every state within \d+ steps \(\d+ states\)/);
  });

  it('should prove a random counterexample shortest, or replace it by a shorter one', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = check(refcountModel, configuration('free-at-one'), { seed, maxSteps: 12 });
      expect(result.shortest?.kind, `seed ${seed}`).toBe('proven');
      expect(result.outcome.kind === 'violated' && result.outcome.counterexample.actions.length, `seed ${seed}`).toBe(3);
    }
  });

  it('should say a counterexample is not proven shortest when the cap stops the proof', () => {
    const result = check(refcountModel, configuration('free-at-one'), { seed: SEED, exhaustive: { maxStates: 2 } });
    expect(result.shortest).toMatchObject({ kind: 'not-proven' });
  });

  it('should check only the properties it is given', () => {
    // freeing at one breaks the accounting, never put's decrement
    const only = check(refcountModel, configuration('free-at-one'), { seed: SEED, properties: ['put-decrements'] });
    expect(only.outcome.kind).not.toBe('violated');
    expect(only.properties).toEqual(['put-decrements']);
  });

  it('should record when the runs first hit the failure', () => {
    const result = check(refcountModel, configuration('leaky-put'), { seed: SEED });
    expect(result.firstFound?.run).toBeGreaterThan(0);
    expect(result.firstFound?.step).toBeGreaterThan(0);
  });
});
