import type { Configuration } from '../configuration.ts';
import * as machineModule from '../machine.ts';
import type { Machine } from '../machine.ts';
import type { ActionBase, AnyModel, StatePacking } from '../model.ts';
import { meets, type ExhaustiveResult } from '../result.ts';
import { NEVER_STUCK } from '../run.ts';
import { CodeSet } from './codeSet.ts';
import type { ExploreOptions, ExploreStats } from './explore.ts';
import { IntColumn, memoryInUse, outcomeOf, type Ending } from './search.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module.
const { brokenStep, buildMachine, initialState, markWitnesses } = machineModule;

type Recipe = (draft: unknown, action: ActionBase, knobs: Configuration['knobs']) => void;
type Guard = (state: unknown, action: ActionBase, knobs: Configuration['knobs']) => boolean;

const PROGRESS_EVERY_MS = 1000;
/** New states between looks at the clock and the heap (the heap's size is costly to ask). */
const SAMPLE_EVERY = 16384;

/** The same default as `explore` (not imported: explore.ts imports this file). */
const DEFAULT_MAX_STATES = 1_000_000;

/**
 * A grown-on-demand Int32Array queue of packed states. It starts small, so that it has grown
 * before the search is optimised: a first growth in optimised code deoptimises it.
 */
class CodeQueue {
  data = new Int32Array(16);
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

/**
 * One packed search's tables and counters, handed from level to level. The levels are
 * expanded by a module function (`expandLevel`) on this object, not by a loop in
 * `explorePacked` nor by closures made per search: its optimised code then carries over from
 * one search to the next, where a loop compiled on stack was dropped at each search's end.
 */
class PackedSearch {
  readonly knobs: Configuration['knobs'];
  readonly alphabet: readonly ActionBase[];
  readonly guardAt: readonly Guard[];
  readonly recipeAt: readonly Recipe[];
  readonly encode: StatePacking<unknown, Configuration['knobs']>['encode'];
  readonly decode: StatePacking<unknown, Configuration['knobs']>['decode'];
  readonly decodeInto: ((code: number, knobs: Configuration['knobs'], into: unknown) => unknown) | undefined;
  readonly canonical: ((state: unknown, knobs: Configuration['knobs']) => unknown) | undefined;
  readonly neverStuck: boolean;
  readonly deadline: number;
  readonly reached = new Set<string>();
  /** The successors of the state being expanded: action index, key and code (and state). */
  readonly indices: Int32Array;
  readonly keys: Int32Array;
  /** Each successor's own code (its key unless symmetry); with `decodeInto`, decoded again if new. */
  readonly codes: Int32Array;
  readonly successors: unknown[];
  // an exact set of the codes themselves (`codeSet.ts`)
  readonly visited = new CodeSet();
  readonly parents = new IntColumn();
  readonly vias = new IntColumn();
  /** The level being found. */
  queue = new CodeQueue();
  /** With `decodeInto`: the state being expanded, and the one recipes run on, reused throughout. */
  expanded: unknown = undefined;
  work: unknown = undefined;
  generated = 0;
  left = 0;
  bound: ExploreStats['bound'] = undefined;
  ending: Ending | undefined = undefined;
  peakMemory = memoryInUse();
  lastProgress: number;

  constructor(
    readonly model: AnyModel,
    readonly machine: Machine,
    pack: StatePacking<unknown, Configuration['knobs']>,
    symmetry: boolean,
    readonly maxStates: number,
    readonly options: ExploreOptions,
    readonly started: number,
  ) {
    const { knobs, alphabet } = machine;
    const recipes = model.transitions as Record<string, Recipe>;
    const guards = model.guards as Record<string, Guard>;
    this.knobs = knobs;
    this.alphabet = alphabet;
    this.recipeAt = alphabet.map((action) => recipes[action.kind]!);
    this.guardAt = alphabet.map((action) => guards[action.kind]!);
    this.encode = pack.encode;
    this.decode = pack.decode;
    this.decodeInto = pack.decodeInto as PackedSearch['decodeInto'];
    this.canonical = symmetry ? model.symmetry! : undefined;
    this.neverStuck = model.neverStuck === true;
    this.deadline = options.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : started + options.timeLimitMs;
    this.indices = new Int32Array(alphabet.length);
    this.keys = new Int32Array(alphabet.length);
    this.codes = new Int32Array(alphabet.length);
    this.successors = new Array<unknown>(alphabet.length).fill(undefined);
    this.lastProgress = started;
  }

  /** The actions from the initial state to state `id`, then `last`. */
  pathTo(id: number, last?: number): number[] {
    const path: number[] = last === undefined ? [] : [last];
    for (let at = id; at > 0; at = this.parents.data[at]!) path.push(this.vias.data[at]!);
    return path.reverse();
  }
}

/**
 * Expand every state of `level` (ids from `firstId`, `depth` steps deep), queueing the new
 * ones in `search.queue`; false when the search ends inside it (a violation, an error, a
 * bound), with `search.ending` or `search.bound` set.
 */
function expandLevel(search: PackedSearch, level: CodeQueue, firstId: number, depth: number): boolean {
  const { model, machine, knobs, alphabet, guardAt, recipeAt, encode, decode, decodeInto, canonical } = search;
  const { visited, parents, vias, keys, codes, indices, successors, reached, queue, maxStates, options } = search;
  const always = machine.always;
  const hasSteps = machine.steps.length > 0;
  const witnesses = machine.witnesses.length;
  for (let i = 0; i < level.length; i++) {
    const id = firstId + i;
    const code = level.data[i]!;
    let state: unknown;
    try {
      state = decodeInto === undefined ? decode(code, knobs) : (search.expanded = decodeInto(code, knobs, search.expanded));
    } catch (error) {
      search.ending = { kind: 'model-error', error, path: search.pathTo(id) };
      return false;
    }
    // First every enabled action's successor and its key, up to the first failure; then
    // each in action order, as if taken one by one. The keys' table slots are read in one
    // go between the two, so that the processor waits for those cache misses together.
    let count = 0;
    let failure: Ending | undefined;
    let failureCounts = false;
    let work = search.work;
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
          failure = { kind: 'violation', ...broken, path: search.pathTo(id, index) };
          failureCounts = true;
          break;
        }
        const own = codeOf(model.name, encode, after, knobs);
        keys[count] = canonical === undefined ? own : codeOf(model.name, encode, canonical(after, knobs), knobs);
        codes[count] = own;
        // with decodeInto the successor is not kept: it is decoded again from its code if new
        if (decodeInto === undefined) successors[count] = after;
        indices[count++] = index;
      } catch (error) {
        failure = { kind: 'model-error', error, path: search.pathTo(id, index) };
        failureCounts = counts;
        break;
      }
    }
    visited.touch(keys, count);
    for (let s = 0; s < count; s++) {
      const index = indices[s]!;
      search.generated++;
      try {
        if (!visited.add(keys[s]!)) continue;
        const after = decodeInto === undefined ? successors[s] : (work = decodeInto(codes[s]!, knobs, work));
        let message: string | undefined;
        let property = '';
        for (let p = 0; message === undefined && p < always.length; p++) {
          message = always[p]!.check(after, knobs);
          property = always[p]!.name;
        }
        if (message !== undefined) {
          search.ending = { kind: 'violation', property, message, path: search.pathTo(id, index) };
          return false;
        }
        if (reached.size < witnesses) markWitnesses(machine, after, reached);
        if (search.neverStuck && stuck(machine.enabledAt, after)) {
          search.ending = { kind: 'violation', property: NEVER_STUCK, message: 'no action is enabled', path: search.pathTo(id, index) };
          return false;
        }
        queue.push(codes[s]!);
      } catch (error) {
        search.ending = { kind: 'model-error', error, path: search.pathTo(id, index) };
        return false;
      }
      const newId = visited.size - 1;
      parents.push(newId, id);
      vias.push(newId, index);
      if (visited.size >= maxStates) {
        search.bound = 'max-states';
        search.left = level.length - i - 1 + queue.length;
        return false;
      }
      if (visited.size % SAMPLE_EVERY === 0 && !sample(search, level.length - i - 1 + queue.length, depth)) return false;
    }
    search.work = work;
    // a failure past the successors taken (none of which ended the search) ends it now
    if (failure !== undefined) {
      if (failureCounts) search.generated++;
      search.ending = failure;
      return false;
    }
  }
  return true;
}

/** Every SAMPLE_EVERY new states: the heap's peak, the time bound, progress; false at the bound. */
function sample(search: PackedSearch, left: number, depth: number): boolean {
  search.peakMemory = Math.max(search.peakMemory, memoryInUse());
  const now = performance.now();
  if (now >= search.deadline) {
    search.bound = 'time';
    search.left = left;
    return false;
  }
  if (search.options.onProgress && now - search.lastProgress >= PROGRESS_EVERY_MS) {
    search.lastProgress = now;
    search.options.onProgress({ distinctStates: search.visited.size, generated: search.generated, depth: depth + 1, queue: left, elapsedMs: now - search.started });
  }
  return true;
}

/** A state's code, checked: an integer the queue and the visited set can hold. */
function codeOf(name: string, encode: StatePacking<unknown, Configuration['knobs']>['encode'], state: unknown, knobs: Configuration['knobs']): number {
  const code = encode(state, knobs);
  if ((code | 0) !== code || code < 0) throw new Error(`${name}: pack.encode gave ${code}, not an integer 0..2^31-1`);
  return code;
}

/** No action is enabled in `state` (for a model that is never stuck). */
function stuck(enabledAt: readonly ((state: unknown) => boolean)[], state: unknown): boolean {
  return !enabledAt.some((guard) => guard(state));
}
