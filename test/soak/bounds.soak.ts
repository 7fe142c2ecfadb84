import { describe, expect, it } from 'vitest';
import { boundsRows, exploreRow } from '../docs/bounds.ts';

/**
 * Every row of every model page's bounds table (`| variant | length | distinct states |`,
 * `| variant | depth | distinct states |`) is what `memcheck explore` finds today; `npm test`
 * explores only the small rows (`test/docs/models.test.ts`).
 */
describe('bounds tables of the model pages, every row', () => {
  it.each(boundsRows().map((row) => [`${row.model}/${row.variant}`, row] as const))('should give %s as explore finds it', (_, row) => {
    expect(exploreRow(row)).toEqual({ kind: row.kind, steps: row.steps, states: row.states });
  });
});
