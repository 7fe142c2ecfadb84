import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { didYouMean, memcheckError, quoted } from '../errors.ts';
import type { AnyModel } from '../model.ts';

/** Upper bounds of the number options, stated in `--help`: beyond them a run never ends. */
export const LIMITS = {
  runs: 10_000_000,
  maxSteps: 10_000,
  states: 100_000_000,
  depth: 10_000,
  seconds: 86_400,
} as const;

/** commander's argument parser for a repeatable option (`--knob`, `--property`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A whole number option from `min` to `max`: anything else is input error MC005. */
export function wholeNumber(option: string, raw: string | undefined, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    throw memcheckError('MC005', `${option} takes a whole number, got ${quoted(raw)}`);
  }
  const value = Number(raw);
  if (value < min) throw memcheckError('MC005', `${option} must be at least ${min}, got ${value}`);
  if (value > max) throw memcheckError('MC005', `${option} must be at most ${max}, got ${value}`);
  return value;
}

/** A fast-check seed: a 32-bit signed integer. */
export function seedOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (/^-?\d+$/.test(raw.trim()) && Math.abs(Number(raw)) >= 2 ** 31 && Number(raw) !== -(2 ** 31)) {
    throw memcheckError('MC005', `--seed must fit in 32 bits, got ${quoted(raw)}`);
  }
  return wholeNumber('--seed', raw, -(2 ** 31), 2 ** 31 - 1);
}

/**
 * A fast-check counterexample path, `17:3:0`: its first number is the run (from 0), so it must
 * name one of the `runs` runs the check makes.
 */
export function pathOption(raw: string | undefined, runs: number): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+(:\d+)*$/.test(raw)) throw memcheckError('MC007', `--path takes numbers joined by ':', got ${quoted(raw)}`);
  const run = Number(raw.split(':')[0]);
  if (run >= runs) {
    throw memcheckError('MC007', `--path ${quoted(raw)} names run ${run}, but the check makes runs 0 to ${runs - 1} (see --runs)`);
  }
  return raw;
}

/** Look a model up by name; an unknown one gets the closest names. */
export function findModel(registry: readonly AnyModel[], name: string): AnyModel {
  const model = registry.find((m) => m.name === name);
  if (model === undefined) {
    const tail = didYouMean(name, registry.map((m) => m.name), 'see: memcheck list');
    throw memcheckError('MC001', `no model ${quoted(name)}${tail}`);
  }
  return model;
}

/** `--property` names: each must be an `always` or `step` property of the model. */
export function propertyOption(model: AnyModel, names: readonly string[] | undefined): string[] | undefined {
  return names?.map((name) => {
    const checkable = model.properties.filter((p) => p.kind !== 'sometimes').map((p) => p.name);
    if (!checkable.includes(name)) {
      const tail = didYouMean(name, checkable, `see: memcheck list ${model.name}`);
      throw memcheckError('MC007', `model '${model.name}' has no always or step property ${quoted(name)}${tail}`);
    }
    return name;
  });
}

/** At most this many worker threads a core: more only queue for the same cores. */
export const WORKERS_PER_CORE = 4;

/** The most `--workers` this machine accepts. */
export const mostWorkers = () => availableParallelism() * WORKERS_PER_CORE;

/** `--workers K`: a whole number from 1 to four times the cores. */
export function workersOption(raw: string | undefined): number | undefined {
  const workers = wholeNumber('--workers', raw);
  const most = mostWorkers();
  if (workers !== undefined && workers > most) {
    throw memcheckError('MC005', `--workers must be at most ${most} (${WORKERS_PER_CORE} a core), got ${workers}`);
  }
  return workers;
}

/**
 * `--report DIR`, checked before any work: DIR is created one level at a time below its
 * nearest existing ancestor (a recursive mkdir spins forever under /proc), and must be a
 * writable directory. A problem is input error MC010.
 */
export function reportDirOption(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw === '') throw memcheckError('MC010', '--report takes a directory, got an empty name');
  const dir = resolve(raw);
  const missing: string[] = [];
  let existing = dir;
  for (;;) {
    try {
      statSync(existing);
      break;
    } catch {
      missing.unshift(existing);
      const parent = dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  try {
    if (!statSync(existing).isDirectory()) throw new Error('not a directory');
    accessSync(existing, constants.W_OK | constants.X_OK);
    for (const part of missing) mkdirSync(part);
    accessSync(dir, constants.W_OK | constants.X_OK);
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw memcheckError('MC010', `cannot write reports to ${quoted(raw)}: ${why}`);
  }
  return raw;
}
