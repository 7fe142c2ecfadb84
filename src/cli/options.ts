import { availableParallelism } from 'node:os';
import { memcheckError } from '../errors.ts';
import type { AnyModel } from '../model.ts';

/** A whole number option, at least `min`: anything else is input error MC005. */
export function wholeNumber(option: string, raw: string | undefined, min = 1): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    throw memcheckError('MC005', `${option} takes a whole number, got '${raw}'`);
  }
  const value = Number(raw);
  if (value < min) throw memcheckError('MC005', `${option} must be at least ${min}, got ${value}`);
  return value;
}

/** A fast-check seed: a 32-bit signed integer. */
export function seedOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = wholeNumber('--seed', raw, -(2 ** 31));
  if (value !== undefined && value > 2 ** 31 - 1) {
    throw memcheckError('MC005', `--seed must fit in 32 bits, got ${raw}`);
  }
  return value;
}

/** A fast-check counterexample path, `17:3:0`. */
export function pathOption(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+(:\d+)*$/.test(raw)) throw memcheckError('MC007', `--path takes numbers joined by ':', got '${raw}'`);
  return raw;
}

/** Look a model up by name, with the known names in the error. */
export function findModel(registry: readonly AnyModel[], name: string): AnyModel {
  const model = registry.find((m) => m.name === name);
  if (model === undefined) {
    const known = registry.map((m) => m.name).join(', ') || 'none';
    throw memcheckError('MC001', `no model '${name}' (models: ${known})`);
  }
  return model;
}

/** `--property` names: each must be an `always` or `step` property of the model. */
export function propertyOption(model: AnyModel, names: readonly string[] | undefined): string[] | undefined {
  return names?.map((name) => {
    const known = model.properties.find((p) => p.name === name && p.kind !== 'sometimes');
    if (known === undefined) {
      const names = model.properties.filter((p) => p.kind !== 'sometimes').map((p) => p.name).join(', ');
      throw memcheckError('MC007', `model '${model.name}' has no always or step property '${name}' (properties: ${names})`);
    }
    return name;
  });
}

/** At most this many worker threads a core: more only queue for the same cores. */
export const WORKERS_PER_CORE = 4;

/** `--workers K`: a whole number from 1 to four times the cores. */
export function workersOption(raw: string | undefined): number | undefined {
  const workers = wholeNumber('--workers', raw);
  const most = availableParallelism() * WORKERS_PER_CORE;
  if (workers !== undefined && workers > most) {
    throw memcheckError('MC005', `--workers must be at most ${most} (${WORKERS_PER_CORE} a core), got ${workers}`);
  }
  return workers;
}
