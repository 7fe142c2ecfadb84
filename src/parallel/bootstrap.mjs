// A worker thread's entry point. Loader hooks are per thread: a worker starts without the
// TypeScript loader the CLI registered (bin/memcheck.js, or node --import tsx), so register
// tsx here before loading worker.ts. Compiled (dist/src/parallel/, next to worker.js, built by
// tsconfig.build.json) the worker is plain JavaScript and needs tsx only for a model module
// that is still TypeScript. If loading fails, reply with the error and raise the done flag, so
// that the waiting main thread never hangs.
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

// `check --workers` runs worker.ts; `matrix --workers` names matrixWorker.ts as its entry.
const entry = workerData.entry ?? 'worker';
try {
  const compiled = new URL(`./${entry}.js`, import.meta.url);
  if (existsSync(compiled) && !/\.[cm]?tsx?$/.test(workerData.source.module)) {
    await import(compiled.href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(`./${entry}.ts`);
  }
} catch (error) {
  const cells = new Int32Array(workerData.shared);
  workerData.port.postMessage({ kind: 'error', row: -1, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  workerData.port.close();
  Atomics.add(cells, 0, workerData.expected ?? 1);
  Atomics.notify(cells, 0);
}
