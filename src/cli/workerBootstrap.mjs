// The worker thread an interruptible command runs on (src/cli/interrupt.ts). Loader hooks are
// per thread: register tsx before loading the TypeScript entry, unless the compiled one is here.
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

try {
  const compiled = new URL('./cliWorker.js', import.meta.url);
  if (existsSync(compiled) && !/\.[cm]?tsx?$/.test(workerData.registryModule)) {
    await import(compiled.href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('./cliWorker.ts');
  }
} catch (error) {
  parentPort.postMessage({ kind: 'err', text: `memcheck: internal error: ${error instanceof Error ? error.message : String(error)}\n` });
  parentPort.postMessage({ kind: 'exit', code: 3 });
}
