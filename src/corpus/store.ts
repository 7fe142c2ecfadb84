import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { counterexampleFile, parseCounterexample, type CounterexampleFile } from '../counterexampleFile.ts';
import { memcheckError } from '../errors.ts';
import type { AnyModel } from '../model.ts';
import type { CheckResult } from '../result.ts';

/**
 * The failure corpus: every counterexample a check, an explore or a test found, one
 * `.counterexample.json` file each under `<dir>/<model>/`, replayed first by the next check
 * of that model and configuration (as Hypothesis's example database). Kept in the repository
 * of a proposal, it makes a failure stay found.
 */

/** Where the CLI and the test helpers keep the corpus unless told otherwise. */
export const DEFAULT_CORPUS_DIR = join('.memcheck', 'corpus');

/** The corpus directory: `MEMCHECK_CORPUS_DIR`, or `.memcheck/corpus` under the working directory. */
export function corpusDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MEMCHECK_CORPUS_DIR ?? DEFAULT_CORPUS_DIR;
}

/** One file of the corpus, read back; `file` is absent when it does not parse. */
export interface CorpusEntry {
  readonly path: string;
  readonly model: string;
  readonly file?: CounterexampleFile;
  readonly error?: string;
}

const canonical = (action: object) => JSON.stringify(action, Object.keys(action).sort());

/** The failure a file records: its property, or `model-error`. */
export const failureName = (file: CounterexampleFile) => (file.failure.kind === 'violation' ? file.failure.property : 'model-error');

/** The entry's file name: the failure, then a hash of the failure and the actions (the dedup key). */
export function entryName(file: CounterexampleFile): string {
  const key = `${failureName(file)}\n${file.actions.map(canonical).join('\n')}`;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `${failureName(file)}-${hash}.counterexample.json`;
}

/**
 * Keep a check's counterexample (none for a holding check). Returns the entry's path and
 * whether it is new: one with the same failure and actions is kept once.
 */
export function keep(dir: string, model: AnyModel, result: CheckResult): { path: string; added: boolean } | undefined {
  const file = counterexampleFile(model, result);
  if (file === undefined) return undefined;
  const folder = join(dir, model.name);
  const path = join(folder, entryName(file));
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx' });
    return { path, added: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { path, added: false };
    throw memcheckError('MC006', `cannot keep the counterexample in ${folder}: ${(error as Error).message}`);
  }
}

/** Every entry of the corpus, or of one model's folder, in name order. */
export function entries(dir: string, model?: string): CorpusEntry[] {
  const models = model === undefined ? listDir(dir) : [model];
  return models.flatMap((name) =>
    listDir(join(dir, name))
      .filter((f) => f.endsWith('.counterexample.json'))
      .map((f): CorpusEntry => {
        const path = join(dir, name, f);
        try {
          return { path, model: name, file: parseCounterexample(readFileSync(path, 'utf8'), path) };
        } catch (error) {
          return { path, model: name, error: (error as Error).message };
        }
      }),
  );
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Remove one entry's file. */
export function remove(path: string): void {
  unlinkSync(path);
}
