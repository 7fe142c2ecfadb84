import type { Configuration } from '../configuration.ts';
import * as machineModule from '../machine.ts';
import type { ActionBase, AnyModel, StatePacking } from '../model.ts';
import { meets, type ExhaustiveResult } from '../result.ts';
import { NEVER_STUCK } from '../run.ts';
import { CodeSet } from './codeSet.ts';
import type { ExploreOptions, ExploreStats } from './explore.ts';
import { IntColumn, memoryInUse, outcomeOf, type Ending } from './search.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module.
const { brokenAlways, brokenStep, buildMachine, initialState, markWitnesses } = machineModule;

type Recipe = (draft: unknown, action: ActionBase, knobs: Configuration['knobs']) => void;
type Guard = (state: unknown, action: ActionBase, knobs: Configuration['knobs']) => boolean;

const PROGRESS_EVERY_MS = 1000;
/** New states between looks at the clock and the heap (the heap's size is costly to ask). */
const SAMPLE_EVERY = 16384;

/** The same default as `explore` (not imported: explore.ts imports this file). */
const DEFAULT_MAX_STATES = 1_000_000;

/** A grown-on-demand Int32Array queue of packed states. */
class CodeQueue {
  data = new Int32Array(1 << 14);
  length = 0;
  push(code: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = code;
  }
}

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
  const { knobs, alphabet, enabledAt } = machine;
  const recipes = model.transitions as Record<string, Recipe>;
  const recipeAt = alphabet.map((action) => recipes[action.kind]!);
  const guards = model.guards as Record<string, Guard>;
  const guardAt = alphabet.map((action) => guards[action.kind]!);
  const { encode, decode } = pack;
  const decodeInto = pack.decodeInto as ((code: number, knobs: Configuration['knobs'], into: unknown) => unknown) | undefined;
  const deadline = options.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : started + options.timeLimitMs;
  const depthLimit = options.depth ?? Number.POSITIVE_INFINITY;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const symmetry = options.symmetry !== false && model.symmetry !== undefined;
  const always = machine.always;
  const hasSteps = machine.steps.length > 0;
  const witnesses = machine.witnesses.length;
  /** A state's code, checked: an integer the queue and the visited set can hold. */
  const codeOf = (state: unknown): number => {
    const code = encode(state, knobs);
    if ((code | 0) !== code || code < 0) throw new Error(`${model.name}: pack.encode gave ${code}, not an integer 0..2^31-1`);
    return code;
  };
  const keyOf = symmetry ? (state: unknown): number => codeOf(model.symmetry!(state, knobs)) : codeOf;
  const reached = new Set<string>();
  /** The successors of the state being expanded: action index, key and state. */
  const indices = new Int32Array(alphabet.length);
  const keys = new Int32Array(alphabet.length);
  const successors: unknown[] = new Array<unknown>(alphabet.length).fill(undefined);
  /** With `decodeInto`: each successor's own code (its key unless symmetry), decoded again if new. */
  const codes = new Int32Array(alphabet.length);
  /** With `decodeInto`: the state being expanded, and the one recipes run on, reused throughout. */
  let expanded: unknown;
  let work: unknown;
  // an exact set of the codes themselves (`codeSet.ts`)
  const visited = new CodeSet();
  const parents = new IntColumn();
  const vias = new IntColumn();
  let queue = new CodeQueue();
  let generated = 0;
  let depth = 0;
  let exhaustiveTo = 0;
  let left = 0;
  let bound: ExploreStats['bound'];
  let ending: Ending | undefined;
  let peakMemory = memoryInUse();
  let lastProgress = started;

  const pathTo = (id: number, last?: number): number[] => {
    const path: number[] = last === undefined ? [] : [last];
    for (let at = id; at > 0; at = parents.data[at]!) path.push(vias.data[at]!);
    return path.reverse();
  };
  const stuck = (state: unknown) => model.neverStuck === true && !enabledAt.some((guard) => guard(state));

  const start = initialState(machine);
  if (start.kind === 'model-error') ending = { kind: 'model-error', error: start.error, path: [] };
  else if (start.kind === 'violation') ending = { ...start, kind: 'violation', path: [] };
  else if (start.kind === 'ok') {
    try {
      const key = keyOf(start.state);
      visited.add(key);
      queue.push(codeOf(start.state));
      if (decodeInto !== undefined) {
        expanded = decode(queue.data[0]!, knobs);
        work = decode(queue.data[0]!, knobs);
      }
      parents.push(0, -1);
      vias.push(0, -1);
      markWitnesses(machine, start.state, reached);
      if (stuck(start.state)) ending = { kind: 'violation', property: NEVER_STUCK, message: 'no action is enabled', path: [] };
    } catch (error) {
      ending = { kind: 'model-error', error, path: [] };
    }
  }

  /** The first id of the level being expanded. */
  let firstId = 0;
  search: while (ending === undefined && queue.length > 0) {
    if (depth >= depthLimit) {
      bound = 'depth';
      left = queue.length;
      break;
    }
    const level = queue;
    queue = new CodeQueue();
    for (let i = 0; i < level.length; i++) {
      const id = firstId + i;
      const code = level.data[i]!;
      let state: unknown;
      try {
        state = decodeInto === undefined ? decode(code, knobs) : (expanded = decodeInto(code, knobs, expanded));
      } catch (error) {
        ending = { kind: 'model-error', error, path: pathTo(id) };
        break search;
      }
      // First every enabled action's successor and its key, up to the first failure; then
      // each in action order, as if taken one by one. The keys' table slots are read in one
      // go between the two, so that the processor waits for those cache misses together.
      let count = 0;
      let failure: Ending | undefined;
      let failureCounts = false;
      for (let index = 0; index < alphabet.length; index++) {
        const action = alphabet[index]!;
        let counts = false;
        try {
          if (!guardAt[index]!(state, action, knobs)) continue;
          const after = decodeInto === undefined ? decode(code, knobs) : (work = decodeInto(code, knobs, work));
          recipeAt[index]!(after, action, knobs);
          counts = true;
          const broken = hasSteps ? brokenStep(machine, state, action, after) : undefined;
          if (broken) {
            failure = { kind: 'violation', ...broken, path: pathTo(id, index) };
            failureCounts = true;
            break;
          }
          const key = (keys[count] = keyOf(after));
          // with decodeInto the successor is not kept: it is decoded again from its code if new
          if (decodeInto === undefined) successors[count] = after;
          else codes[count] = symmetry ? codeOf(after) : key;
          indices[count++] = index;
        } catch (error) {
          failure = { kind: 'model-error', error, path: pathTo(id, index) };
          failureCounts = counts;
          break;
        }
      }
      visited.touch(keys, count);
      for (let s = 0; s < count; s++) {
        const index = indices[s]!;
        const key = keys[s]!;
        generated++;
        let found = false;
        try {
          if (visited.add(key)) {
            const after = decodeInto === undefined ? successors[s] : (work = decodeInto(codes[s]!, knobs, work));
            let message: string | undefined;
            let property = '';
            for (let p = 0; message === undefined && p < always.length; p++) {
              message = always[p]!.check(after, knobs);
              property = always[p]!.name;
            }
            if (message !== undefined) {
              ending = { kind: 'violation', property, message, path: pathTo(id, index) };
              break search;
            }
            if (reached.size < witnesses) markWitnesses(machine, after, reached);
            if (stuck(after)) {
              ending = { kind: 'violation', property: NEVER_STUCK, message: 'no action is enabled', path: pathTo(id, index) };
              break search;
            }
            queue.push(decodeInto !== undefined ? codes[s]! : symmetry ? codeOf(after) : key);
            found = true;
          }
        } catch (error) {
          ending = { kind: 'model-error', error, path: pathTo(id, index) };
          break search;
        }
        if (!found) continue;
        const newId = visited.size - 1;
        parents.push(newId, id);
        vias.push(newId, index);
        if (visited.size >= maxStates) {
          bound = 'max-states';
          left = level.length - i - 1 + queue.length;
          depth++;
          break search;
        }
        if (visited.size % SAMPLE_EVERY === 0) {
          peakMemory = Math.max(peakMemory, memoryInUse());
          const now = performance.now();
          if (now >= deadline) {
            bound = 'time';
            left = level.length - i - 1 + queue.length;
            depth++;
            break search;
          }
          if (options.onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
            lastProgress = now;
            options.onProgress({ distinctStates: visited.size, generated, depth: depth + 1, queue: level.length - i - 1 + queue.length, elapsedMs: now - started });
          }
        }
      }
      // a failure past the successors taken (none of which ended the search) ends it now
      if (failure !== undefined) {
        if (failureCounts) generated++;
        ending = failure;
        break search;
      }
    }
    firstId += level.length;
    peakMemory = Math.max(peakMemory, memoryInUse());
    exhaustiveTo = depth + 1;
    if (queue.length > 0) depth++;
  }
  if (ending !== undefined) left = 0;

  const elapsedMs = performance.now() - started;
  const outcome = outcomeOf(machine, ending, reached);
  const complete = ending === undefined && bound === undefined;
  const exploration: ExploreStats = {
    distinctStates: visited.size,
    generated,
    depth,
    queue: left,
    complete,
    ...(bound === undefined ? {} : { bound }),
    exhaustiveTo: complete ? depth : exhaustiveTo,
    statesPerSecond: elapsedMs > 0 ? Math.round((visited.size * 1000) / elapsedMs) : 0,
    peakMemoryBytes: peakMemory,
    peakBytesPerState: visited.size > 0 ? Math.max(0, Math.round((peakMemory - baseline) / visited.size)) : 0,
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
    steps: generated,
    distinctStates: visited.size,
    elapsedMs,
    witnesses: machine.witnesses.map((w) => ({ name: w.name, reached: reached.has(w.name) })),
    outcome,
    met: meets(configuration.expect, outcome),
    exploration,
  };
}
