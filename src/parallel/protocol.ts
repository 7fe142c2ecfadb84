import type { MessagePort } from 'node:worker_threads';
import type { CheckOptions } from '../check.ts';
import type { Configuration } from '../configuration.ts';
import type { AnyModel } from '../model.ts';
import type { RandomResult } from '../result.ts';

/**
 * Where a worker thread finds a model: models are code, so a worker imports the module and
 * takes the exported model of that name (or the one of that name in an exported array, such
 * as `registry/index.ts`'s registry).
 */
export interface ModelSource {
  /** A file URL of the module. */
  readonly module: string;
  readonly name: string;
}

/** Counters a worker publishes for the progress line: runs, then steps, per worker. */
export const COUNTERS_PER_WORKER = 2;

/** What the main thread hands a worker (structured-cloned). */
export interface WorkerTask {
  readonly source: ModelSource;
  readonly configuration: Configuration;
  readonly options: Omit<CheckOptions, 'onProgress'>;
  readonly index: number;
  /** Int32 cells: [0] done flag the main thread waits on; then the per-worker counters. */
  readonly shared: SharedArrayBuffer;
  readonly port: MessagePort;
}

export type WorkerReply = { readonly kind: 'result'; readonly result: RandomResult } | { readonly kind: 'error'; readonly message: string };

/** Find the model `name` among a module's exports. */
export function modelFromModule(exports: Record<string, unknown>, name: string): AnyModel | undefined {
  const candidates = Object.values(exports).flatMap((value) => (Array.isArray(value) ? value : [value]));
  return candidates.find(
    (value): value is AnyModel =>
      typeof value === 'object' && value !== null && (value as { name?: unknown }).name === name && 'transitions' in value && 'properties' in value,
  );
}

/** What `matrix --workers` hands one worker: its rows (every K-th), each checked in turn. */
export interface MatrixTask {
  /** The worker script bootstrap.mjs loads; its failure counts `expected` rows as done. */
  readonly entry: 'matrixWorker';
  readonly expected: number;
  readonly source: { readonly module: string };
  readonly rows: readonly { readonly index: number; readonly model: string; readonly configuration: Configuration }[];
  readonly options: Omit<CheckOptions, 'onProgress'>;
  /** Int32 cells: [0] rows done, summed over the workers (the main thread waits on it); [1] the next row to claim. */
  readonly shared: SharedArrayBuffer;
  readonly port: MessagePort;
}

export type MatrixReply =
  | { readonly kind: 'result'; readonly row: number; readonly result: RandomResult }
  | { readonly kind: 'error'; readonly row: number; readonly message: string };
