import type { Configuration } from '../configuration.ts';
import { withCells } from '../coverage/coverage.ts';
import { cellTally } from '../coverage/tally.ts';
import * as machineModule from '../machine.ts';
import type { ActionBase, AnyModel } from '../model.ts';
import { meets, type ExhaustiveResult } from '../result.ts';
import { NEVER_STUCK } from '../run.ts';
import { Codec, Tokens } from './codec.ts';
import { Dictionary } from './dictionary.ts';
import { collisionOdds } from './fingerprint.ts';
import { ROOT_PATH_A, ROOT_PATH_B } from './mix.ts';
import { explorePacked } from './packed.ts';
import { StateQueue } from './queue.ts';
import { IntColumn, memoryInUse, outcomeOf, type Ending } from './search.ts';
import { VisitedSet } from './visited.ts';
import { Workspace } from './workspace.ts';

// Local copies of what the search calls per transition: an imported binding is read through a
// getter at every use once tsx has compiled the module.
const { brokenAlways, brokenStep, buildMachine, initialState, markWitnesses } = machineModule;

/** What `explore` is asked to do; the bounds are in steps and states, never in seconds. */
export interface ExploreOptions {
  /** Explore states at most this many steps from the initial state (default: no bound). */
  readonly depth?: number;
  /** Stop once this many distinct states are found (default `DEFAULT_MAX_STATES`). */
  readonly maxStates?: number;
  /**
   * Check only these `always` and `step` properties (TLC's INVARIANT list); default all. A
   * known-bad variant whose bug breaks two properties can then be searched for the one it names.
   */
  readonly properties?: readonly string[];
  /** Stop after this many milliseconds (default: no limit). */
  readonly timeLimitMs?: number;
  /** Canonicalise states with the model's `symmetry` before hashing (default true). */
  readonly symmetry?: boolean;
  readonly onProgress?: (progress: ExploreProgress) => void;
}

/** Progress of a long search, handed to a reporter about once a second. */
export interface ExploreProgress {
  readonly distinctStates: number;
  readonly generated: number;
  readonly depth: number;
  readonly queue: number;
  readonly elapsedMs: number;
}

/** How far the search went and what it cost, for the report after the verdict. */
export interface ExploreStats {
  readonly distinctStates: number;
  /** Transitions taken, revisits included (TLC's "states generated"). */
  readonly generated: number;
  /** The longest shortest path to a state found: the search went this many steps deep. */
  readonly depth: number;
  /** States found but never expanded, because a bound or a violation stopped the search. */
  readonly queue: number;
  /** True when every reachable state was explored: `holds` is then a proof at this scale. */
  readonly complete: boolean;
  /** The bound that cut the search short, if one did. */
  readonly bound?: 'depth' | 'max-states' | 'time';
  /** Every state reachable in this many steps or fewer was checked. */
  readonly exhaustiveTo: number;
  readonly statesPerSecond: number;
  /** The most JavaScript heap and buffer memory seen in use, sampled during the search. */
  readonly peakMemoryBytes: number;
  /**
   * What the search cost per distinct state at its peak: the peak less the memory in use
   * when it started (the program, the models), over the distinct states.
   */
  readonly peakBytesPerState: number;
  /** Odds that two distinct states shared a fingerprint, so one was never explored. */
  readonly collisionOdds: number;
  /** Whether states were canonicalised by the model's symmetry. */
  readonly symmetry: boolean;
  /** The bounds and property list the search was given, for its replay command. */
  readonly options: { readonly maxStates: number; readonly depth?: number; readonly properties?: readonly string[] };
}

/**
 * One dictionary a model, kept from search to search: its shapes' compiled classes give the
 * decoded objects their hidden classes, and a new set each search made the model's code,
 * optimised for the last search's objects, deoptimise again (a second 8,000-state search of
 * collapse took as long as the first). Ids stay small, for each search meets the same shapes
 * and atoms; a search's fingerprints only ever compare with its own.
 */
const dictionaries = new WeakMap<AnyModel, Dictionary>();

function dictionaryOf(model: AnyModel): Dictionary {
  let dictionary = dictionaries.get(model);
  if (dictionary === undefined) dictionaries.set(model, (dictionary = new Dictionary()));
  // a search that ended inside a step may have left objects in the key trap's list
  dictionary.guard.added.length = 0;
  return dictionary;
}

/** The default bound on distinct states, so that an unbounded model stops, not the machine. */
export const DEFAULT_MAX_STATES = 1_000_000;

const PROGRESS_EVERY_MS = 1000;
/** New states between looks at the clock and the heap. */
const SAMPLE_EVERY = 4096;

/** A model's transition: an immer recipe, run here on the decoded state in place. */
type Recipe = (draft: unknown, action: ActionBase, knobs: Configuration['knobs']) => void;
type Guard = (state: unknown, action: ActionBase, knobs: Configuration['knobs']) => boolean;

const NO_PATCHES = new Int32Array(0);

/**
 * Breadth-first search of every state reachable from the initial one, checking every property
 * on every new state (`always`) and every transition (`step`). The first violation found is a
 * shortest counterexample, reported as an action list like a random one. Returns data and
 * never throws for anything the model does.
 *
 * States wait in the queue as compact token encodings (`codec.ts`, `queue.ts`); one is
 * decoded per expansion and every enabled action's recipe runs on it in place, the changes
 * then found, fingerprinted and undone (`workspace.ts`): the same successors as the fast
 * machine's deep copy per step, without the copy.
 * @example explore(refcountModel, resolveConfiguration(refcountModel, 'free-at-one'), { depth: 6 })
 */
export function explore(model: AnyModel, configuration: Configuration, options: ExploreOptions = {}): ExhaustiveResult {
  // a model that packs its states into integers is searched on them (`packed.ts`)
  if (model.pack !== undefined) return explorePacked(model, model.pack, configuration, options);
  const started = performance.now();
  const baseline = memoryInUse();
  const checked = options.properties;
  const machine = buildMachine(model, configuration.knobs, { mode: 'fast', ...(checked === undefined ? {} : { properties: checked }) });
  const { knobs, alphabet, enabledAt } = machine;
  const recipes = model.transitions as Record<string, Recipe>;
  const recipeAt = alphabet.map((action) => recipes[action.kind]!);
  // the guards called directly, not through the machine's per-action closures
  const guards = model.guards as Record<string, Guard>;
  const guardAt = alphabet.map((action) => guards[action.kind]!);
  const deadline = options.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : started + options.timeLimitMs;
  const depthLimit = options.depth ?? Number.POSITIVE_INFINITY;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const symmetry = options.symmetry !== false && model.symmetry !== undefined;
  const dictionary = dictionaryOf(model);
  const codec = new Codec(dictionary);
  const workspace = new Workspace(codec, dictionary);
  const stateQueue = new StateQueue();
  const scratch = new Tokens();
  /** Fingerprint the symmetry class of `state` in full (the incremental one is per state). */
  const canonicalPrint = (state: unknown) => {
    scratch.length = 0;
    codec.encode(model.symmetry!(state, knobs), scratch);
    codec.hash(scratch.data, 0, ROOT_PATH_A, ROOT_PATH_B);
  };
  const tally = cellTally(machine);
  // a step property or cell compares with the state before: then a copy the recipes never touch
  const hasSteps = machine.steps.length > 0 || tally?.hasStepCells === true;
  const reached = new Set<string>();
  const visited = new VisitedSet();
  const parents = new IntColumn();
  const vias = new IntColumn();
  let generated = 0;
  let depth = 0;
  let exhaustiveTo = 0;
  let queue = 0;
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
  /** States in the level being expanded, and found for the next one. */
  let level = 0;
  let next = 0;
  if (start.kind === 'model-error') ending = { kind: 'model-error', error: start.error, path: [] };
  else if (start.kind === 'violation') ending = { ...start, kind: 'violation', path: [] };
  else if (start.kind === 'ok') {
    try {
      const initial = new Tokens();
      codec.encode(start.state, initial);
      // the queue keeps the state's own fingerprint, the start of its successors' ones
      codec.hash(initial.data, 0, ROOT_PATH_A, ROOT_PATH_B);
      stateQueue.push(0, codec.hashA, codec.hashB, -1, initial.data, initial.length, initial.data, NO_PATCHES, 0);
      if (symmetry) canonicalPrint(start.state);
      visited.add(codec.hashA, codec.hashB);
      parents.push(0, -1);
      vias.push(0, -1);
      level = 1;
      markWitnesses(machine, start.state, reached);
      if (tally) tally.exploreState(start.state);
      if (stuck(start.state)) ending = { kind: 'violation', property: NEVER_STUCK, message: 'no action is enabled', path: [] };
    } catch (error) {
      ending = { kind: 'model-error', error, path: [] };
    }
  }

  search: while (ending === undefined && level > 0) {
    if (depth >= depthLimit) {
      bound = 'depth';
      queue = level;
      break;
    }
    next = 0;
    for (let i = 0; i < level; i++) {
      const id = stateQueue.shift(workspace.parent);
      workspace.parentA = stateQueue.printA;
      workspace.parentB = stateQueue.printB;
      let before: unknown;
      try {
        workspace.load();
        // a step property compares with the state before: a copy the recipes never touch
        before = hasSteps ? codec.decode(workspace.parent.data, 0) : workspace.root;
      } catch (error) {
        ending = { kind: 'model-error', error, path: pathTo(id) };
        break search;
      }
      for (let index = 0; index < alphabet.length; index++) {
        const action = alphabet[index]!;
        let found = false;
        try {
          const after = workspace.root;
          if (!guardAt[index]!(after, action, knobs)) continue;
          recipeAt[index]!(after, action, knobs);
          generated++;
          workspace.diff();
          if (tally) tally.exploreStep(before, action, after);
          const broken = hasSteps ? brokenStep(machine, before, action, after) : undefined;
          if (broken) {
            ending = { kind: 'violation', ...broken, path: pathTo(id, index) };
            break search;
          }
          if (symmetry) canonicalPrint(after);
          if (symmetry ? visited.add(codec.hashA, codec.hashB) : visited.add(workspace.fingerprintA, workspace.fingerprintB)) {
            const invariant = brokenAlways(machine, after);
            if (invariant) {
              ending = { kind: 'violation', ...invariant, path: pathTo(id, index) };
              break search;
            }
            if (reached.size < machine.witnesses.length) markWitnesses(machine, after, reached);
            if (tally) tally.exploreState(after);
            if (stuck(after)) {
              ending = { kind: 'violation', property: NEVER_STUCK, message: 'no action is enabled', path: pathTo(id, index) };
              break search;
            }
            workspace.pushSuccessor(stateQueue, visited.size - 1, id);
            found = true;
          }
          workspace.restore();
        } catch (error) {
          ending = { kind: 'model-error', error, path: pathTo(id, index) };
          break search;
        }
        if (!found) continue;
        const newId = visited.size - 1;
        parents.push(newId, id);
        vias.push(newId, index);
        next++;
        if (visited.size >= maxStates) {
          bound = 'max-states';
          queue = level - i - 1 + next;
          depth++;
          break search;
        }
        if (visited.size % SAMPLE_EVERY === 0) {
          peakMemory = Math.max(peakMemory, memoryInUse());
          const now = performance.now();
          if (now >= deadline) {
            bound = 'time';
            queue = level - i - 1 + next;
            depth++;
            break search;
          }
          if (options.onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
            lastProgress = now;
            options.onProgress({
              distinctStates: visited.size,
              generated,
              depth: depth + 1,
              queue: level - i - 1 + next,
              elapsedMs: now - started,
            });
          }
        }
      }
    }
    peakMemory = Math.max(peakMemory, memoryInUse());
    exhaustiveTo = depth + 1;
    if (next > 0) depth++;
    level = next;
  }
  if (ending !== undefined) queue = 0;

  const elapsedMs = performance.now() - started;
  const coverage = tally?.coverage('states');
  const outcome = withCells(outcomeOf(machine, ending, reached), coverage);
  const complete = ending === undefined && bound === undefined;
  const exploration: ExploreStats = {
    distinctStates: visited.size,
    generated,
    depth,
    queue,
    complete,
    ...(bound === undefined ? {} : { bound }),
    exhaustiveTo: complete ? depth : exhaustiveTo,
    statesPerSecond: elapsedMs > 0 ? Math.round((visited.size * 1000) / elapsedMs) : 0,
    peakMemoryBytes: peakMemory,
    peakBytesPerState: visited.size > 0 ? Math.max(0, Math.round((peakMemory - baseline) / visited.size)) : 0,
    collisionOdds: collisionOdds(visited.size),
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
    ...(coverage === undefined ? {} : { coverage }),
  };
}
