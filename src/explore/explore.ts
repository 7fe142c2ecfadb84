import type { Configuration } from '../configuration.ts';
import { buildMachine, initialState, markWitnesses, type Machine } from '../machine.ts';
import type { ActionBase, AnyModel } from '../model.ts';
import { meets, type CheckResult, type Outcome } from '../result.ts';
import { NEVER_STUCK } from '../run.ts';
import { collisionOdds, fingerprintInto } from './fingerprint.ts';
import { successor } from './successor.ts';
import { VisitedSet } from './visited.ts';

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
  readonly bound?: 'depth' | 'max-states';
  readonly statesPerSecond: number;
  /** The most JavaScript heap and buffer memory seen in use, sampled during the search. */
  readonly peakMemoryBytes: number;
  /** Odds that two distinct states shared a fingerprint, so one was never explored. */
  readonly collisionOdds: number;
  /** Whether states were canonicalised by the model's symmetry. */
  readonly symmetry: boolean;
  /** The bounds and property list the search was given, for its replay command. */
  readonly options: { readonly maxStates: number; readonly properties?: readonly string[] };
}

/** A check result of exhaustive mode, with the search's figures beside it. */
export interface ExploreResult extends CheckResult {
  readonly mode: 'exhaustive';
  readonly distinctStates: number;
  readonly exploration: ExploreStats;
}

/** The default bound on distinct states, so that an unbounded model stops, not the machine. */
export const DEFAULT_MAX_STATES = 1_000_000;

const PROGRESS_EVERY_MS = 1000;
/** New states between looks at the clock and the heap. */
const SAMPLE_EVERY = 4096;

/** A grown-on-demand Int32Array: each state's parent and the action that reached it. */
class IntColumn {
  data = new Int32Array(1 << 12);
  push(index: number, value: number): void {
    if (index >= this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[index] = value;
  }
}

type Ending =
  | { readonly kind: 'violation'; readonly property: string; readonly message: string; readonly path: readonly number[] }
  | { readonly kind: 'model-error'; readonly error: unknown; readonly path: readonly number[] };

function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** The first `step` property the transition breaks. */
function brokenStep(machine: Machine, before: unknown, action: ActionBase, after: unknown) {
  for (const property of machine.steps) {
    const message = property.check(before, action, after, machine.knobs);
    if (message !== undefined) return { property: property.name, message };
  }
  return undefined;
}

/** The first `always` property the state breaks. */
function brokenAlways(machine: Machine, state: unknown) {
  for (const property of machine.always) {
    const message = property.check(state, machine.knobs);
    if (message !== undefined) return { property: property.name, message };
  }
  return undefined;
}

/** The verdict, with the counterexample's actions read off the alphabet. */
function outcomeOf(machine: Machine, ending: Ending | undefined, reached: ReadonlySet<string>): Outcome {
  if (ending === undefined) {
    const unreached = machine.witnesses.map((w) => w.name).filter((name) => !reached.has(name));
    return unreached.length === 0 ? { kind: 'holds' } : { kind: 'vacuous', unreached };
  }
  const actions = ending.path.map((i) => machine.alphabet[i]!);
  if (ending.kind === 'violation') {
    return { kind: 'violated', counterexample: { property: ending.property, message: ending.message, actions } };
  }
  const error = ending.error instanceof Error ? ending.error : new Error(String(ending.error));
  return { kind: 'model-error', failure: { message: error.message, stack: error.stack, actions } };
}

/**
 * Breadth-first search of every state reachable from the initial one, checking every property
 * on every new state (`always`) and every transition (`step`). The first violation found is a
 * shortest counterexample, reported as an action list like a random one. Returns data and
 * never throws for anything the model does.
 * @example explore(refcountModel, resolveConfiguration(refcountModel, 'free-at-one'), { depth: 6 })
 */
export function explore(model: AnyModel, configuration: Configuration, options: ExploreOptions = {}): ExploreResult {
  const started = performance.now();
  const built = buildMachine(model, configuration.knobs, false);
  const checked = options.properties;
  const machine: Machine =
    checked === undefined
      ? built
      : { ...built, always: built.always.filter((p) => checked.includes(p.name)), steps: built.steps.filter((p) => checked.includes(p.name)) };
  const { knobs, alphabet } = machine;
  const depthLimit = options.depth ?? Number.POSITIVE_INFINITY;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const symmetry = options.symmetry !== false && model.symmetry !== undefined;
  const canonical: (state: unknown) => unknown = symmetry ? (s) => model.symmetry!(s, knobs) : (s) => s;
  const reached = new Set<string>();
  const visited = new VisitedSet();
  const parents = new IntColumn();
  const vias = new IntColumn();
  const print = { a: 0, b: 0 };
  let generated = 0;
  let depth = 0;
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
  const stuck = (state: unknown) => model.neverStuck === true && !alphabet.some((a) => model.enabled(state, a, knobs));

  const start = initialState(machine);
  let level: unknown[] = [];
  let levelIds: number[] = [];
  if (start.kind === 'model-error') ending = { kind: 'model-error', error: start.error, path: [] };
  else if (start.kind === 'violation') ending = { ...start, kind: 'violation', path: [] };
  else if (start.kind === 'ok') {
    try {
      fingerprintInto(canonical(start.state), print);
      visited.add(print.a, print.b);
      parents.push(0, -1);
      vias.push(0, -1);
      markWitnesses(machine, start.state, reached);
      if (stuck(start.state)) ending = { kind: 'violation', property: NEVER_STUCK, message: 'no action is enabled', path: [] };
      level = [start.state];
      levelIds = [0];
    } catch (error) {
      ending = { kind: 'model-error', error, path: [] };
    }
  }

  search: while (ending === undefined && level.length > 0) {
    if (depth >= depthLimit) {
      bound = 'depth';
      queue = level.length;
      break;
    }
    const next: unknown[] = [];
    const nextIds: number[] = [];
    for (let i = 0; i < level.length; i++) {
      const state = level[i];
      const id = levelIds[i]!;
      level[i] = undefined; // expanded: let the garbage collector have it
      for (let index = 0; index < alphabet.length; index++) {
        const action = alphabet[index]!;
        let after: unknown;
        try {
          if (!model.enabled(state, action, knobs)) continue;
          after = successor(machine, state, action);
          generated++;
          const broken = brokenStep(machine, state, action, after);
          if (broken) {
            ending = { kind: 'violation', ...broken, path: pathTo(id, index) };
            break search;
          }
          fingerprintInto(canonical(after), print);
          if (!visited.add(print.a, print.b)) continue;
          const invariant = brokenAlways(machine, after);
          if (invariant) {
            ending = { kind: 'violation', ...invariant, path: pathTo(id, index) };
            break search;
          }
          markWitnesses(machine, after, reached);
          if (stuck(after)) {
            ending = { kind: 'violation', property: NEVER_STUCK, message: 'no action is enabled', path: pathTo(id, index) };
            break search;
          }
        } catch (error) {
          ending = { kind: 'model-error', error, path: pathTo(id, index) };
          break search;
        }
        const newId = visited.size - 1;
        parents.push(newId, id);
        vias.push(newId, index);
        next.push(after);
        nextIds.push(newId);
        if (visited.size >= maxStates) {
          bound = 'max-states';
          queue = level.length - i - 1 + next.length;
          depth++;
          break search;
        }
        if (visited.size % SAMPLE_EVERY === 0) {
          peakMemory = Math.max(peakMemory, memoryInUse());
          const now = performance.now();
          if (options.onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
            lastProgress = now;
            options.onProgress({
              distinctStates: visited.size,
              generated,
              depth: depth + 1,
              queue: level.length - i - 1 + next.length,
              elapsedMs: now - started,
            });
          }
        }
      }
    }
    peakMemory = Math.max(peakMemory, memoryInUse());
    if (next.length > 0) depth++;
    level = next;
    levelIds = nextIds;
  }
  if (ending !== undefined) queue = 0;

  const elapsedMs = performance.now() - started;
  const outcome = outcomeOf(machine, ending, reached);
  const complete = ending === undefined && bound === undefined;
  const exploration: ExploreStats = {
    distinctStates: visited.size,
    generated,
    depth,
    queue,
    complete,
    ...(bound === undefined ? {} : { bound }),
    statesPerSecond: elapsedMs > 0 ? Math.round((visited.size * 1000) / elapsedMs) : 0,
    peakMemoryBytes: peakMemory,
    collisionOdds: collisionOdds(visited.size),
    symmetry,
    options: { maxStates, ...(checked === undefined ? {} : { properties: checked }) },
  };
  return {
    model: model.name,
    configuration,
    mode: 'exhaustive',
    budget: { runs: 0, maxSteps: Number.isFinite(depthLimit) ? depthLimit : depth },
    seed: 0,
    runs: 0,
    steps: generated,
    distinctStates: visited.size,
    elapsedMs,
    witnesses: machine.witnesses.map((w) => ({ name: w.name, reached: reached.has(w.name) })),
    outcome,
    met: meets(configuration.expect, outcome),
    exploration,
  };
}
