import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { runCli } from '../../src/cli/main.ts';
import type { CliDeps } from '../../src/cli/io.ts';

/**
 * What a doc quotes, found so that a test can hold it to the code. A fenced block whose first
 * line is `$ npx memcheck ARGS` shows that command's output (stdout and stderr, as a terminal
 * shows them); a ```ts block whose first line is `// from PATH` is an excerpt of that file,
 * verbatim, with `// ...` lines standing for what it leaves out.
 */
export interface QuotedRun {
  readonly argv: readonly string[];
  readonly output: string;
  /** Offsets of the output inside the doc, for rewriting it. */
  readonly start: number;
  readonly end: number;
}

export interface Excerpt {
  readonly path: string;
  readonly chunks: readonly string[];
}

const runBlock = /```[a-z]*\n\$ npx memcheck ([^\n]*)\n([\s\S]*?)```/g;
const excerptBlock = /```ts\n\/\/ from (\S+)\n([\s\S]*?)```/g;

export function quotedRuns(markdown: string): QuotedRun[] {
  return [...markdown.matchAll(runBlock)].map((m) => {
    const command = m[1]!;
    if (/["'\\$]/.test(command)) throw new Error(`quote a command without shell syntax: ${command}`);
    const start = m.index + m[0].indexOf('\n', m[0].indexOf('\n') + 1) + 1;
    return { argv: command.trim().split(/\s+/), output: m[2]!, start, end: start + m[2]!.length };
  });
}

export function excerpts(markdown: string): Excerpt[] {
  return [...markdown.matchAll(excerptBlock)].map((m) => ({
    path: m[1]!,
    chunks: m[2]!
      .split(/^\s*\/\/ \.\.\.\n/m)
      .map((chunk) => chunk.trimEnd())
      .filter((chunk) => chunk !== ''),
  }));
}

/** Run the CLI in-process as `npx memcheck ARGV` would, stdout and stderr in the order written. */
export function runQuoted(argv: readonly string[], deps: CliDeps): { code: number; text: string } {
  const lines: string[] = [];
  // As on a terminal: progress lines are overwritten in place and erased, so a slow run (a loaded
  // machine) shows the same output as a fast one.
  const io = { stdout: (s: string) => lines.push(s), stderr: (s: string) => lines.push(s), interactive: true, progress: () => {} };
  const code = runCli(argv, deps, io);
  return { code, text: `${lines.join('\n').trimEnd()}\n` };
}

/**
 * The part of an output a seed fixes: whitespace runs collapsed (so a wrap that moves with a
 * number's width does not count) and timings, rates and memory taken out.
 */
export function comparable(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\b\d+(?:\.\d+)?k? (steps|states)\/s\b/g, '# $1/s')
    .replace(/\b\d+(?:\.\d+)? (ms|s)\b/g, '# $1')
    .replace(/peak memory \d+(?:\.\d+)? [KMG]iB/g, 'peak memory # MiB')
    .replace(/\b\d+ bytes a state/g, '# bytes a state')
    .trim();
}

/**
 * Each quoted run of the doc whose output no longer matches what the command prints. With
 * MEMCHECK_UPDATE_DOCS=1 the doc is rewritten with the new outputs instead (review the diff:
 * the prose around a block may need the same change).
 */
export function staleRuns(docPath: string, deps: CliDeps): { command: string; quoted: string; actual: string }[] {
  const markdown = readFileSync(docPath, 'utf8');
  const runs = quotedRuns(markdown);
  const stale = runs
    .map((run) => ({ run, actual: runQuoted(run.argv, deps).text }))
    .filter(({ run, actual }) => comparable(run.output) !== comparable(actual));
  if (process.env.MEMCHECK_UPDATE_DOCS === '1' && stale.length > 0) {
    let updated = markdown;
    for (const { run, actual } of [...stale].reverse()) updated = updated.slice(0, run.start) + actual + updated.slice(run.end);
    writeFileSync(docPath, updated);
    return [];
  }
  return stale.map(({ run, actual }) => ({ command: `npx memcheck ${run.argv.join(' ')}`, quoted: run.output, actual }));
}

/** Each excerpt of the doc that is no longer verbatim in its file, as `path: first line`. */
export function staleExcerpts(docPath: string): string[] {
  return excerpts(readFileSync(docPath, 'utf8')).flatMap(({ path, chunks }) => {
    if (!existsSync(path)) return [`${path}: no such file`];
    const source = readFileSync(path, 'utf8');
    return chunks.filter((chunk) => !source.includes(chunk)).map((chunk) => `${path}: ${chunk.split('\n')[0]}`);
  });
}

/** The relative link targets of a Markdown file that do not exist (anchors and URLs left out). */
export function brokenLinks(docPath: string): string[] {
  const dir = docPath.includes('/') ? docPath.slice(0, docPath.lastIndexOf('/') + 1) : '';
  const markdown = readFileSync(docPath, 'utf8');
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
    .filter((target) => !existsSync(dir + target))
    .map((target) => `${docPath}: ${target}`);
}
