import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { ActionSequenceArbitrary } from '../../src/actionSequence.ts';
import { resolveConfiguration } from '../../src/index.ts';
import { buildMachine } from '../../src/machine.ts';

/** Every registered model's known-bad variants, the first known-bad variant, seeds 1 and 2. */
const cases = registry.flatMap((model) =>
  model.variants
    .filter((variant) => variant.expect.kind !== 'holds')
    .slice(0, 1)
    .flatMap((variant) => [1, 2].map((seed) => ({ model, variant: variant.name, seed }))),
);

/** Each run's steps, and whether it passed: a violation or model error fails it. */
function searchOf(name: string, variant: string, seed: number, runs: number) {
  const model = registry.find((m) => m.name === name)!;
  const configuration = resolveConfiguration(model, variant);
  const machine = buildMachine(model, configuration.knobs, { mode: 'fast' });
  const sequences = new ActionSequenceArbitrary(machine, model.budget.maxSteps, new Set());
  const seen: string[] = [];
  const holds = (indices: readonly number[]) => {
    seen.push(indices.join(','));
    return sequences.outcomeOf(indices)?.kind === 'passed';
  };
  return { sequences, seen, holds, runs };
}

describe('runs drawn without fast-check runner (ActionSequenceArbitrary.firstFailure)', () => {
  it.each(cases)('$model.name/$variant seed $seed: the same runs and the same first failure as fc.check', ({ model, variant, seed }) => {
    const runs = Math.min(model.budget.runs, 100);
    const ours = searchOf(model.name, variant, seed, runs);
    const failing = ours.sequences.firstFailure(seed, runs, ours.holds);
    // fast-check's own runner, stopped at its first failure (no shrinking)
    const theirs = searchOf(model.name, variant, seed, runs);
    const details = fc.check(fc.property(theirs.sequences, theirs.holds), { seed, numRuns: runs, endOnFailure: true });
    expect(ours.seen).toEqual(theirs.seen);
    expect(failing).toBe(details.failed ? details.numRuns - 1 : undefined);
  });
});
