import type { AnyModel } from '../model.ts';
import type { Change } from '../trace.ts';
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
  readonly path: string;
  /** `1 -> 2`, `0 (new)`, `{pfn: 5} (removed)` */
  readonly value: string;
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

/**
 * Index tuples as few bracket patterns: tuples that agree on their tail share one range of
 * first indices, `[[0,1],[0,2],[1,1],[1,2]]` -> `[['0,1', '1,2']]`.
 */
function indexPatterns(tuples: readonly (readonly number[])[]): string[][] {
  if (tuples[0]!.length === 0) return [[]];
  // group by the pattern of the rest, then merge first indices with the same rest
  const byRest = new Map<string, { rest: string[]; firsts: number[] }>();
  const firsts = new Map<number, (readonly number[])[]>();
  for (const t of tuples) firsts.set(t[0]!, [...(firsts.get(t[0]!) ?? []), t.slice(1)]);
  for (const [first, rests] of firsts) {
    for (const rest of indexPatterns(rests)) {
      const key = rest.join('|');
      const entry = byRest.get(key) ?? { rest, firsts: [] };
      entry.firsts.push(first);
      byRest.set(key, entry);
    }
  }
  return [...byRest.values()].map(({ rest, firsts: f }) => [indexSet(f), ...rest]);
}

/**
 * The visible changes of one step, as lines: bookkeeping left out, and changes that differ only
 * in array indices and carry the same value merged into one line with index ranges
 * (`pages[0..15].compoundHead: 0 (new)`).
 */
export function changeLines(changes: readonly Change[], filter: FieldFilter): { lines: ChangeLine[]; hidden: number } {
  const groups = new Map<string, { template: Segment[]; value: string; tuples: number[][] }>();
  let hidden = 0;
  for (const change of changes) {
    const path = pathSegments(change.path);
    if (filter.hidden(path)) {
      hidden++;
      continue;
    }
    const value = changeValue(change, filter, path);
    const template = path.map((s) => (typeof s === 'number' ? -1 : s));
    const key = `${template.join('\u0000')}\u0001${value}`;
    const group = groups.get(key) ?? { template, value, tuples: [] };
    group.tuples.push(path.filter((s): s is number => typeof s === 'number'));
    groups.set(key, group);
  }
  const lines: ChangeLine[] = [];
  for (const { template, value, tuples } of groups.values()) {
    for (const pattern of indexPatterns(tuples)) {
      let i = 0;
      const path = template
        .map((s, at) => (s === -1 ? `[${pattern[i++]}]` : at === 0 ? String(s) : `.${String(s)}`))
        .join('');
      lines.push({ path, value });
    }
  }
  return { lines, hidden };
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
 * The state's top-level fields a kernel reader knows, each as `name: value`. Unless verbose,
 * fields at 0, false or none are left out (the initial state is mostly such fields).
 */
export function stateLines(state: unknown, filter: FieldFilter, verbose = false): ChangeLine[] {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return [{ path: 'state', value: formatValue(state) }];
  return Object.entries(state as Record<string, unknown>)
    .filter(([k, v]) => v !== undefined && !filter.hidden([k]) && (verbose || !isZero(v)))
    .map(([k, v]) => {
      const shown = filter.strip(v, [k]);
      return { path: k, value: formatValue(verbose ? shown : withoutZeros(shown)) };
    });
}
