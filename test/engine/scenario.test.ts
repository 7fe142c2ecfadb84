import { describe, expect, it } from 'vitest';
import { runScenario, findScenario } from '../../src/scenario.ts';
import { assertScenario } from '../../src/testing.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';

describe('scenarios', () => {
  it('should meet a final-state expectation', () => {
    expect(assertScenario(refcountModel, 'balanced').result.kind).toBe('met');
  });

  it('should meet a violation expected at an exact step under its variant', () => {
    const run = assertScenario(refcountModel, 'early-free');
    expect(run.configuration.knobs.freeAt).toBe(1);
    expect(run.actions).toHaveLength(3);
  });

  it('should fail a scenario whose step is not enabled', () => {
    const scenario = { ...findScenario(refcountModel, 'balanced'), steps: [{ kind: 'put', obj: 2 }] };
    expect(runScenario(refcountModel, scenario).result).toEqual({
      kind: 'unmet',
      detail: 'step 1 (put) is not enabled: the put guard refuses put(o2) after the steps before it',
    });
  });

  it('should fail a violation at another step than expected', () => {
    const scenario = findScenario(refcountModel, 'early-free');
    const late = { ...scenario, expect: { ...scenario.expect, atStep: 2 } } as typeof scenario;
    expect(runScenario(refcountModel, late).result.kind).toBe('unmet');
  });

  it('should fail a final check that does not hold', () => {
    const scenario = findScenario(refcountModel, 'balanced');
    const short = { ...scenario, steps: scenario.steps.slice(0, 3) };
    expect(runScenario(refcountModel, short).result).toMatchObject({ kind: 'unmet', detail: /object 1 is live/ });
  });

  it('should make the test helper throw with the reason', () => {
    const broken = { ...refcountModel, scenarios: [{ ...findScenario(refcountModel, 'balanced'), steps: [{ kind: 'get', obj: 0 }] }] };
    expect(() => assertScenario(broken, 'balanced')).toThrow(/step 1 \(get\) is not enabled/);
  });
});
