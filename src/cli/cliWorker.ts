import { parentPort, workerData } from 'node:worker_threads';
import type { AnyModel } from '../model.ts';
import type { Interrupt, WorkerMessage, WorkerSetup } from './interrupt.ts';
import type { Io } from './io.ts';
import { corpusDir } from '../corpus/store.ts';
import { runCli } from './main.ts';

/** Run one interruptible command on this worker thread; output and the exit status go to the main thread. */
async function main(setup: WorkerSetup): Promise<void> {
  const post = (message: WorkerMessage) => parentPort!.postMessage(message);
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const cells = new Int32Array(setup.shared);
  const io: Io = {
    stdout: (text) => post({ kind: 'out', text: line(text) }),
    stderr: (text) => post({ kind: 'err', text: line(text) }),
    progress: (text) => post({ kind: 'err', text }),
    interactive: setup.interactive,
  };
  const interrupt: Interrupt = {
    requested: () => Atomics.load(cells, 0) === 1,
    note: (text) => post({ kind: 'note', text }),
    stop: (code) => {
      post({ kind: 'exit', code });
      // the main thread ends this thread once it has the output; nothing more runs here
      for (;;) Atomics.wait(cells, 1, 0);
    },
  };
  const exports = (await import(setup.registryModule)) as { registry?: readonly AnyModel[] };
  const registry = exports.registry ?? [];
  post({ kind: 'exit', code: runCli(setup.argv, { registry, registryModule: setup.registryModule, interrupt, corpusDir: corpusDir() }, io) });
}

await main(workerData as WorkerSetup);
