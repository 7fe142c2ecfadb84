/**
 * Coded input errors. Each code is something a user typed or handed in; the CLI turns one into
 * a single line on stderr and exit status 2.
 */
export type MemcheckErrorCode =
  /** MC001: no registered model has that name. */
  | 'MC001'
  /** MC002: the model has no variant of that name. */
  | 'MC002'
  /** MC003: the model has no knob of that name. */
  | 'MC003'
  /** MC004: the value is not one of the knob's allowed values. */
  | 'MC004'
  /** MC005: a number option is not a whole number in range. */
  | 'MC005'
  /** MC006: a file cannot be read or is not a counterexample of this tool. */
  | 'MC006'
  /** MC007: options that cannot go together, or a malformed option. */
  | 'MC007'
  /** MC008: the model has no scenario of that name. */
  | 'MC008'
  /** MC009: a model definition is inconsistent (caught when it is loaded, not while checking). */
  | 'MC009';

const footprint = Symbol.for('memdesc-check/error');

export interface MemcheckError extends Error {
  readonly code: MemcheckErrorCode;
  readonly [footprint]: true;
}

/** Build an input error: what happened and what to do, in one line. */
export function memcheckError(code: MemcheckErrorCode, message: string): MemcheckError {
  const error = new Error(message) as Error & { code: MemcheckErrorCode; [footprint]: true };
  error.name = 'MemcheckError';
  error.code = code;
  error[footprint] = true;
  return error;
}

/** Recognise an input error by its footprint, not by `instanceof` (it may cross realms). */
export function isMemcheckError(value: unknown): value is MemcheckError {
  return typeof value === 'object' && value !== null && footprint in value;
}

/** For a `switch` that has handled every member of a union. */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
