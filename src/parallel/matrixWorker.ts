import { workerData } from 'node:worker_threads';
import { check } from '../check.ts';
import { modelFromModule, type MatrixReply, type MatrixTask } from './protocol.ts';

/**
 * One worker of `matrix --workers`: claim the next unchecked row (shared cell 1) until none is
 * left, reply each result on the port and count it in the shared cell the main thread waits on. A failure
 * is a reply too, so the main thread never waits for a row that will not come.
 */
async function main(task: MatrixTask): Promise<void> {
  const cells = new Int32Array(task.shared);
  const exports = (await import(task.source.module)) as Record<string, unknown>;
  for (let claimed = Atomics.add(cells, 1, 1); claimed < task.rows.length; claimed = Atomics.add(cells, 1, 1)) {
    const row = task.rows[claimed]!;
    let reply: MatrixReply;
    try {
      const model = modelFromModule(exports, row.model);
      if (model === undefined) throw new Error(`${task.source.module} exports no model '${row.model}'`);
      reply = { kind: 'result', row: row.index, result: check(model, row.configuration, task.options) };
    } catch (error) {
      reply = { kind: 'error', row: row.index, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    task.port.postMessage(reply);
    Atomics.add(cells, 0, 1);
    Atomics.notify(cells, 0);
  }
  task.port.close();
}

await main(workerData as MatrixTask);
