/**
 * Paired A/B of the search: `explore` of one registered model by two checkouts' engines in one
 * process, taking turns (A B, B A, ...), CPU seconds a run and their medians. Fresh processes
 * one after another measured the load of the machine's other work as much as the change (the
 * same build varied 20% from one process to the next); turns in one process see the same load.
 * The first round includes the JIT's warm-up and is shown, not counted apart.
 *
 *   node --import tsx bench/pairExplore.ts OTHER_CHECKOUT [MODEL] [STATES] [ROUNDS]
 *
 * e.g. `git worktree add /tmp/base main`, then `... bench/pairExplore.ts /tmp/base folio 150000 7`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from '../src/configuration.ts';
import type { ExploreOptions } from '../src/explore/explore.ts';
import type { AnyModel } from '../src/model.ts';
import type { ExhaustiveResult } from '../src/result.ts';

interface Engine {
  readonly models: Record<string, AnyModel>;
  readonly explore: (model: AnyModel, configuration: Configuration, options: ExploreOptions) => ExhaustiveResult;
  readonly resolveConfiguration: (model: AnyModel, variant?: string) => Configuration;
}

async function load(root: string): Promise<Engine> {
  const registry = (await import(`${root}/registry/index.ts`)) as { models: Record<string, AnyModel> };
  const search = (await import(`${root}/src/explore/explore.ts`)) as Pick<Engine, 'explore'>;
  const configuration = (await import(`${root}/src/configuration.ts`)) as Pick<Engine, 'resolveConfiguration'>;
  return { models: registry.models, explore: search.explore, resolveConfiguration: configuration.resolveConfiguration };
}

const [other, name = 'folio', states = '150000', rounds = '7'] = process.argv.slice(2);
if (other === undefined) {
  console.error('memcheck: usage: bench/pairExplore.ts OTHER_CHECKOUT [MODEL] [STATES] [ROUNDS]');
  process.exit(2);
}
const roots = { this: fileURLToPath(new URL('..', import.meta.url)), other: resolve(other) };
const runs: Record<string, () => { cpu: number; distinct: number }> = {};
for (const [label, root] of Object.entries(roots)) {
  const engine = await load(root);
  const model = engine.models[name];
  if (model === undefined) {
    console.error(`memcheck: no model '${name}' in ${root}`);
    process.exit(2);
  }
  const configuration = engine.resolveConfiguration(model);
  runs[label] = () => {
    const before = process.cpuUsage();
    const result = engine.explore(model, configuration, { maxStates: Number(states) });
    const used = process.cpuUsage(before);
    return { cpu: (used.user + used.system) / 1e6, distinct: result.distinctStates };
  };
}
const cpu: Record<string, number[]> = { this: [], other: [] };
const distinct = new Set<number>();
for (let round = 0; round < Number(rounds); round++) {
  for (const label of round % 2 === 0 ? ['other', 'this'] : ['this', 'other']) {
    const run = runs[label]!();
    cpu[label]!.push(run.cpu);
    distinct.add(run.distinct);
  }
}
const median = (xs: readonly number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
for (const label of ['other', 'this']) {
  console.log(`${label.padEnd(5)} ${cpu[label]!.map((s) => s.toFixed(2)).join(' ')}  median ${median(cpu[label]!).toFixed(2)} CPU s`);
}
// both engines must find the same states, or the comparison is of different work
if (distinct.size !== 1) console.log(`distinct states differ: ${[...distinct].join(', ')}`);
