import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.ts';
import { resolveConfiguration } from '../../src/configuration.ts';
import { explore } from '../../src/explore/explore.ts';
import type { AnyModel } from '../../src/model.ts';
import { runCli } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';
import { refcountModel, type PoolAction, type PoolState } from '../fixtures/refcountModel.ts';
import type { CoverageCell, KnobValues } from '../../src/model.ts';

type Cell = CoverageCell<PoolState, PoolAction, KnobValues>;
const shared: Cell = { kind: 'state', name: 'shared', meaning: 'an object has two holders', hit: (s) => s.objects.some((o) => o.holders >= 2) };
const lastPut: Cell = {
  kind: 'step',
  name: 'last-put-frees',
  meaning: 'a put drops the last reference',
  hit: (b, a, after) => a.kind === 'put' && b.objects[a.obj]!.live && !after.objects[a.obj]!.live,
};
/** Never hit: a refcount the pool's bounds cannot reach in a short run. */
const crowded: Cell = {
  kind: 'state',
  name: 'crowded',
  meaning: 'an object with 25 holders, more than a 20-step run can make',
  minimum: 0.01,
  hit: (s) => s.objects.some((o) => o.holders >= 25),
};

const withCells = (cells: readonly Cell[]): AnyModel => ({ ...refcountModel, cells });

function cli(model: AnyModel, ...argv: string[]) {
  const out: string[] = [];
  const io: Io = { stdout: (s) => out.push(s), stderr: () => undefined, interactive: false };
  const code = runCli(argv, { registry: [model] }, io);
  return { code, stdout: out.join('\n') };
}

describe('coverage cells', () => {
  it('counts the random runs that hit each cell, out of the runs taken', () => {
    const model = withCells([shared, lastPut]);
    const result = check(model, resolveConfiguration(model, 'proposal'), { seed: 7, runs: 200, exhaustive: { maxStates: 0 } });
    expect(result.outcome.kind).toBe('holds');
    const cells = result.coverage!.cells;
    expect(cells.map((c) => c.name)).toEqual(['shared', 'last-put-frees']);
    for (const cell of cells) {
      expect(cell.of).toBe(200);
      expect(cell.hits).toBeGreaterThan(0);
      expect(cell.hits).toBeLessThanOrEqual(200);
    }
  });

  it('makes a holding check vacuous when a cell with a minimum is missed', () => {
    const model = withCells([shared, crowded]);
    const result = check(model, resolveConfiguration(model, 'proposal'), { seed: 7, runs: 100, maxSteps: 6, exhaustive: { maxStates: 0 } });
    expect(result.outcome).toEqual({ kind: 'vacuous', unreached: ['cell:crowded'] });
    expect(result.met).toBe(false);
    expect(result.coverage!.cells.find((c) => c.name === 'crowded')!.hits).toBe(0);
  });

  it('leaves a violation as it is', () => {
    const model = withCells([crowded]);
    const result = check(model, resolveConfiguration(model, 'free-at-one'), { seed: 7 });
    expect(result.outcome.kind).toBe('violated');
    expect(result.met).toBe(true);
  });

  it('adds nothing to a model without cells', () => {
    const result = check(refcountModel, resolveConfiguration(refcountModel, 'proposal'), { seed: 7, runs: 20, exhaustive: { maxStates: 0 } });
    expect(result.coverage).toBeUndefined();
  });

  it('counts distinct states and transitions in explore', () => {
    const model = withCells([shared, lastPut, crowded]);
    const result = explore(model, resolveConfiguration(model, 'proposal'), { depth: 4, symmetry: false });
    const [s, p, c] = result.coverage!.cells;
    expect(s!.of).toBe(result.distinctStates);
    expect(s!.hits).toBeGreaterThan(0);
    expect(p!.of).toBe(result.exploration.generated);
    expect(p!.hits).toBeGreaterThan(0);
    expect(c!.hits).toBe(0);
    expect(result.outcome).toEqual({ kind: 'vacuous', unreached: ['cell:crowded'] });
  });

  it('prints the table in text and the counts in JSON', () => {
    const model = withCells([shared, crowded]);
    const text = cli(model, 'check', 'refcount', '--seed', '3', '--runs', '50', '--exhaustive-states', '0');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^coverage:$/m);
    expect(text.stdout).toMatch(/^crowded +0\/50 runs \(0\.0%\) +>= 1\.0% MISSED$/m);
    expect(text.stdout).toMatch(/^refcount\/proposal: vacuous/m);
    const json = cli(model, 'check', 'refcount', '--seed', '3', '--runs', '50', '--exhaustive-states', '0', '--json');
    const parsed = JSON.parse(json.stdout) as { verdict: string; coverage: { cells: { name: string; hits: number }[] } };
    expect(parsed.verdict).toBe('vacuous');
    expect(parsed.coverage.cells.map((c) => c.name)).toEqual(['shared', 'crowded']);
  });

  it('prints each row\'s cells in matrix --coverage', () => {
    // a small breadth-first pass after each holding row keeps the matrix quick
    const model = { ...withCells([shared, lastPut]), budget: { ...refcountModel.budget, states: 2000 } };
    const plain = cli(model, 'matrix', '--seed', '3', '--runs', '30');
    expect(plain.stdout).not.toMatch(/cells:/);
    const matrix = cli(model, 'matrix', '--seed', '3', '--runs', '30', '--coverage');
    expect(matrix.stdout).toMatch(/^refcount\/proposal .*\n  cells: shared \d+\.\d%, last-put-frees \d+\.\d%$/m);
  });
});
