#!/usr/bin/env node
// `npm run build`, and `prepare` (which npm ci runs): compile the CLI into dist/ with
// `tsc -p tsconfig.build.json`, then write dist/.built with the time the build started.
// bin/memcheck.js runs dist/ only while no source is newer than that time, so a source edited
// during a build makes the build stale, never silently current. The build goes to a scratch
// directory that then replaces dist/ whole, so a memcheck started meanwhile never sees a
// half-written dist/ (it sees the old build, or none and falls back to tsx).
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const scratch = join(root, `.dist-${process.pid}`);
const stale = join(root, `.dist-old-${process.pid}`);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // an install without devDependencies: bin/memcheck.js runs the sources through tsx
  console.warn('memcheck build: typescript is not installed, skipping the build (memcheck runs the sources through tsx)');
  process.exit(0);
}

const started = Date.now();
try {
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', scratch], { stdio: 'inherit' });
  if (run.status !== 0 || !existsSync(join(scratch, 'bin/main.js'))) {
    console.error(`memcheck build: tsc failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`);
    process.exit(1);
  }
  writeFileSync(join(scratch, '.built'), `${JSON.stringify({ started })}\n`);
  try {
    renameSync(dist, stale);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    renameSync(scratch, dist);
  } catch (error) {
    // a concurrent build put its dist/ in place first: that one is as good
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(stale, { recursive: true, force: true });
}
