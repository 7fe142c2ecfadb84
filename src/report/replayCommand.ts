import type { AnyModel } from '../model.ts';
import { DEFAULT_MAX_STATES, type ExploreResult } from '../explore/explore.ts';
import type { CheckResult } from '../result.ts';

/** The one command that re-runs a check exactly: every option that is not the model's default. */
export function replayCommand(model: AnyModel, result: CheckResult): string {
  const { configuration, budget } = result;
  const words = ['npx memcheck', result.mode === 'exhaustive' ? 'explore' : 'check', model.name];
  const variant = configuration.variant.replace(/\+custom$/, '');
  if (variant !== 'proposal' && variant !== 'custom') words.push('--variant', variant);
  for (const setting of configuration.overrides) words.push('--knob', setting);
  if (result.mode === 'exhaustive') {
    // a violation at depth L is found again by a search bounded at L, and sooner
    const o = result.outcome;
    if (o.kind === 'violated') words.push('--depth', String(o.counterexample.actions.length));
    const searched = 'exploration' in result ? (result as ExploreResult).exploration : undefined;
    if (searched !== undefined && searched.options.maxStates !== DEFAULT_MAX_STATES) words.push('--max-states', String(searched.options.maxStates));
    for (const property of searched?.options.properties ?? []) words.push('--property', property);
    return words.join(' ');
  }
  if (budget.runs !== model.budget.runs) words.push('--runs', String(budget.runs));
  if (budget.maxSteps !== model.budget.maxSteps) words.push('--max-steps', String(budget.maxSteps));
  words.push('--seed', String(result.seed));
  if (result.path !== undefined) words.push('--path', result.path);
  return words.join(' ');
}
