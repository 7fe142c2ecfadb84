import { resolveConfiguration } from '../configuration.ts';
import { diff } from '../diff/diff.ts';
import { diffJson, formatDiff, sideName } from '../diff/format.ts';
import { memcheckError } from '../errors.ts';
import type { CliDeps, Io } from './io.ts';
import { budgetOptions, searchOptions } from './checkCommand.ts';
import { findModel, seedOption } from './options.ts';

export interface DiffFlags {
  readonly variant?: string;
  readonly knob?: readonly string[];
  readonly vsVariant?: string;
  readonly vsKnob?: readonly string[];
  readonly runs?: string;
  readonly maxSteps?: string;
  readonly seed?: string;
  readonly property?: readonly string[];
  readonly exhaustiveStates?: string;
  readonly json?: boolean;
}

const sameKnobs = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(a).every((k) => a[k] === b[k]);

/**
 * `memcheck diff <model> [--variant A] [--knob K=V ...] [--vs-variant B] [--vs-knob K=V ...]`:
 * side A is what `check` would run with the first flags, side B with the `--vs-` ones (the
 * proposal when none is given). Exit 0 when they agree, 1 when they differ, 2 for bad input.
 */
export function diffCommand(deps: CliDeps, io: Io, modelName: string, flags: DiffFlags): number {
  const model = findModel(deps.registry, modelName);
  const a = resolveConfiguration(model, flags.variant, flags.knob ?? []);
  const b = resolveConfiguration(model, flags.vsVariant, flags.vsKnob ?? []);
  if (sameKnobs(a.knobs, b.knobs)) {
    throw memcheckError('MC007', `A (${sideName(a)}) and B (${sideName(b)}) have the same knobs: give B with --vs-variant or --vs-knob`);
  }
  // the same bounds and defaults as check's
  const budget = budgetOptions(flags);
  const seed = seedOption(flags.seed);
  const search = searchOptions(model, flags);
  io.stderr(`diff ${model.name}: checking A = ${sideName(a)} and B = ${sideName(b)} ...`);
  const result = diff(model, a, b, {
    ...budget,
    ...(seed === undefined ? {} : { seed }),
    ...(search.properties === undefined ? {} : { properties: search.properties }),
    exhaustive: search.exhaustive,
  });
  io.stdout(flags.json ? JSON.stringify(diffJson(model, result), null, 2) : formatDiff(model, result));
  return result.agree ? 0 : 1;
}
