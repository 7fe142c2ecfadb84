import type { ActionBase } from '../model.ts';
import type { Trace } from '../trace.ts';

/** An ITF value: the Informal Trace Format that Quint and Apalache write and trace viewers read. */
export type ItfValue =
  | boolean
  | string
  | { readonly '#bigint': string }
  | readonly ItfValue[]
  | { readonly '#map': readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly '#set': readonly ItfValue[] }
  | { readonly tag: string; readonly value: ItfValue }
  | { readonly [field: string]: ItfValue };

export interface ItfTrace {
  readonly '#meta': { readonly format: 'ITF'; readonly source: string; readonly description: string };
  readonly vars: readonly string[];
  readonly states: readonly Record<string, unknown>[];
}

/**
 * Encode a state value: integers as `#bigint`, Maps as `#map`, Sets as `#set`, objects with a
 * `kind` as tagged unions `{ tag, value }`, other objects as records. ITF has no null or
 * undefined: undefined fields are left out and null is the tag `None`.
 */
export function toItf(value: unknown): ItfValue {
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isInteger(value)) return String(value);
    return { '#bigint': BigInt(value).toString() };
  }
  if (value === null || value === undefined) return { tag: 'None', value: {} };
  if (Array.isArray(value)) return value.map(toItf);
  if (value instanceof Map) return { '#map': [...value.entries()].map(([k, v]) => [toItf(k), toItf(v)] as const) };
  if (value instanceof Set) return { '#set': [...value].map(toItf) };
  if (typeof value === 'object') {
    const { kind, ...rest } = value as Record<string, unknown>;
    const record = recordOf(rest);
    return typeof kind === 'string' ? { tag: kind, value: record } : recordOf(value as Record<string, unknown>);
  }
  return String(value);
}

function recordOf(fields: Record<string, unknown>): { [field: string]: ItfValue } {
  const out: { [field: string]: ItfValue } = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = toItf(v);
  return out;
}

function stateRecord(state: unknown): Record<string, unknown> {
  const encoded = toItf(state);
  return typeof encoded === 'object' && !Array.isArray(encoded) && !('tag' in encoded) ? { ...encoded } : { state: encoded };
}

/** A trace as ITF: each state carries the action that led to it (and its text) in `#meta`. */
export function formatItf(source: string, description: string, trace: Trace): ItfTrace {
  const initial = stateRecord(trace.initial);
  const states = [
    { '#meta': { index: 0, action: 'init' }, ...initial },
    ...trace.steps.map((s, i) => ({
      '#meta': { index: i + 1, action: toItf(s.action as ActionBase), text: s.text },
      ...stateRecord(s.state),
    })),
  ];
  // every key of every state: a field absent at first (an optional one) is still a variable
  const vars = [...new Set(states.flatMap((s) => Object.keys(s).filter((k) => k !== '#meta')))];
  return { '#meta': { format: 'ITF', source, description }, vars, states };
}
