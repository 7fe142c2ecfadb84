import { registry } from '../models/index.ts';
import { runCli } from '../src/cli/main.ts';
import { processIo } from '../src/cli/io.ts';

/** Wire the kernel models into the engine's CLI; an unexpected error is a bug, shown in full. */
export function main(argv: readonly string[]): number {
  return runCli(argv, { registry }, processIo);
}
