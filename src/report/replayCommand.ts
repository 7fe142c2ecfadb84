import type { AnyModel } from '../model.ts';
import type { CheckResult } from '../result.ts';

/** The one command that re-runs a check exactly: every option that is not the model's default. */
export function replayCommand(model: AnyModel, result: CheckResult): string {
  const { configuration, budget } = result;
  const words = ['npx memcheck', result.mode === 'exhaustive' ? 'explore' : 'check', model.name];
  const variant = configuration.variant.replace(/\+custom$/, '');
  if (variant !== 'proposal' && variant !== 'custom') words.push('--variant', variant);
  for (const setting of configuration.overrides) words.push('--knob', setting);
  if (result.mode === 'exhaustive') return words.join(' ');
  if (budget.runs !== model.budget.runs) words.push('--runs', String(budget.runs));
  if (budget.maxSteps !== model.budget.maxSteps) words.push('--max-steps', String(budget.maxSteps));
  words.push('--seed', String(result.seed));
  if (result.path !== undefined) words.push('--path', result.path);
  return words.join(' ');
}
