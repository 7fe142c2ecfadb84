import { missed, share, type CellCount, type Coverage } from './coverage.ts';

/** `12.5%`, `< 0.1%` for a share that is not zero but rounds to it. */
function percent(value: number): string {
  if (value > 0 && value < 0.001) return '< 0.1%';
  return `${(value * 100).toFixed(1)}%`;
}

function hitsCell(cell: CellCount, mode: Coverage['mode']): string {
  const of = mode === 'runs' ? 'runs' : cell.kind === 'state' ? 'states' : 'steps';
  return `${cell.hits}/${cell.of} ${of} (${percent(share(cell))})`;
}

function minimumCell(cell: CellCount, mode: Coverage['mode']): string {
  if (cell.minimum === undefined) return '';
  const wanted = mode === 'runs' ? `>= ${percent(cell.minimum)}` : '>= 1 hit';
  return missed(cell, mode) ? `${wanted} MISSED` : wanted;
}

/** The cells as rows of text: name, hits, minimum; the meanings follow, wrapped by the reader. */
export function formatCoverage(coverage: Coverage): string[] {
  const rows = coverage.cells.map((c) => [c.name, hitsCell(c, coverage.mode), minimumCell(c, coverage.mode)] as const);
  const head = ['CELL', coverage.mode === 'runs' ? 'RUNS THAT HIT IT' : 'STATES/STEPS THAT HIT IT', 'MINIMUM'] as const;
  const width = [0, 1].map((col) => Math.max(head[col]!.length, ...rows.map((r) => r[col]!.length)));
  const line = (r: readonly string[]) => `${r[0]!.padEnd(width[0]!)}  ${r[1]!.padEnd(width[1]!)}  ${r[2]}`.trimEnd();
  const errors = coverage.cells.filter((c) => c.error !== undefined).map((c) => `  cell ${c.name} threw (counted as missed): ${c.error}`);
  return ['coverage:', line(head), ...rows.map(line), ...errors];
}

/** The same table in Markdown, with each cell's meaning. */
export function formatCoverageMarkdown(coverage: Coverage): string {
  const head = coverage.mode === 'runs' ? 'Runs that hit it' : 'States / steps that hit it';
  const rows = coverage.cells.map(
    (c) => `| \`${c.name}\` | ${c.meaning} | ${hitsCell(c, coverage.mode)} | ${minimumCell(c, coverage.mode)} |`,
  );
  return ['| Cell | Situation | ' + head + ' | Minimum |', '|---|---|---|---|', ...rows].join('\n');
}

/** One line for a matrix row: each cell's share, the missed ones marked. */
export function coverageSummary(coverage: Coverage): string {
  return coverage.cells
    .map((c) => `${c.name} ${percent(share(c))}${missed(c, coverage.mode) ? ' MISSED' : ''}`)
    .join(', ');
}
