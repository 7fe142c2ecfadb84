/** Reports fit an 80-column email. */
export const WIDTH = 80;

/** Wrap one line at spaces to the width, continuing with a hanging indent. */
export function wrap(line: string, indent: string, width = WIDTH): string[] {
  if (line.length <= width) return [line];
  const lines: string[] = [];
  let rest = line;
  let prefix = '';
  while ((prefix + rest).length > width) {
    const room = width - prefix.length;
    let cut = rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = room; // one word longer than the line: break it
    lines.push(prefix + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    prefix = indent;
  }
  if (rest.length > 0) lines.push(prefix + rest);
  return lines;
}

/**
 * A value in a readable form, in full: `{live: true, refcount: 1}`; a run of equal array
 * elements is written once with its count, `[{refcount: 0} x4, {kind: free}]`.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'none';
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${runs(value.map(formatValue)).join(', ')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${formatValue(k)}: ${formatValue(v)}`).join(', ')}}`;
  if (value instanceof Set) return `{${[...value].map(formatValue).join(', ')}}`;
  const fields = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${formatValue(v)}`);
  return `{${fields.join(', ')}}`;
}

/** `a, a, a, b` -> `a x3, b` */
function runs(items: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; ) {
    let j = i + 1;
    while (j < items.length && items[j] === items[i]) j++;
    out.push(j - i > 1 ? `${items[i]} x${j - i}` : items[i]!);
    i = j;
  }
  return out;
}

/** Knob values as `name=value` words. */
export function formatKnobs(knobs: Readonly<Record<string, unknown>>): string {
  return Object.entries(knobs)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
