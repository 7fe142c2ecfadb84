import type { Configuration } from '../configuration.ts';
import { buildMachine, initialState, markWitnesses } from '../machine.ts';
import type { AnyModel, StatePacking } from '../model.ts';
import { meets, type ExhaustiveResult } from '../result.ts';
import { NEVER_STUCK } from '../run.ts';
import type { ExploreOptions, ExploreStats } from './explore.ts';
import { CodeQueue, PackedSearch, codeOf, expandLevel, stuck } from './packedLevel.ts';
import { memoryInUse, outcomeOf } from './search.ts';

/** The same default as `explore` (not imported: explore.ts imports this file). */
const DEFAULT_MAX_STATES = 1_000_000;

/**
 * `explore` for a model that packs its states into integers (`Model.pack`): the same
 * breadth-first search, the same guards, recipes and properties on decoded states, the same
 * result; but the queue holds one integer a state, and the visited set the integer itself
 * (an exact set: no fingerprint can collide). Each enabled action's recipe runs on a fresh
 * decoding of the state it starts from, which `decode` provides; or, when the packing offers
 * `decodeInto`, on one working state decoded into again before each recipe, and a new
 * successor is decoded again from its code for its properties: nothing allocated a transition.
 */
export function explorePacked(
  model: AnyModel,
  pack: StatePacking<unknown, Configuration['knobs']>,
  configuration: Configuration,
  options: ExploreOptions,
): ExhaustiveResult {
  const started = performance.now();
  const baseline = memoryInUse();
  const checked = options.properties;
  const machine = buildMachine(model, configuration.knobs, { mode: 'fast', ...(checked === undefined ? {} : { properties: checked }) });
  const depthLimit = options.depth ?? Number.POSITIVE_INFINITY;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const symmetry = options.symmetry !== false && model.symmetry !== undefined;
  const search = new PackedSearch(model, machine, pack, symmetry, maxStates, options, started);
  const { knobs, enabledAt } = machine;
  const { encode, decode } = pack;
  let depth = 0;
  let exhaustiveTo = 0;

  const start = initialState(machine);
  if (start.kind === 'model-error') search.ending = { kind: 'model-error', error: start.error, path: [] };
  else if (start.kind === 'violation') search.ending = { ...start, kind: 'violation', path: [] };
  else if (start.kind === 'ok') {
    try {
      const own = codeOf(model.name, encode, start.state, knobs);
      search.visited.add(search.canonical === undefined ? own : codeOf(model.name, encode, search.canonical(start.state, knobs), knobs));
      search.queue.push(own);
      if (search.decodeInto !== undefined) {
        search.expanded = decode(own, knobs);
        search.work = decode(own, knobs);
      }
      search.parents.push(0, -1);
      search.vias.push(0, -1);
      markWitnesses(machine, start.state, search.reached);
      if (search.neverStuck && stuck(enabledAt, start.state)) search.ending = { kind: 'violation', property: NEVER_STUCK, message: 'no action is enabled', path: [] };
    } catch (error) {
      search.ending = { kind: 'model-error', error, path: [] };
    }
  }

  /** The first id of the level being expanded. */
  let firstId = 0;
  while (search.ending === undefined && search.queue.length > 0) {
    if (depth >= depthLimit) {
      search.bound = 'depth';
      search.left = search.queue.length;
      break;
    }
    const level = search.queue;
    search.queue = new CodeQueue();
    if (!expandLevel(search, level, firstId, depth)) {
      // a bound met inside the level: its states were found one step deeper
      if (search.bound !== undefined) depth++;
      break;
    }
    firstId += level.length;
    search.peakMemory = Math.max(search.peakMemory, memoryInUse());
    exhaustiveTo = depth + 1;
    if (search.queue.length > 0) depth++;
  }
  if (search.ending !== undefined) search.left = 0;
  const { ending, bound, visited, reached } = search;

  const elapsedMs = performance.now() - started;
  const outcome = outcomeOf(machine, ending, reached);
  const complete = ending === undefined && bound === undefined;
  const exploration: ExploreStats = {
    distinctStates: visited.size,
    generated: search.generated,
    depth,
    queue: search.left,
    complete,
    ...(bound === undefined ? {} : { bound }),
    exhaustiveTo: complete ? depth : exhaustiveTo,
    statesPerSecond: elapsedMs > 0 ? Math.round((visited.size * 1000) / elapsedMs) : 0,
    peakMemoryBytes: search.peakMemory,
    peakBytesPerState: visited.size > 0 ? Math.max(0, Math.round((search.peakMemory - baseline) / visited.size)) : 0,
    // the visited set holds the states themselves
    collisionOdds: 0,
    symmetry,
    options: {
      maxStates,
      ...(Number.isFinite(depthLimit) ? { depth: depthLimit } : {}),
      ...(checked === undefined ? {} : { properties: checked }),
    },
  };
  return {
    model: model.name,
    configuration,
    mode: 'exhaustive',
    steps: search.generated,
    distinctStates: visited.size,
    elapsedMs,
    witnesses: machine.witnesses.map((w) => ({ name: w.name, reached: reached.has(w.name) })),
    outcome,
    met: meets(configuration.expect, outcome),
    exploration,
  };
}
