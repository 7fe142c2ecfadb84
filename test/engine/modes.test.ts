import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { resolveConfiguration, type AnyModel } from '../../src/index.ts';
import { buildMachine, initialState, step, type Machine } from '../../src/machine.ts';
import { randomRun } from '../../src/randomRunner.ts';
import { refcountModel } from '../fixtures/refcountModel.ts';

const SEED = 20261204;
const RUNS = 25;

/** A small seeded generator (mulberry32), so both modes draw the same numbers. */
function draws(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

/** Every state of a run, replayed step by step from alphabet indices. */
function statesOf(machine: Machine, indices: readonly number[]): unknown[] {
  const start = initialState(machine);
  if (start.kind !== 'ok') return [start.kind];
  const states: unknown[] = [start.state];
  let state = start.state;
  for (const index of indices) {
    const result = step(machine, state, machine.alphabet[index]!);
    if (result.kind === 'disabled' || result.kind === 'model-error') return [...states, result.kind];
    states.push(result.state);
    state = result.state;
  }
  return states;
}

const configurations = [refcountModel, ...registry].flatMap((model: AnyModel) =>
  model.variants.map((v) => [`${model.name}/${v.name}`, model, v.name] as const),
);

describe(`checked and fast mode (seed ${SEED}, ${RUNS} runs each)`, () => {
  it.each(configurations)('should give identical traces for %s', (_, model, variant) => {
    const { knobs } = resolveConfiguration(model, variant);
    const checked = buildMachine(model, knobs, { mode: 'checked' });
    const fast = buildMachine(model, knobs, { mode: 'fast' });
    for (let run = 0; run < RUNS; run++) {
      const inChecked = randomRun(checked, model.budget.maxSteps, draws(SEED + run));
      const inFast = randomRun(fast, model.budget.maxSteps, draws(SEED + run));
      expect(inFast).toEqual(inChecked);
      expect(statesOf(fast, inFast.executed)).toEqual(statesOf(checked, inChecked.executed));
    }
  });

  it('should freeze states in checked mode only', () => {
    const { knobs } = resolveConfiguration(refcountModel, 'proposal');
    const start = (mode: 'checked' | 'fast') => {
      const s = initialState(buildMachine(refcountModel, knobs, { mode }));
      return s.kind === 'ok' ? s.state : undefined;
    };
    expect(Object.isFrozen(start('checked'))).toBe(true);
    expect(Object.isFrozen(start('fast'))).toBe(false);
  });
});
