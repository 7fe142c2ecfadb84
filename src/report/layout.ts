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

/** A value in a short readable form: `{live: true, refcount: 1}`, cut to `max` characters. */
export function formatValue(value: unknown, max = 60): string {
  const text = render(value);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function render(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? value : String(value);
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  const fields = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${render(v)}`);
  return `{${fields.join(', ')}}`;
}

/** Knob values as `name=value` words. */
export function formatKnobs(knobs: Readonly<Record<string, unknown>>): string {
  return Object.entries(knobs)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
