import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Quint's own ITF reader, from the devDependency: the trace must read back as Quint sees it
import { ofItf } from '@informalsystems/quint/dist/src/itf.js';
import type { QuintEx } from '@informalsystems/quint/dist/src/ir/quintIr.js';
import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { formatItf } from '../../src/report/itf.ts';
import { firstBadReport } from './counterexamples.ts';

/** A Quint expression back to the plain value our states hold (ints fit a JS number). */
function valueOf(ex: QuintEx): unknown {
  switch (ex.kind) {
    case 'bool':
    case 'str':
      return ex.value;
    case 'int':
      return Number(ex.value);
    case 'app': {
      const args = ex.args.map(valueOf);
      switch (ex.opcode) {
        case 'List':
          return args;
        case 'Set':
          return new Set(args);
        case 'Map':
          return new Map(args as [unknown, unknown][]);
        case 'Tup':
          return args;
        case 'Rec':
          return Object.fromEntries(Array.from({ length: args.length / 2 }, (_, i) => [args[2 * i], args[2 * i + 1]]));
        case 'variant': {
          const [tag, value] = args as [string, Record<string, unknown>];
          return tag === 'None' && Object.keys(value).length === 0 ? null : { kind: tag, ...value };
        }
        default:
          throw new Error(`unexpected Quint operator ${ex.opcode}`);
      }
    }
    default:
      throw new Error(`unexpected Quint expression ${ex.kind}`);
  }
}

/** A state as ITF can hold it: no undefined (absent fields, `None` elsewhere). */
function itfShape(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(itfShape);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [itfShape(k), itfShape(v)]));
  if (value instanceof Set) return new Set([...value].map(itfShape));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, itfShape(v)]));
  }
  return value;
}

describe('ITF traces read back by Quint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memcheck-itf-'));

  it.each(registry.map((m) => [m.name, m] as const))('%s: every value survives ofItf', (name, model) => {
    const report = firstBadReport(model);
    const trace = report.trace!;
    const file = join(dir, `${name}.itf.json`);
    writeFileSync(file, JSON.stringify(formatItf(name, 'round trip', trace), null, 1));
    const itf = JSON.parse(readFileSync(file, 'utf8'));

    const states = [trace.initial, ...trace.steps.map((s) => s.state)];
    const keys = new Set(states.flatMap((s) => Object.keys(s as object).filter((k) => (s as Record<string, unknown>)[k] !== undefined)));
    expect(new Set(itf.vars)).toEqual(keys);

    const read = ofItf(itf).map(valueOf);
    expect(read).toHaveLength(states.length);
    read.forEach((state, i) => expect(state, `${name} state ${i}`).toEqual(itfShape(states[i])));
  });
});
