import { readdirSync, readFileSync } from 'node:fs';
import { registry } from '../../registry/index.ts';
import { explore } from '../../src/explore/explore.ts';
import { resolveConfiguration } from '../../src/index.ts';

/**
 * A row of a model page's bounds table, as `memcheck explore MODEL --variant V --depth D`
 * finds it. Header `| variant | length | distinct states |`: the first violation, a shortest
 * counterexample of that length, after that many distinct states. Header
 * `| variant | depth | distinct states |`: no violation within that depth, that many states.
 */
export interface BoundsRow {
  readonly page: string;
  readonly model: string;
  readonly variant: string;
  readonly kind: 'length' | 'depth';
  readonly steps: number;
  readonly states: number;
}

const header = /^\| variant \| (length|depth) \| distinct states \|$/;

/** The bounds rows of every model page (`docs/models/MODEL.md`). */
export function boundsRows(dir = 'docs/models'): BoundsRow[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .flatMap((page) => {
      const lines = readFileSync(`${dir}/${page}`, 'utf8').split('\n');
      const model = page.replace(/\.md$/, '');
      return lines.flatMap((line, i) => {
        const kind = header.exec(line)?.[1] as BoundsRow['kind'] | undefined;
        if (kind === undefined) return [];
        const rows: BoundsRow[] = [];
        for (const row of lines.slice(i + 2)) {
          const cells = /^\| `([^`]+)` \| (\d+) \| ([\d,]+) \|$/.exec(row);
          if (cells === null) break;
          rows.push({ page, model, variant: cells[1]!, kind, steps: Number(cells[2]), states: Number(cells[3]!.replace(/,/g, '')) });
        }
        return rows;
      });
    });
}

/** What explore finds for the row, in the row's own terms. */
export function exploreRow(row: BoundsRow): Pick<BoundsRow, 'kind' | 'steps' | 'states'> | string {
  const model = registry.find((m) => m.name === row.model);
  if (model === undefined) return `${row.page}: no model ${row.model}`;
  const result = explore(model, resolveConfiguration(model, row.variant), { depth: row.steps });
  const outcome = result.outcome;
  if (outcome.kind === 'violated') return { kind: 'length', steps: outcome.counterexample.actions.length, states: result.distinctStates };
  return { kind: 'depth', steps: result.exploration.depth, states: result.distinctStates };
}
