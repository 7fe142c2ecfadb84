// The packed search's (`packed.ts`) working part: its tables, and the expansion of one level.
import type { Configuration } from '../configuration.ts';
import * as machineModule from '../machine.ts';
import type { Machine } from '../machine.ts';
import type { ActionBase, AnyModel, StatePacking } from '../model.ts';
import { NEVER_STUCK } from '../run.ts';
import { CodeSet } from './codeSet.ts';
import { enabledSet, type EnabledSet } from './enabledSet.ts';
import type { ExploreOptions, ExploreStats } from './explore.ts';
import { IntColumn, memoryInUse, type Ending } from './search.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module.
const { brokenStep, markWitnesses } = machineModule;

type Recipe = (draft: unknown, action: ActionBase, knobs: Configuration['knobs']) => void;
type Guard = (state: unknown, action: ActionBase, knobs: Configuration['knobs']) => boolean;

const PROGRESS_EVERY_MS = 1000;
/**
 * New states between looks at the clock. Often enough that the level loop has made the call
 * before it is optimised: a call first made after that (every 16,384 states) deoptimised it.
 */
const SAMPLE_EVERY = 1024;
/** Looks at the clock between looks at the heap, whose size is costly to ask (some 10 µs). */
const HEAP_EVERY = 16;

/**
 * A grown-on-demand Int32Array queue of packed states. It starts small, so that it has grown
 * before the search is optimised: a first growth in optimised code deoptimises it.
 */
export class CodeQueue {
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
 * One packed search's tables and counters, handed from level to level. The levels are
 * expanded by a module function (`expandLevel`) on this object, not by a loop in
 * `explorePacked` nor by closures made per search: its optimised code then carries over from
 * one search to the next, where a loop compiled on stack was dropped at each search's end.
 */
export class PackedSearch {
  readonly knobs: Configuration['knobs'];
  readonly alphabet: readonly ActionBase[];
  readonly guardAt: readonly Guard[];
  readonly recipeAt: readonly Recipe[];
  /** The guards compiled into one function (`enabledSet.ts`), called with `guardAt`. */
  readonly enabledInto: EnabledSet;
  /** Where it writes the indices of the actions enabled in the state being expanded. */
  readonly enabled: Int32Array;
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
    this.enabledInto = enabledSet(model.guards, alphabet);
    this.enabled = new Int32Array(alphabet.length);
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
export function expandLevel(search: PackedSearch, level: CodeQueue, firstId: number, depth: number): boolean {
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
    // the enabled actions in one call; a guard that throws is found by asking them one by one
    let enabledCount = -1;
    try {
      enabledCount = search.enabledInto(guardAt, alphabet, state, knobs, search.enabled);
    } catch {
      // found again below, at the index of the guard that threw
    }
    const oneByOne = enabledCount < 0;
    const asked = oneByOne ? alphabet.length : enabledCount;
    for (let e = 0; e < asked; e++) {
      const index = oneByOne ? e : search.enabled[e]!;
      const action = alphabet[index]!;
      let counts = false;
      try {
        if (oneByOne && !guardAt[index]!(state, action, knobs)) continue;
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

/** Every SAMPLE_EVERY new states: the time bound, progress, the heap's peak; false at the bound. */
function sample(search: PackedSearch, left: number, depth: number): boolean {
  if ((search.visited.size / SAMPLE_EVERY) % HEAP_EVERY === 0) search.peakMemory = Math.max(search.peakMemory, memoryInUse());
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
export function codeOf(name: string, encode: StatePacking<unknown, Configuration['knobs']>['encode'], state: unknown, knobs: Configuration['knobs']): number {
  const code = encode(state, knobs);
  if ((code | 0) !== code || code < 0) throw new Error(`${name}: pack.encode gave ${code}, not an integer 0..2^31-1`);
  return code;
}

/** No action is enabled in `state` (for a model that is never stuck). */
export function stuck(enabledAt: readonly ((state: unknown) => boolean)[], state: unknown): boolean {
  return !enabledAt.some((guard) => guard(state));
}
