import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { CheckOptions } from '../check.ts';
import type { Configuration } from '../configuration.ts';
import type { AnyModel } from '../model.ts';
import type { RandomResult } from '../result.ts';
import type { MatrixReply, MatrixTask } from './protocol.ts';

/** One row of the matrix: a model and one of its configurations. */
export interface MatrixRow {
  readonly model: AnyModel;
  readonly configuration: Configuration;
}

/**
 * Check the rows on `workers` threads, each worker taking the next unclaimed row when it is
 * free (rows cost from milliseconds to seconds, so a fixed share left one worker idle while the
 * other ran its last slow rows), each with the same options as a plain `check`, so a row's
 * result is the one `check --seed S` gives. Blocks until every row is done, handing each
 * result over as it arrives, in any order.
 */
export function checkRowsInWorkers(
  module: string,
  rows: readonly MatrixRow[],
  options: Omit<CheckOptions, 'onProgress'>,
  workers: number,
  onResult: (row: number, result: RandomResult) => void,
): void {
  const shared = new SharedArrayBuffer(8);
  const cells = new Int32Array(shared);
  const all = rows.map((row, index) => ({ index, model: row.model.name, configuration: row.configuration }));
  const spawned = Array.from({ length: Math.min(workers, rows.length) }, () => {
    const { port1, port2 } = new MessageChannel();
    const task: MatrixTask = { entry: 'matrixWorker', expected: all.length, source: { module }, rows: all, options, shared, port: port2 };
    const worker = new Worker(new URL('./bootstrap.mjs', import.meta.url), { workerData: task, transferList: [port2] });
    return { worker, port: port1 };
  });
  try {
    let handled = 0;
    while (handled < rows.length) {
      Atomics.wait(cells, 0, handled, 200);
      for (const { port } of spawned) {
        for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
          const reply = message.message as MatrixReply;
          if (reply.kind === 'error') throw new Error(`matrix worker failed on row ${reply.row}: ${reply.message}`);
          handled++;
          onResult(reply.row, reply.result);
        }
      }
    }
  } finally {
    for (const { worker, port } of spawned) {
      port.close();
      void worker.terminate();
    }
  }
}
