import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/memcheck.js');

/** Start `memcheck argv`, send SIGINT once stderr shows `ready`, and collect how it ends. */
function interrupt(argv: readonly string[], ready: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...argv], { env: { ...process.env, MEMCHECK_PROGRESS_MS: '200' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!sent && ready.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('Ctrl-C', () => {
  it('should stop a long check with the seed and the runs so far, exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memcheck-int-'));
    const result = await interrupt(['check', 'folio', '--runs', '10000000', '--seed', '7', '--report', dir], /\/10000000 runs/);
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/interrupted after \d+ of 10000000 runs, seed 7: no counterexample so far/);
    expect(readdirSync(dir)).toEqual([]); // nothing found, nothing to write
  }, 60_000);
});
