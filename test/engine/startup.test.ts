import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/memcheck.js');
const NOT_COMPILED = 'startup test: not the compiled build';

// Loader hooks that fail any import of tsx or of a TypeScript file. Passed with --import, they
// run on the main thread and, through the inherited execArgv, on every worker thread: a run
// that succeeds under them ran the JavaScript in dist/ throughout.
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'tsx' || specifier.startsWith('tsx/')) throw new Error('${NOT_COMPILED}: ' + specifier);
  const resolved = await next(specifier, context);
  if (/\\.[cm]?tsx?$/.test(resolved.url)) throw new Error('${NOT_COMPILED}: ' + resolved.url);
  return resolved;
}`;
const dataUrl = (code: string) => `data:text/javascript,${encodeURIComponent(code)}`;
const compiledOnly = dataUrl(`import { register } from 'node:module'; register(${JSON.stringify(dataUrl(hooks))});`);

function build(): void {
  const result = spawnSync(process.execPath, [join(root, 'bin/build.mjs')], { encoding: 'utf8' });
  expect(result.status, result.stdout + result.stderr).toBe(0);
}

/** `node bin/memcheck.js ...args`, failing unless it runs the compiled build. */
function runCompiled(args: readonly string[]): SpawnSyncReturns<string> {
  const run = () => spawnSync(process.execPath, ['--import', compiledOnly, bin, ...args], { encoding: 'utf8', cwd: root });
  let result = run();
  // a source edited since the build (in a shared working tree) rightly makes bin/memcheck.js
  // fall back to tsx: build again, once
  if (result.stderr.includes(NOT_COMPILED)) {
    build();
    result = run();
  }
  return result;
}

describe('memcheck from the compiled build (dist/)', () => {
  beforeAll(build, 180_000);

  it('should list every registered model', () => {
    const result = runCompiled(['list', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const listed = (JSON.parse(result.stdout) as { name: string }[]).map((m) => m.name);
    expect(listed).toEqual(registry.map((m) => m.name));
  });

  it('should check with --workers, the worker threads loading the compiled registry', () => {
    const result = runCompiled(['check', 'slab-recursion', '--workers', '2', '--runs', '50', '--seed', '1', '--json']);
    expect(result.stderr).not.toContain(NOT_COMPILED);
    expect(result.status, result.stderr).toBe(0);
    const checked = JSON.parse(result.stdout) as { model: string; mode: string; runs: number; workers: { runs: number }[] };
    expect(checked).toMatchObject({ model: 'slab-recursion', mode: 'parallel', runs: 50 });
    expect(checked.workers.map((w) => w.runs)).toEqual([25, 25]);
  });
});
