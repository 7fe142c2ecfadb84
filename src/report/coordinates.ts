import type { AnyModel, KernelPlace, KnobValues } from '../model.ts';
import type { Segment } from './fields.ts';

/** A piece of a field's label: text, or a coordinate (an index, a pfn) that merges into ranges. */
export type Token = string | number;

/** Tokens with adjacent text joined, so that equal labels have equal templates. */
function joined(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out.at(-1);
    if (typeof t === 'string' && typeof last === 'string') out[out.length - 1] = last + t;
    else if (t !== '') out.push(t);
  }
  return out;
}

/** `frames[1].slots[0].refcount` as `['frames[', 1, '].slots[', 0, '].refcount']`. */
export function pathTokens(path: readonly Segment[]): Token[] {
  return joined(path.flatMap((s, i) => (typeof s === 'number' ? ['[', s, ']'] : [i === 0 ? s : `.${s}`])));
}

/** The label with its coordinates taken out, as a key: labels with one template merge. */
export const template = (tokens: readonly Token[]) => tokens.map((t) => (typeof t === 'number' ? '\u0000' : t)).join('\u0001');

/** The label's coordinates, in order. */
export const coordinatesOf = (tokens: readonly Token[]) => tokens.filter((t): t is number => typeof t === 'number');

/** The label with its coordinates replaced by the given index sets (`1..3`), in order. */
export function fill(tokens: readonly Token[], sets: readonly string[]): string {
  let i = 0;
  return tokens.map((t) => (typeof t === 'number' ? sets[i++] : t)).join('');
}

/**
 * How a report names a state field: in the model's kernel coordinates where it gives them
 * (`pfn 5 refcount`), by its path otherwise (`walker.pc`).
 */
export interface FieldNames {
  /** The field's label: the model's kernel words and the rest of the path, or the path. */
  readonly label: (path: readonly Segment[], state: unknown) => Token[];
  /** The model's place for the field, checked; `undefined` where it names none. */
  readonly place: (path: readonly Segment[], state: unknown) => KernelPlace | undefined;
  /** Show the model's paths beside kernel words (`--verbose`). */
  readonly raw: boolean;
}

/** Fields named by their paths only: models without the hook, and machine formats. */
export const MODEL_PATHS: FieldNames = { label: (path) => pathTokens(path), place: () => undefined, raw: false };

const isWord = (w: unknown): w is Token => typeof w === 'string' || (typeof w === 'number' && Number.isInteger(w) && w >= 0);

/** The label of a place and the rest of the path after it: `pfn 5 refcount`, `P0 vpage 1 pte`. */
export function placeLabel(place: KernelPlace, path: readonly Segment[]): Token[] {
  const rest = path.slice(place.of);
  if (rest.length === 0) return joined(place.words);
  return joined([...place.words, typeof rest[0] === 'number' ? '' : ' ', ...pathTokens(rest)]);
}

/**
 * The names of a model's fields in reports, from its `coordinates` hook. A hook that throws or
 * answers something malformed names nothing (the report must not fail on a model's naming).
 */
export function fieldNames(model: AnyModel, knobs: KnobValues, verbose: boolean): FieldNames {
  const hook = model.coordinates;
  if (hook === undefined) return { ...MODEL_PATHS, raw: verbose };
  const place = (path: readonly Segment[], state: unknown): KernelPlace | undefined => {
    if (state === undefined) return undefined;
    let answer: KernelPlace | undefined;
    try {
      answer = hook(path, state, knobs);
    } catch {
      return undefined;
    }
    if (answer === undefined || !Number.isInteger(answer.of) || answer.of < 1 || answer.of > path.length) return undefined;
    return Array.isArray(answer.words) && answer.words.length > 0 && answer.words.every(isWord) ? answer : undefined;
  };
  const label = (path: readonly Segment[], state: unknown) => {
    const found = place(path, state);
    return found === undefined ? pathTokens(path) : placeLabel(found, path);
  };
  return { label, place, raw: verbose };
}
