import { Worker } from 'node:worker_threads';
import { EXIT } from '../errors.ts';

/**
 * Ctrl-C for a command that computes for long (check, explore, matrix). A check is one
 * synchronous loop, and a JavaScript SIGINT handler only runs when the main thread is idle, so
 * such a command runs on a worker thread: the main thread relays its output, catches SIGINT
 * and raises a shared flag; the command polls it where it reports progress, prints what it has
 * (the seed, the best counterexample so far), writes it with `--report`, and stops.
 */
export interface Interrupt {
  /** Whether SIGINT arrived. */
  readonly requested: () => boolean;
  /** The latest state in one line (seed, best so far): printed by the main thread if the command cannot stop in time. */
  readonly note: (line: string) => void;
  /** End the command here with `code`; the main thread exits once the output before it is out. */
  readonly stop: (code: number) => never;
}

/** The commands that run on a worker thread so that Ctrl-C can stop them with a partial summary. */
export const INTERRUPTIBLE = new Set(['check', 'explore', 'matrix']);

/** How long the main thread waits for the command to stop after SIGINT before it exits alone. */
const GRACE_MS = 3000;

/** What the worker thread sends the main thread, in order. */
export type WorkerMessage =
  | { readonly kind: 'out' | 'err'; readonly text: string }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'exit'; readonly code: number };

/** What the main thread hands the worker thread. */
export interface WorkerSetup {
  readonly argv: readonly string[];
  readonly registryModule: string;
  /** Int32 cell [0]: 1 once SIGINT arrived; cell [1]: where a stopped worker waits to be ended. */
  readonly shared: SharedArrayBuffer;
  readonly interactive: boolean;
}

/**
 * Run `memcheck argv` on a worker thread that loads the models from `registryModule`, relaying
 * its output; resolves to the exit status (130 after Ctrl-C, at once after a second one).
 */
export function runOnWorker(argv: readonly string[], registryModule: string): Promise<number> {
  const shared = new SharedArrayBuffer(8);
  const cells = new Int32Array(shared);
  const setup: WorkerSetup = { argv, registryModule, shared, interactive: Boolean(process.stderr.isTTY) };
  const worker = new Worker(new URL('./workerBootstrap.mjs', import.meta.url), { workerData: setup });
  let note = '';
  let timer: NodeJS.Timeout | undefined;
  return new Promise((resolve) => {
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      process.off('SIGINT', onSigint);
      if (timer) clearTimeout(timer);
      void worker.terminate();
      resolve(code);
    };
    const giveUp = () => {
      process.stderr.write(`\nmemcheck: interrupted${note === '' ? '' : `; ${note}`}\n`);
      finish(EXIT.interrupted);
    };
    const onSigint = () => {
      if (Atomics.load(cells, 0) === 1) return giveUp();
      Atomics.store(cells, 0, 1);
      timer = setTimeout(giveUp, GRACE_MS);
    };
    process.on('SIGINT', onSigint);
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'out') process.stdout.write(message.text);
      else if (message.kind === 'err') process.stderr.write(message.text);
      else if (message.kind === 'note') note = message.text;
      else if (message.kind === 'exit') finish(message.code);
    });
    worker.on('error', (error) => {
      process.stderr.write(`memcheck: internal error: ${error.message}\n`);
      finish(EXIT.modelError);
    });
    worker.on('exit', () => finish(EXIT.modelError));
  });
}
