import { describe, expect, it } from 'vitest';
import { registry } from '../registry/index.ts';
import { check, resolveConfiguration, type AnyModel } from '../src/index.ts';
import { buildMachine, initialState } from '../src/machine.ts';
import { refcountModel } from './fixtures/refcountModel.ts';
import { withoutTimings } from './fixtures/withoutTimings.ts';

const SEED = 424242;

/** What every model must satisfy to be checked, reported and replayed (the registry's contract). */
describe.each([refcountModel, ...registry].map((m: AnyModel) => [m.name, m] as const))('model %s', (_, model) => {
  const propertyNames = model.properties.map((p: { name: string }) => p.name);

  it('should have a proposal variant that expects to hold', () => {
    expect(model.variants.find((v: { name: string }) => v.name === 'proposal')?.expect).toEqual({ kind: 'holds' });
  });

  it('should have unique names for variants, properties and scenarios', () => {
    for (const names of [model.variants.map((v: { name: string }) => v.name), propertyNames, (model.scenarios ?? []).map((s: { name: string }) => s.name)]) {
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('should give every knob its proposal among its values, and every variant valid knobs', () => {
    for (const [name, spec] of Object.entries(model.knobs as Record<string, { values: readonly unknown[]; proposal: unknown }>)) {
      expect(spec.values, name).toContain(spec.proposal);
    }
    for (const variant of model.variants) expect(() => resolveConfiguration(model, variant.name)).not.toThrow();
  });

  it('should expect only violations of properties it has', () => {
    for (const variant of model.variants) {
      if (variant.expect.kind !== 'violates') continue;
      expect(variant.expect.properties.length, variant.name).toBeGreaterThan(0);
      for (const property of variant.expect.properties) expect(propertyNames, variant.name).toContain(property);
    }
  });

  it('should give every always and step property teeth: a known-bad variant it catches', () => {
    // the rule a variant names first is the one its bug is about; a second name is a consequence
    const caught = new Set(model.variants.flatMap((v: AnyModel['variants'][number]) => (v.expect.kind === 'violates' ? v.expect.properties.slice(0, 1) : [])));
    const invariants = model.properties.filter((p: { kind: string }) => p.kind !== 'sometimes').map((p: { name: string }) => p.name);
    expect(invariants.filter((name: string) => !caught.has(name))).toEqual([]);
  });

  it('should catch a bug that names two rules by the first one alone, within its length', () => {
    // a second name must not stand in for the rule the variant is about: that rule keeps its teeth
    for (const variant of model.variants) {
      if (variant.expect.kind !== 'violates' || variant.expect.properties.length < 2) continue;
      const [first] = variant.expect.properties;
      const result = check(model, resolveConfiguration(model, variant.name), { seed: SEED, properties: [first!] });
      expect(result.outcome, variant.name).toMatchObject({ kind: 'violated', counterexample: { property: first } });
      if (result.outcome.kind === 'violated' && variant.expect.within !== undefined) {
        expect(result.outcome.counterexample.actions.length, variant.name).toBeLessThanOrEqual(variant.expect.within);
      }
    }
  });

  it('should start in a state that holds, with a finite non-empty alphabet that describes itself', () => {
    const machine = buildMachine(model, resolveConfiguration(model, 'proposal').knobs);
    const start = initialState(machine);
    expect(start.kind).toBe('ok');
    expect(machine.alphabet.length).toBeGreaterThan(0);
    if (start.kind !== 'ok') return;
    for (const action of machine.alphabet) expect(typeof model.describe(action, start.state, machine.knobs)).toBe('string');
  });

  it('should be deterministic and never mutate a state outside a recipe', () => {
    const configuration = resolveConfiguration(model, 'proposal');
    // checked mode: immer auto-freezes every state, so a stray mutation throws (a model error)
    const budget = { seed: SEED, runs: 20, mode: 'checked', exhaustive: { maxStates: 2000 } } as const;
    const first = check(model, configuration, budget);
    const second = check(model, configuration, budget);
    expect(first.outcome.kind).not.toBe('model-error');
    expect(withoutTimings(second)).toEqual(withoutTimings(first));
  });
});
