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
  | 'MC009'
  /** MC010: the report directory cannot be created or written. */
  | 'MC010';

/** The CLI's exit statuses: docs/cli.md lists them; nothing else is ever returned. */
export const EXIT = {
  /** Every expectation met (or, for hand-set knobs, the properties hold). */
  ok: 0,
  /** A violation, or an expectation not met. */
  violation: 1,
  /** Bad input: one `memcheck:` line on stderr, nothing run, nothing written. */
  input: 2,
  /** The model threw (a guard, recipe or property): a bug in the model, not a verdict. */
  modelError: 3,
  /** Interrupted by SIGINT. */
  interrupted: 130,
} as const;

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

/** A name the user typed, quoted and cut to 40 characters so an error stays one short line. */
export function quoted(name: string): string {
  const shown = name.length > 40 ? `${name.slice(0, 37)}...` : name;
  return `'${shown.replace(/[\x00-\x1f]/g, '?')}'`;
}

/** Edit distance (insertions, deletions, substitutions) between two short names. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/**
 * The tail of an unknown-name error: `; did you mean 'x'?` for the closest known names, then
 * the known names when there are few, else where to see them (`hint`).
 */
export function didYouMean(name: string, known: readonly string[], hint: string): string {
  const lower = name.toLowerCase();
  const close = known
    .map((k) => ({ k, d: k.toLowerCase().includes(lower) && lower.length >= 3 ? 1 : distance(lower, k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(2, Math.floor(k.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ k }) => `'${k}'`);
  const suggestion = close.length > 0 ? `; did you mean ${close.join(' or ')}?` : '';
  if (known.length === 0) return `${suggestion} (there are none)`;
  const list = known.join(', ');
  return list.length <= 120 ? `${suggestion} (known: ${list})` : `${suggestion} (${hint})`;
}

/** For a `switch` that has handled every member of a union. */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
