// One measurement in a process of its own, so that its peak memory is its own: the parent
// (bench/spawn.ts) passes a RunSpec as JSON and reads one JSON Sample back from stdout.
import { IN_PROCESS_ENGINES, runInProcess, type InProcessEngine, type RunSpec } from './engines.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as RunSpec;
if (!(IN_PROCESS_ENGINES as readonly string[]).includes(spec.engine)) {
  console.error(`bench/child: unknown engine '${spec.engine}'`);
  process.exit(2);
}
const sample = runInProcess({ ...spec, engine: spec.engine as InProcessEngine });
// resourceUsage().maxRSS is in KiB
console.log(JSON.stringify({ ...sample, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
