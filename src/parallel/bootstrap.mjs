// A worker thread's entry point. Loader hooks are per thread: a worker starts without the
// TypeScript loader the CLI registered (bin/memcheck.js, or node --import tsx), so register
// tsx here before loading worker.ts. If loading fails, reply with the error and raise the
// done flag, so that the waiting main thread never hangs.
import { workerData } from 'node:worker_threads';

try {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts');
} catch (error) {
  const cells = new Int32Array(workerData.shared);
  workerData.port.postMessage({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  workerData.port.close();
  Atomics.add(cells, 0, 1);
  Atomics.notify(cells, 0);
}
