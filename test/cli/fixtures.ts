import { runCli } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';
import { withProperties } from '../../src/index.ts';
import { refcountModel, refcountProperties, type PoolState } from '../fixtures/refcountModel.ts';

/**
 * The refcount pool with one more property that throws once an object has two holders: a
 * model bug, which the CLI must report as a model error (exit 3), never as a violation.
 */
export const throwingModel = withProperties({ ...refcountModel, name: 'throwing' }, [
  ...refcountProperties,
  {
    kind: 'always',
    name: 'throws-when-shared',
    meaning: 'a buggy property: it throws on a shared object',
    check: (s: PoolState) => {
      if (s.objects.some((o) => o.holders >= 2)) throw new Error('property bug: this property throws on purpose once an object has two holders');
      return undefined;
    },
  },
]);

/** Run the CLI in-process over the refcount and throwing models, collecting exit code and output. */
export function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), interactive: false };
  const code = runCli(argv, { registry: [refcountModel, throwingModel] }, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
