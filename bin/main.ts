import { registry } from '../models/index.ts';
import { formatOverhead, overheadRows } from '../models/vmemmap/overhead.ts';
import { runCli } from '../src/cli/main.ts';
import { processIo } from '../src/cli/io.ts';

/** Wire the kernel models into the engine's CLI; an unexpected error is a bug, shown in full. */
export function main(argv: readonly string[]): number {
  const overhead = () => ({ rows: overheadRows(), text: formatOverhead(overheadRows()) });
  const registryModule = new URL('../models/index.ts', import.meta.url).href;
  return runCli(argv, { registry, registryModule, overhead }, processIo);
}
