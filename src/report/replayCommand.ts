import type { AnyModel } from '../model.ts';
import { DEFAULT_EXHAUSTIVE_STATES } from '../check.ts';
import { DEFAULT_MAX_STATES } from '../explore/explore.ts';
import type { CheckResult } from '../result.ts';

/** The one command that re-runs a check exactly: every option that is not the model's default. */
export function replayCommand(model: AnyModel, result: CheckResult): string {
  const { configuration } = result;
  const words = ['npx memcheck', result.mode === 'exhaustive' ? 'explore' : 'check', model.name];
  const variant = configuration.variant.replace(/\+custom$/, '');
  if (variant !== 'proposal' && variant !== 'custom') words.push('--variant', variant);
  for (const setting of configuration.overrides) words.push('--knob', setting);
  if (result.mode === 'exhaustive') {
    // a violation at depth L is found again by a search bounded at L, and sooner
    const o = result.outcome;
    if (o.kind === 'violated') words.push('--depth', String(o.counterexample.actions.length));
    else if (result.exploration.options.depth !== undefined) words.push('--depth', String(result.exploration.options.depth));
    const { maxStates, properties } = result.exploration.options;
    if (maxStates !== DEFAULT_MAX_STATES) words.push('--max-states', String(maxStates));
    for (const property of properties ?? []) words.push('--property', property);
    return words.join(' ');
  }
  const { budget } = result;
  if (budget.runs !== model.budget.runs) words.push('--runs', String(budget.runs));
  if (budget.maxSteps !== model.budget.maxSteps) words.push('--max-steps', String(budget.maxSteps));
  for (const property of result.properties ?? []) words.push('--property', property);
  const states = model.budget.states ?? DEFAULT_EXHAUSTIVE_STATES;
  if (result.exhaustiveStates !== states) words.push('--exhaustive-states', String(result.exhaustiveStates));
  words.push('--seed', String(result.seed));
  if (result.path !== undefined) words.push('--path', result.path);
  return words.join(' ');
}
