import { registry } from '../registry/index.ts';
import { formatOverhead, overheadRows } from '../models/vmemmap/overhead.ts';
import { runCli } from '../src/cli/main.ts';
import { processIo } from '../src/cli/io.ts';
import { INTERRUPTIBLE, runOnWorker } from '../src/cli/interrupt.ts';
import { corpusDir } from '../src/corpus/store.ts';

/**
 * Wire the kernel models into the engine's CLI; an unexpected error is a bug, shown in full.
 * check, explore and matrix run on a worker thread, so that Ctrl-C gets a partial summary.
 */
export function main(argv: readonly string[]): number | Promise<number> {
  const overhead = () => ({ rows: overheadRows(), text: formatOverhead(overheadRows()) });
  // the module a --workers thread imports: compiled to dist/bin/main.js, it is the compiled registry
  const registryModule = new URL(`../registry/index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href;
  if (INTERRUPTIBLE.has(argv[0] ?? '') && !argv.includes('--help') && !argv.includes('-h')) return runOnWorker(argv, registryModule);
  return runCli(argv, { registry, registryModule, overhead, corpusDir: corpusDir() }, processIo);
}
