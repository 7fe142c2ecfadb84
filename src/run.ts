import type { Immutable } from 'immer';
import type { CellTally } from './coverage/tally.ts';
import * as machineModule from './machine.ts';
import type { Machine, StepResult } from './machine.ts';
import type { ActionBase, DrawWeights, KnobValues } from './model.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module.
const { brokenStep, hasEnabled, initialState, markWitnesses, step } = machineModule;

type State = Immutable<unknown>;

/** The reserved property a `neverStuck` model breaks when no action is enabled. */
export const NEVER_STUCK = 'never-stuck';

/** How one run ended. `executed` lists the alphabet indices that ran, disabled ones left out. */
export type RunOutcome =
  | { readonly kind: 'passed'; readonly executed: readonly number[] }
  | {
      readonly kind: 'violation';
      readonly executed: readonly number[];
      readonly property: string;
      readonly message: string;
    }
  /** `executed` ends with the action that threw (absent when `init` threw). */
  | { readonly kind: 'model-error'; readonly executed: readonly number[]; readonly error: unknown };

/** Picks the next action's alphabet index in a state, or `undefined` to end the run. */
type Chooser = (state: Immutable<unknown>) => number | undefined;

function runWith(machine: Machine, choose: Chooser, reached: Set<string> | undefined): RunOutcome {
  const executed: number[] = [];
  const start = initialState(machine);
  if (start.kind === 'model-error') return { kind: 'model-error', executed, error: start.error };
  if (start.kind === 'violation') return { ...start, executed, kind: 'violation' };
  if (start.kind === 'disabled') throw new Error('unreachable: initial state is never disabled');
  let state = start.state;
  if (reached) markWitnesses(machine, state, reached);
  for (;;) {
    let index: number | undefined;
    try {
      index = choose(state);
    } catch (error) {
      return { kind: 'model-error', executed, error };
    }
    if (index === undefined) break;
    const action = machine.alphabet[index];
    if (action === undefined) throw new Error(`action index ${index} is outside the alphabet`);
    const result = step(machine, state, action);
    if (result.kind === 'disabled') continue;
    executed.push(index);
    if (result.kind === 'model-error') return { kind: 'model-error', executed, error: result.error };
    if (result.kind === 'violation') {
      return { kind: 'violation', executed, property: result.property, message: result.message };
    }
    state = result.state;
    if (reached) markWitnesses(machine, state, reached);
  }
  if (machine.model.neverStuck && !safeHasEnabled(machine, state)) {
    return { kind: 'violation', executed, property: NEVER_STUCK, message: 'no action is enabled' };
  }
  return { kind: 'passed', executed };
}

function safeHasEnabled(machine: Machine, state: Immutable<unknown>): boolean {
  try {
    return hasEnabled(machine, state);
  } catch {
    return true; // a throwing guard is reported when that action is taken, not here
  }
}

/** Replay a fixed list of alphabet indices; disabled actions are skipped, as DESIGN says. */
export function replayIndices(
  machine: Machine,
  indices: readonly number[],
  reached?: Set<string>,
): RunOutcome {
  let next = 0;
  return runWith(machine, () => (next < indices.length ? indices[next++] : undefined), reached);
}

/** How many random picks to try before scanning the whole alphabet for enabled actions. */
const RANDOM_TRIES = 16;

/** What the last draw learnt of the guard of the action it picked. */
const PICKED_ENABLED = 1;
const PICKED_THREW = 2;

type Guard = (state: State, action: ActionBase, knobs: KnobValues) => boolean;
type Recipe = (draft: unknown, action: ActionBase, knobs: KnobValues) => void;

/**
 * Random runs of one machine, the hot path of `check`: one loop, no object per step but the
 * state the transition makes (and no closure per run). Each step is drawn uniformly among the
 * actions enabled in the current state (so no step is wasted on a disabled one), or for a
 * model that draws by `kind` uniformly among the enabled kinds and then within one, with
 * `nextInt(n)` giving 0..n-1; a model's `drawWeights` make either draw proportional to them.
 * A run takes the same steps as `replayIndices` of its `executed`.
 */
export class RandomRunner {
  private readonly size: number;
  private readonly guardAt: readonly Guard[];
  /** Each action's recipe, for stepping in place (fast mode). */
  private readonly recipeAt: readonly Recipe[];
  /** Fast mode without `step` properties: one working state a run, each recipe run on it in
   * place, since nothing keeps a state but the run (`executed` is the trace). */
  private readonly inPlace: boolean;
  /** The machine's initial state, built once: `init` is pure, so every run starts from it. */
  private start: StepResult | undefined;
  /** Copies the initial state into the run's working state (fast mode's copier). */
  private readonly copy: <T>(value: T) => T;
  private readonly byKind: number[][] | undefined;
  /** With `drawWeights`: each kind's tickets (by `draw: 'kind'`), or each action's running
   * total of tickets (by action); undefined draws uniformly. */
  private readonly kindTickets: number[] | undefined;
  private readonly actionTotals: number[] | undefined;
  private readonly order: number[];
  private readonly enabled: number[] = [];
  private state: State = undefined;
  /** How the draw found the picked action's guard: a guard that throws picks its action, so
   * that taking it reports the model error at that step. */
  private picked = 0;
  /** The action whose guard is being asked. */
  private asking = -1;

  constructor(
    private readonly machine: Machine,
    private readonly maxSteps: number,
    private readonly nextInt: (n: number) => number,
  ) {
    this.size = machine.alphabet.length;
    const guards = machine.model.guards as Record<string, Guard>;
    this.guardAt = machine.alphabet.map((action) => guards[action.kind]!);
    const recipes = machine.model.transitions as Record<string, Recipe>;
    this.recipeAt = machine.alphabet.map((action) => recipes[action.kind]!);
    this.inPlace = machine.mode === 'fast' && machine.steps.length === 0;
    this.copy = machine.copy;
    this.byKind = machine.model.draw === 'kind' ? kindsOf(machine) : undefined;
    this.order = this.byKind ? this.byKind.map((_, k) => k) : [];
    const tickets = ticketsOf(machine);
    if (tickets && this.byKind) this.kindTickets = this.byKind.map((group) => tickets[group[0]!]!);
    else if (tickets) {
      let total = 0;
      this.actionTotals = tickets.map((t) => (total += t));
    }
  }

  run(reached?: Set<string>, tally?: CellTally): RunOutcome {
    const machine = this.machine;
    const executed: number[] = [];
    const start = (this.start ??= initialState(machine));
    if (start.kind === 'model-error') return { kind: 'model-error', executed, error: start.error };
    if (start.kind === 'violation') return { ...start, executed, kind: 'violation' };
    if (start.kind === 'disabled') throw new Error('unreachable: initial state is never disabled');
    // coverage cells of kind 'step' see the state before each step: copy then
    if (this.inPlace && !tally) return this.runInPlace(this.copy(start.state), executed, reached);
    this.state = start.state;
    const witnesses = machine.witnesses.length;
    if (reached && reached.size < witnesses) markWitnesses(machine, this.state, reached);
    if (tally) tally.begin(this.state);
    const nextAt = machine.nextAt;
    const always = machine.always;
    const hasSteps = machine.steps.length > 0;
    const knobs = machine.knobs;
    for (let taken = 0; taken < this.maxSteps && this.size > 0; taken++) {
      let index: number;
      try {
        index = this.draw();
      } catch (error) {
        return { kind: 'model-error', executed, error };
      }
      if (index < 0) break;
      executed.push(index);
      const state = this.state;
      let after: State;
      let message: string | undefined;
      let property = '';
      try {
        // a guard that threw in the draw throws again here, as `step` would have it
        if (this.picked === PICKED_THREW && !this.guardAt[index]!(state, machine.alphabet[index]!, knobs)) {
          executed.pop();
          continue;
        }
        after = nextAt[index]!(state);
        if (hasSteps) {
          const broken = brokenStep(machine, state, machine.alphabet[index]!, after);
          if (broken) ({ property, message } = broken);
        }
        for (let p = 0; message === undefined && p < always.length; p++) {
          message = always[p]!.check(after, knobs);
          property = always[p]!.name;
        }
      } catch (error) {
        return { kind: 'model-error', executed, error };
      }
      if (tally) tally.step(state, machine.alphabet[index]!, after);
      if (message !== undefined) return { kind: 'violation', executed, property, message };
      this.state = after;
      if (reached && reached.size < witnesses) markWitnesses(machine, after, reached);
    }
    const state = this.state;
    this.state = undefined;
    if (machine.model.neverStuck && !safeHasEnabled(machine, state)) {
      return { kind: 'violation', executed, property: NEVER_STUCK, message: 'no action is enabled' };
    }
    return { kind: 'passed', executed };
  }

  /**
   * `run` on one working state that each recipe mutates: the same states as copying before
   * each step (the recipe only touches its draft), without a copy or a new state a step.
   */
  private runInPlace(working: State, executed: number[], reached: Set<string> | undefined): RunOutcome {
    const machine = this.machine;
    this.state = working;
    const witnesses = machine.witnesses.length;
    if (reached && reached.size < witnesses) markWitnesses(machine, working, reached);
    const always = machine.always;
    const knobs = machine.knobs;
    const alphabet = machine.alphabet;
    const recipeAt = this.recipeAt;
    for (let taken = 0; taken < this.maxSteps && this.size > 0; taken++) {
      let index: number;
      try {
        index = this.draw();
      } catch (error) {
        return { kind: 'model-error', executed, error };
      }
      if (index < 0) break;
      executed.push(index);
      const action = alphabet[index]!;
      let message: string | undefined;
      let property = '';
      try {
        if (this.picked === PICKED_THREW && !this.guardAt[index]!(working, action, knobs)) {
          executed.pop();
          continue;
        }
        recipeAt[index]!(working, action, knobs);
        for (let p = 0; message === undefined && p < always.length; p++) {
          message = always[p]!.check(working, knobs);
          property = always[p]!.name;
        }
      } catch (error) {
        return { kind: 'model-error', executed, error };
      }
      if (message !== undefined) return { kind: 'violation', executed, property, message };
      if (reached && reached.size < witnesses) markWitnesses(machine, working, reached);
    }
    this.state = undefined;
    if (machine.model.neverStuck && !safeHasEnabled(machine, working)) {
      return { kind: 'violation', executed, property: NEVER_STUCK, message: 'no action is enabled' };
    }
    return { kind: 'passed', executed };
  }

  /** The next action's alphabet index, or -1 to end the run. */
  private draw(): number {
    if (this.byKind) return this.kindTickets ? this.drawWeightedKind(this.byKind, this.kindTickets) : this.drawKind(this.byKind);
    if (this.actionTotals) return this.drawWeightedAction(this.actionTotals);
    // Rejection sampling is uniform over the enabled actions and cheap when many are enabled.
    const tried = this.tryRandom(undefined);
    if (tried >= 0) return tried;
    const enabled = this.enabled;
    enabled.length = 0;
    for (let index = 0; index < this.size; index++) if (this.ask(index)) enabled.push(index);
    return enabled.length === 0 ? -1 : this.pick();
  }

  /**
   * Up to RANDOM_TRIES random actions, uniform or by the running `totals` of tickets, until
   * one is enabled: its index (a guard that throws picks its action), or -1 if none was.
   */
  private tryRandom(totals: readonly number[] | undefined): number {
    const guardAt = this.guardAt;
    const alphabet = this.machine.alphabet;
    const knobs = this.machine.knobs;
    const state = this.state;
    const all = totals ? totals[totals.length - 1]! : this.size;
    try {
      for (let i = 0; i < RANDOM_TRIES; i++) {
        const drawn = this.nextInt(all);
        const index = (this.asking = totals ? firstAbove(totals, drawn) : drawn);
        if (guardAt[index]!(state, alphabet[index]!, knobs)) {
          this.picked = PICKED_ENABLED;
          return index;
        }
      }
    } catch {
      this.picked = PICKED_THREW;
      return this.asking;
    }
    return -1;
  }

  /** The first kind with an enabled action in a random order is uniform among such kinds. */
  private drawKind(byKind: readonly (readonly number[])[]): number {
    const order = this.order;
    for (let k = 0; k < order.length; k++) order[k] = k;
    for (let k = order.length - 1; k >= 0; k--) {
      const j = this.nextInt(k + 1);
      const swap = order[k]!;
      order[k] = order[j]!;
      order[j] = swap;
      const enabled = this.enabled;
      enabled.length = 0;
      for (const index of byKind[order[k]!]!) if (this.ask(index)) enabled.push(index);
      if (enabled.length > 0) return this.pick();
    }
    return -1;
  }

  /**
   * Weighted sampling without replacement: draw a kind in proportion to its tickets among the
   * kinds not yet found disabled; the first enabled one is drawn in proportion to its weight
   * among the enabled kinds, and only the guards of the kinds drawn are asked.
   */
  private drawWeightedKind(byKind: readonly (readonly number[])[], tickets: readonly number[]): number {
    const order = this.order;
    let left = 0;
    for (let k = 0; k < order.length; k++) {
      order[k] = k;
      left += tickets[k]!;
    }
    for (let live = order.length; live > 0; live--) {
      let r = this.nextInt(left);
      let j = 0;
      while (r >= tickets[order[j]!]!) r -= tickets[order[j++]!]!;
      const kind = order[j]!;
      const enabled = this.enabled;
      enabled.length = 0;
      for (const index of byKind[kind]!) if (this.ask(index)) enabled.push(index);
      if (enabled.length > 0) return this.pick();
      // the disabled kind leaves the live part of the order
      order[j] = order[live - 1]!;
      order[live - 1] = kind;
      left -= tickets[kind]!;
    }
    return -1;
  }

  /** By action with weights: rejection sampling on the running totals, then a weighted scan. */
  private drawWeightedAction(totals: readonly number[]): number {
    const tried = this.tryRandom(totals);
    if (tried >= 0) return tried;
    const enabled = this.enabled;
    enabled.length = 0;
    let sum = 0;
    for (let index = 0; index < this.size; index++) {
      if (this.ask(index)) {
        enabled.push(index);
        sum += totals[index]! - (index > 0 ? totals[index - 1]! : 0);
      }
    }
    if (enabled.length === 0) return -1;
    let r = this.nextInt(sum);
    for (const index of enabled) {
      r -= totals[index]! - (index > 0 ? totals[index - 1]! : 0);
      if (r < 0) {
        this.ask(index);
        return index;
      }
    }
    throw new Error('unreachable: the weighted scan drew past its total');
  }

  /** The guard of action `index`, noting in `picked` whether it threw (which counts as enabled). */
  private ask(index: number): boolean {
    try {
      this.picked = this.guardAt[index]!(this.state, this.machine.alphabet[index]!, this.machine.knobs) ? PICKED_ENABLED : 0;
    } catch {
      this.picked = PICKED_THREW;
    }
    return this.picked !== 0;
  }

  /** One of `enabled`, its guard's verdict left in `picked` (asked again: a scan leaves the last one's). */
  private pick(): number {
    const index = this.enabled[this.nextInt(this.enabled.length)]!;
    this.ask(index);
    return index;
  }
}

/** One random run of at most `maxSteps` steps (see `RandomRunner`). */
export function randomRun(
  machine: Machine,
  maxSteps: number,
  nextInt: (n: number) => number,
  reached?: Set<string>,
): RunOutcome {
  return new RandomRunner(machine, maxSteps, nextInt).run(reached);
}

/** A weight of 1 in tickets: weights count in steps of 1/TICKETS. */
const TICKETS = 1000;

/** Each action's tickets from the model's `drawWeights` (unlisted kinds weigh 1), or undefined without. */
function ticketsOf(machine: Machine): number[] | undefined {
  const spec = machine.model.drawWeights as DrawWeights<ActionBase, KnobValues> | undefined;
  if (spec === undefined) return undefined;
  const weights = (typeof spec === 'function' ? spec(machine.knobs) : spec) as Readonly<Record<string, number | undefined>>;
  const kinds = new Set(machine.alphabet.map((a) => a.kind));
  for (const [kind, weight] of Object.entries(weights)) {
    const tickets = Math.round((weight ?? 1) * TICKETS);
    if (!Number.isFinite(weight) || tickets < 1 || tickets > 1e6) {
      throw new Error(`model ${machine.model.name}: draw weight of ${kind} must be between 1/${TICKETS} and 1000, not ${weight}`);
    }
    // a kind an alphabet leaves out under some knobs is fine; one no action has is a slip the type may miss
    if (!kinds.has(kind) && !(kind in machine.model.guards)) throw new Error(`model ${machine.model.name}: draw weight for unknown kind ${kind}`);
  }
  return machine.alphabet.map((a) => Math.round((weights[a.kind] ?? 1) * TICKETS));
}

/** The first index whose running total is above `r` (binary search; totals increase). */
function firstAbove(totals: readonly number[], r: number): number {
  let lo = 0;
  let hi = totals.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (totals[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Alphabet indices grouped by action kind, in the order the kinds first appear. */
function kindsOf(machine: Machine): number[][] {
  const groups = new Map<string, number[]>();
  machine.alphabet.forEach((action, index) => {
    const group = groups.get(action.kind) ?? [];
    group.push(index);
    groups.set(action.kind, group);
  });
  return [...groups.values()];
}
