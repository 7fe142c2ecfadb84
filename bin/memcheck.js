#!/usr/bin/env node
// Runs the CLI compiled into dist/ by `npm run build` (npm ci runs it as `prepare`) while that
// build started after the last edit of every source; otherwise the TypeScript sources through
// tsx, as before there was a build, so an edited source never runs stale. The check stats the
// ~200 source files: a few milliseconds, against ~1 s of transpiling.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The newest modification time (ms) of the files under dir (those ending in suffix, if given). */
function newest(dir, suffix) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    const mtime = entry.isDirectory() ? newest(path, suffix) : suffix === undefined || entry.name.endsWith(suffix) ? statSync(path).mtimeMs : 0;
    if (mtime > latest) latest = mtime;
  }
  return latest;
}

/** Whether dist/ holds a build of the current sources and compiler configuration. */
function built() {
  let started;
  try {
    started = JSON.parse(readFileSync(`${root}dist/.built`, 'utf8')).started;
  } catch {
    return false;
  }
  const edited = [
    statSync(`${root}tsconfig.json`).mtimeMs,
    statSync(`${root}tsconfig.build.json`).mtimeMs,
    newest(`${root}bin`, '.ts'),
    ...['src', 'models', 'properties', 'registry'].map((dir) => newest(`${root}${dir}`)),
  ];
  return typeof started === 'number' && edited.every((mtime) => mtime < started);
}

let main;
if (built()) {
  ({ main } = await import('../dist/bin/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
