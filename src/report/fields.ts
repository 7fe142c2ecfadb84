import type { AnyModel } from '../model.ts';
import type { Change } from '../trace.ts';
import { coordinatesOf, fill, MODEL_PATHS, pathTokens, placeLabel, template, type FieldNames, type Token } from './coordinates.ts';
import { formatValue } from './layout.ts';

/** One step of a field path: a record key or an array index. */
export type Segment = string | number;

/** `folios[0].pages[2].mapcount` -> `['folios', 0, 'pages', 2, 'mapcount']` */
export function pathSegments(path: string): Segment[] {
  return [...path.matchAll(/\[(\d+)\]|\[([^\]]*)\]|([^.[\]]+)/g)].map(([, index, key, name]) =>
    index !== undefined ? Number(index) : (key ?? name ?? ''),
  );
}

/**
 * Which fields a report shows: all with `--verbose`, otherwise every field but the model's
 * bookkeeping (`seen`, `gups.*.coherent`; `*` is any index or key).
 */
export interface FieldFilter {
  /** Whether the field at this path is bookkeeping to hide. */
  readonly hidden: (path: readonly Segment[]) => boolean;
  /** The value at this path without its hidden fields. */
  readonly strip: (value: unknown, path: readonly Segment[]) => unknown;
}

export function fieldFilter(model: AnyModel, verbose: boolean): FieldFilter {
  const patterns = verbose ? [] : (model.bookkeeping ?? []).map((p) => pathSegments(p.replaceAll('[*]', '.*')).map(String));
  const hidden = (path: readonly Segment[]) =>
    patterns.some((p) => p.length <= path.length && p.every((seg, i) => seg === '*' || seg === String(path[i])));
  const strip = (value: unknown, path: readonly Segment[]): unknown => {
    if (patterns.length === 0 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v, i) => strip(v, [...path, i]));
    if (value instanceof Map || value instanceof Set) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!hidden([...path, k])) out[k] = strip(v, [...path, k]);
    return out;
  };
  return { hidden, strip };
}

/** A change as words: `folios[0].refcount: 1 -> 2`, `faults[0]: {pfn: 5} (new)`. */
export interface ChangeLine {
  /** The field in kernel words where the model names it (`pfn 5 refcount`), else its path. */
  readonly path: string;
  /** `1 -> 2`, `0 (new)`, `{pfn: 5} (removed)` */
  readonly value: string;
  /** `--verbose`: the model's paths behind a field named in kernel words. */
  readonly raw?: string;
}

function changeValue(change: Change, filter: FieldFilter, path: readonly Segment[]): string {
  const show = (v: unknown) => formatValue(filter.strip(v, path));
  if (!('before' in change)) return `${show(change.after)} (new)`;
  if (!('after' in change)) return `${show(change.before)} (removed)`;
  return `${show(change.before)} -> ${show(change.after)}`;
}

/** `[0, 1, 2, 3, 7]` -> `0..3,7` */
export function indexSet(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : j === i + 1 ? `${sorted[i]},${sorted[j]}` : `${sorted[i]}..${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Items whose labels share a template, merged where their coordinates form ranges. */
interface Merged<T> {
  /** One index set a coordinate, in the label's order: `['1..3', '0..3']`. */
  readonly sets: string[];
  readonly members: T[];
}

/**
 * Coordinate tuples as few index-set patterns: tuples that agree on their tail share one set of
 * first coordinates, `[[0,1],[0,2],[1,1],[1,2]]` -> `['0,1', '1,2']`; each pattern keeps the
 * items it stands for.
 */
function mergeCoordinates<T>(items: readonly { readonly tuple: readonly number[]; readonly member: T }[]): Merged<T>[] {
  if (items[0]!.tuple.length === 0) return [{ sets: [], members: items.map((i) => i.member) }];
  // group by first coordinate, then merge the firsts whose rests came out as the same pattern
  const byFirst = new Map<number, { tuple: readonly number[]; member: T }[]>();
  for (const { tuple, member } of items) byFirst.set(tuple[0]!, [...(byFirst.get(tuple[0]!) ?? []), { tuple: tuple.slice(1), member }]);
  const byRest = new Map<string, { rest: string[]; firsts: number[]; members: T[] }>();
  for (const [first, rests] of byFirst) {
    for (const { sets, members } of mergeCoordinates(rests)) {
      const entry = byRest.get(sets.join('|')) ?? { rest: sets, firsts: [], members: [] };
      entry.firsts.push(first);
      entry.members.push(...members);
      byRest.set(sets.join('|'), entry);
    }
  }
  return [...byRest.values()].map(({ rest, firsts, members }) => ({ sets: [indexSet(firsts), ...rest], members }));
}

/** One field to show: its label, its value as words, and its model path. */
interface Shown {
  readonly label: readonly Token[];
  readonly value: string;
  readonly path: readonly Segment[];
}

/** Model paths merged into few patterns: `frames[0].slots[1..3], frames[1..3].slots[0..3]`. */
function pathPatterns(paths: readonly (readonly Segment[])[]): string {
  const byTemplate = new Map<string, { tokens: Token[]; items: { tuple: number[]; member: null }[] }>();
  for (const path of paths) {
    const tokens = pathTokens(path);
    const group = byTemplate.get(template(tokens)) ?? { tokens, items: [] };
    group.items.push({ tuple: coordinatesOf(tokens), member: null });
    byTemplate.set(template(tokens), group);
  }
  return [...byTemplate.values()].flatMap(({ tokens, items }) => mergeCoordinates(items).map((m) => fill(tokens, m.sets))).join(', ');
}

/**
 * Fields with one label template and one value as one line with index sets
 * (`pfn 1..15 compoundHead: 0 (new)`); with `raw`, the model paths behind a kernel-named line.
 */
function mergeShown(shown: readonly Shown[], raw: boolean): ChangeLine[] {
  const groups = new Map<string, { label: readonly Token[]; value: string; items: { tuple: number[]; member: readonly Segment[] }[] }>();
  for (const s of shown) {
    const key = `${template(s.label)}\u0002${s.value}`;
    const group = groups.get(key) ?? { label: s.label, value: s.value, items: [] };
    group.items.push({ tuple: coordinatesOf(s.label), member: s.path });
    groups.set(key, group);
  }
  const lines: ChangeLine[] = [];
  for (const { label, value, items } of groups.values()) {
    for (const { sets, members } of mergeCoordinates(items)) {
      const path = fill(label, sets);
      const paths = raw ? pathPatterns(members) : path;
      lines.push(paths === path ? { path, value } : { path, value, raw: paths });
    }
  }
  return lines;
}

/** The states a step's changes are named in: after it, and before it for removed fields. */
export interface StepStates {
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * The visible changes of one step, as lines: bookkeeping left out, each field named in kernel
 * coordinates where the model gives them, and changes that differ only in their coordinates
 * and carry the same value merged into one line with index sets (`pfn 1..15 compoundHead: 0
 * (new)`, `pages[0..15].compoundHead: 0 (new)`).
 */
export function changeLines(
  changes: readonly Change[],
  filter: FieldFilter,
  names: FieldNames = MODEL_PATHS,
  states: StepStates = {},
): { lines: ChangeLine[]; hidden: number } {
  const shown: Shown[] = [];
  let hidden = 0;
  for (const change of changes) {
    const path = pathSegments(change.path);
    if (filter.hidden(path)) {
      hidden++;
      continue;
    }
    // a field is named where it lives after the step, or before it when the step removed it
    const label = names.label(path, 'after' in change ? states.after : states.before);
    shown.push({ label, value: changeValue(change, filter, path), path });
  }
  return { lines: mergeShown(shown, names.raw), hidden };
}

/** A scalar a kernel reader takes as the default: 0, false, empty, `{kind: none}`. */
function isZero(value: unknown): boolean {
  if (value === 0 || value === false || value === '' || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value !== 'object') return false;
  const keys = Object.keys(value as object);
  return keys.length === 1 && (value as { kind?: unknown }).kind === 'none';
}

/** The value without its fields at zero (array elements keep their places, as `{}`). */
function withoutZeros(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutZeros);
  if (value === null || typeof value !== 'object') return value;
  const kept = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && !isZero(v));
  return Object.fromEntries(kept.map(([k, v]) => [k, withoutZeros(v)]));
}

/**
 * The state's top-level fields a kernel reader knows, as `name: value` lines. An array whose
 * elements the model names in kernel coordinates is shown element by element (`frame 0..3:
 * {kind: vmemmap, ...}`), equal elements merged. Unless verbose, fields and elements at 0,
 * false or none are left out (the initial state is mostly such fields).
 */
export function stateLines(state: unknown, filter: FieldFilter, verbose = false, names: FieldNames = MODEL_PATHS): ChangeLine[] {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return [{ path: 'state', value: formatValue(state) }];
  const show = (v: unknown, path: readonly Segment[]) => {
    const shown = filter.strip(v, path);
    return formatValue(verbose ? shown : withoutZeros(shown));
  };
  const lines: ChangeLine[] = [];
  for (const [k, v] of Object.entries(state as Record<string, unknown>)) {
    if (v === undefined || filter.hidden([k]) || (!verbose && isZero(v))) continue;
    const places = Array.isArray(v) ? v.map((_, i) => names.place([k, i], state)) : [];
    if (places.length > 0 && places.every((p) => p?.of === 2)) {
      // an empty slot or an element with every field at its default is left out like a field
      // at 0; a scalar is kept: `index 0: 0` says the slot holds object 0
      const elements = (v as unknown[]).flatMap((e, i): Shown[] => {
        const value = show(e, [k, i]);
        const empty = e === undefined || e === null || (typeof e === 'object' && (isZero(e) || value === '{}'));
        return !verbose && empty ? [] : [{ label: placeLabel(places[i]!, [k, i]), value, path: [k, i] }];
      });
      lines.push(...mergeShown(elements, names.raw));
    } else {
      const label = names.label([k], state);
      lines.push(...mergeShown([{ label, value: show(v, [k]), path: [k] }], names.raw));
    }
  }
  return lines;
}
