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
  it('should stop a long check with its seed and what it found so far, exit 130, writing nothing when that is nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memcheck-int-'));
    // the proposal over many runs of 10000 steps: SIGINT lands in the runs (a known-bad variant
    // is now found and shrunk before the first progress line)
    const argv = ['check', 'folio', '--variant', 'proposal', '--runs', '100000', '--max-steps', '10000', '--seed', '1', '--no-corpus', '--report', dir];
    const result = await interrupt(argv, /\/100000 runs/);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stdout).toMatch(/interrupted after \d+ of 100000 runs, seed 1: no counterexample so far/);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});
