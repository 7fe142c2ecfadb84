import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { InProcessEngine, RunSpec, Sample } from './engines.ts';

// `--import tsx` resolves from the working directory: the project's, wherever the parent runs
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What a finished child process printed, how it ended, and how long it took. */
export interface ChildOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly wallMs: number;
}

/**
 * Run `node ...args` to the end and collect its output; never rejects on a non-zero exit.
 * `echoStderr` also passes the child's stderr (its progress) on to this process's as it comes.
 */
export function runNode(args: readonly string[], options: { readonly echoStderr?: boolean } = {}): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (options.echoStderr === true) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code, wallMs: performance.now() - started }));
  });
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/** Run one measurement of an engine of ours in a fresh process (bench/child.ts). */
export async function runChild(spec: RunSpec & { readonly engine: InProcessEngine }): Promise<Sample> {
  const out = await runNode(['--import', 'tsx', CHILD, JSON.stringify(spec)]);
  const line = out.stdout.trim().split('\n').pop() ?? '';
  if (out.code !== 0 || !line.startsWith('{')) {
    throw new Error(`bench: ${spec.engine} (${spec.variant}) exited ${out.code}: ${out.stderr.trim()}`);
  }
  return { ...(JSON.parse(line) as Sample), wallMs: out.wallMs };
}
