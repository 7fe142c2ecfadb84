import { didYouMean, memcheckError, quoted } from './errors.ts';
import type { AnyModel, Expectation, KnobValue, KnobValues } from './model.ts';

/** One checkable configuration of a model: the variant's name, its knobs and what it expects. */
export interface Configuration {
  /** The variant name, or `custom` when knobs were set by hand. */
  readonly variant: string;
  readonly knobs: KnobValues;
  /** Absent for hand-set knobs: there is nothing to meet, only holds or violated. */
  readonly expect?: Expectation;
  /** The `--knob K=V` settings that were given, so the replay command can repeat them. */
  readonly overrides: readonly string[];
}

/** The knob values of the proposal: every knob at its default. */
export function proposalKnobs(model: AnyModel): KnobValues {
  return Object.fromEntries(
    Object.entries(model.knobs as Record<string, { proposal: KnobValue }>).map(([name, spec]) => [
      name,
      spec.proposal,
    ]),
  );
}

/** Parse one `K=V` against the model's knobs, with a clear error for a bad name or value. */
export function parseKnobSetting(model: AnyModel, setting: string): [string, KnobValue] {
  const eq = setting.indexOf('=');
  if (eq <= 0) {
    throw memcheckError('MC007', `--knob takes NAME=VALUE, got '${setting}'`);
  }
  const name = setting.slice(0, eq);
  const raw = setting.slice(eq + 1);
  const specs = model.knobs as Record<string, { values: readonly KnobValue[] }>;
  const spec = specs[name];
  if (spec === undefined) {
    const tail = didYouMean(name, Object.keys(specs), `see: memcheck list ${model.name}`);
    throw memcheckError('MC003', `model '${model.name}' has no knob ${quoted(name)}${tail}`);
  }
  const value = spec.values.find((v) => String(v) === raw);
  if (value === undefined) {
    const allowed = spec.values.map(String).join(', ');
    throw memcheckError('MC004', `knob '${name}' cannot be ${quoted(raw)} (allowed: ${allowed})`);
  }
  return [name, value];
}

/**
 * Resolve what the user asked for into one configuration: a named variant (default
 * `proposal`), then any `K=V` settings on top. Hand-set knobs drop the expectation.
 */
export function resolveConfiguration(
  model: AnyModel,
  variantName: string | undefined,
  settings: readonly string[] = [],
): Configuration {
  const name = variantName ?? 'proposal';
  const variant = model.variants.find((v) => v.name === name);
  if (variant === undefined) {
    const tail = didYouMean(name, model.variants.map((v) => v.name), `see: memcheck list ${model.name}`);
    throw memcheckError('MC002', `model '${model.name}' has no variant ${quoted(name)}${tail}`);
  }
  const knobs: Record<string, KnobValue> = { ...proposalKnobs(model), ...variant.knobs };
  for (const setting of settings) {
    const [knob, value] = parseKnobSetting(model, setting);
    knobs[knob] = value;
  }
  if (settings.length === 0) {
    return { variant: name, knobs, expect: variant.expect, overrides: [] };
  }
  return { variant: variantName === undefined ? 'custom' : `${name}+custom`, knobs, overrides: [...settings] };
}
