// Runs the Quint CLI inside this process, with the arguments given, so that its peak memory can
// be read on exit: Node reports maxRSS only for itself. Plain JavaScript, not TypeScript, so
// that Quint's start-up is not charged with loading tsx.
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = require.resolve('@informalsystems/quint/dist/src/cli.js');
process.on('exit', () => {
  // resourceUsage().maxRSS is in KiB; the marker keeps it apart from Quint's own stderr
  writeSync(2, `\n@@bench-max-rss ${process.resourceUsage().maxRSS * 1024}\n`);
});
process.argv = [process.argv[0], cli, ...process.argv.slice(2)];
require(cli);
