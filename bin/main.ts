import { registry } from '../registry/index.ts';
import { formatOverhead, overheadRows } from '../models/vmemmap/overhead.ts';
import { runCli } from '../src/cli/main.ts';
import { processIo } from '../src/cli/io.ts';
import { corpusDir } from '../src/corpus/store.ts';

/** Wire the kernel models into the engine's CLI; an unexpected error is a bug, shown in full. */
export function main(argv: readonly string[]): number {
  const overhead = () => ({ rows: overheadRows(), text: formatOverhead(overheadRows()) });
  // the module a --workers thread imports: compiled to dist/bin/main.js, it is the compiled registry
  const registryModule = new URL(`../registry/index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href;
  return runCli(argv, { registry, registryModule, overhead, corpusDir: corpusDir() }, processIo);
}
