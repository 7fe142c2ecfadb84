import { workerData } from 'node:worker_threads';
import { check } from '../check.ts';
import { COUNTERS_PER_WORKER, modelFromModule, type WorkerReply, type WorkerTask } from './protocol.ts';

/**
 * One worker thread: load the model, run `check` on its own seed stream, reply on the port,
 * then raise the done flag the blocked main thread waits on. Every failure is a reply, so the
 * main thread never waits for a worker that died.
 */
async function main(task: WorkerTask): Promise<void> {
  const cells = new Int32Array(task.shared);
  const counters = 1 + task.index * COUNTERS_PER_WORKER;
  let reply: WorkerReply;
  try {
    const exports = (await import(task.source.module)) as Record<string, unknown>;
    const model = modelFromModule(exports, task.source.name);
    if (model === undefined) throw new Error(`${task.source.module} exports no model '${task.source.name}'`);
    const result = check(model, task.configuration, {
      ...task.options,
      onProgress: (p) => {
        Atomics.store(cells, counters, p.runs);
        Atomics.store(cells, counters + 1, Math.min(p.steps, 2 ** 31 - 1));
      },
    });
    reply = { kind: 'result', result };
  } catch (error) {
    reply = { kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  task.port.postMessage(reply);
  task.port.close();
  Atomics.add(cells, 0, 1);
  Atomics.notify(cells, 0);
}

await main(workerData as WorkerTask);
