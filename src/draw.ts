import type { Immutable } from 'immer';
import type { Machine } from './machine.ts';
import type { ActionBase, DrawWeights, KnobValues } from './model.ts';

type State = Immutable<unknown>;

/** An action's guard, called straight (not through `step`) on the hot path. */
export type Guard = (state: State, action: ActionBase, knobs: KnobValues) => boolean;

/** How many random picks to try before scanning the whole alphabet for enabled actions. */
const RANDOM_TRIES = 16;

/** What the last draw learnt of the guard of the action it picked. */
const PICKED_ENABLED = 1;
/** The picked action's guard threw: taking the action reports the model error at that step. */
export const PICKED_THREW = 2;

/**
 * The draw of a random run's next step: uniform among the actions enabled in the state (so no
 * step is wasted on a disabled one), or for a model that draws by `kind` uniformly among the
 * enabled kinds and then within one, with `nextInt(n)` giving 0..n-1; a model's `drawWeights`
 * make either draw proportional to them. Only scratch arrays are kept between draws: no
 * object a step.
 */
export class ActionDraw {
  /** Each action's guard, by alphabet index. */
  readonly guardAt: readonly Guard[];
  /** How the last draw found the picked action's guard (PICKED_ENABLED or PICKED_THREW): a
   * guard that throws picks its action, so that taking it reports the model error there. */
  picked = 0;
  private readonly size: number;
  private readonly byKind: number[][] | undefined;
  /** With `drawWeights`: each kind's tickets (by `draw: 'kind'`), or each action's running
   * total of tickets (by action); undefined draws uniformly. */
  private readonly kindTickets: number[] | undefined;
  private readonly actionTotals: number[] | undefined;
  private readonly order: number[];
  private readonly enabled: number[] = [];
  /** The action whose guard is being asked. */
  private asking = -1;

  constructor(
    private readonly machine: Machine,
    private readonly nextInt: (n: number) => number,
  ) {
    this.size = machine.alphabet.length;
    const guards = machine.model.guards as Record<string, Guard>;
    this.guardAt = machine.alphabet.map((action) => guards[action.kind]!);
    this.byKind = machine.model.draw === 'kind' ? kindsOf(machine) : undefined;
    this.order = this.byKind ? this.byKind.map((_, k) => k) : [];
    const tickets = ticketsOf(machine);
    if (tickets && this.byKind) this.kindTickets = this.byKind.map((group) => tickets[group[0]!]!);
    else if (tickets) {
      let total = 0;
      this.actionTotals = tickets.map((t) => (total += t));
    }
  }

  /** The next action's alphabet index in `state`, or -1 when none is enabled. */
  next(state: State): number {
    if (this.byKind) {
      return this.kindTickets ? this.drawWeightedKind(state, this.byKind, this.kindTickets) : this.drawKind(state, this.byKind);
    }
    if (this.actionTotals) return this.drawWeightedAction(state, this.actionTotals);
    // Rejection sampling is uniform over the enabled actions and cheap when many are enabled.
    const tried = this.tryRandom(state, undefined);
    if (tried >= 0) return tried;
    const enabled = this.enabled;
    enabled.length = 0;
    for (let index = 0; index < this.size; index++) if (this.ask(state, index)) enabled.push(index);
    return enabled.length === 0 ? -1 : this.pick(state);
  }

  /**
   * Up to RANDOM_TRIES random actions, uniform or by the running `totals` of tickets, until
   * one is enabled: its index (a guard that throws picks its action), or -1 if none was.
   */
  private tryRandom(state: State, totals: readonly number[] | undefined): number {
    const guardAt = this.guardAt;
    const alphabet = this.machine.alphabet;
    const knobs = this.machine.knobs;
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
  private drawKind(state: State, byKind: readonly (readonly number[])[]): number {
    const order = this.order;
    for (let k = 0; k < order.length; k++) order[k] = k;
    for (let k = order.length - 1; k >= 0; k--) {
      const j = this.nextInt(k + 1);
      const swap = order[k]!;
      order[k] = order[j]!;
      order[j] = swap;
      const enabled = this.enabled;
      enabled.length = 0;
      for (const index of byKind[order[k]!]!) if (this.ask(state, index)) enabled.push(index);
      if (enabled.length > 0) return this.pick(state);
    }
    return -1;
  }

  /**
   * Weighted sampling without replacement: draw a kind in proportion to its tickets among the
   * kinds not yet found disabled; the first enabled one is drawn in proportion to its weight
   * among the enabled kinds, and only the guards of the kinds drawn are asked.
   */
  private drawWeightedKind(state: State, byKind: readonly (readonly number[])[], tickets: readonly number[]): number {
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
      for (const index of byKind[kind]!) if (this.ask(state, index)) enabled.push(index);
      if (enabled.length > 0) return this.pick(state);
      // the disabled kind leaves the live part of the order
      order[j] = order[live - 1]!;
      order[live - 1] = kind;
      left -= tickets[kind]!;
    }
    return -1;
  }

  /** By action with weights: rejection sampling on the running totals, then a weighted scan. */
  private drawWeightedAction(state: State, totals: readonly number[]): number {
    const tried = this.tryRandom(state, totals);
    if (tried >= 0) return tried;
    const enabled = this.enabled;
    enabled.length = 0;
    let sum = 0;
    for (let index = 0; index < this.size; index++) {
      if (this.ask(state, index)) {
        enabled.push(index);
        sum += totals[index]! - (index > 0 ? totals[index - 1]! : 0);
      }
    }
    if (enabled.length === 0) return -1;
    let r = this.nextInt(sum);
    for (const index of enabled) {
      r -= totals[index]! - (index > 0 ? totals[index - 1]! : 0);
      if (r < 0) {
        this.ask(state, index);
        return index;
      }
    }
    throw new Error('unreachable: the weighted scan drew past its total');
  }

  /** The guard of action `index`, noting in `picked` whether it threw (which counts as enabled). */
  private ask(state: State, index: number): boolean {
    try {
      this.picked = this.guardAt[index]!(state, this.machine.alphabet[index]!, this.machine.knobs) ? PICKED_ENABLED : 0;
    } catch {
      this.picked = PICKED_THREW;
    }
    return this.picked !== 0;
  }

  /** One of `enabled`, its guard's verdict left in `picked` (asked again: a scan leaves the last one's). */
  private pick(state: State): number {
    const index = this.enabled[this.nextInt(this.enabled.length)]!;
    this.ask(state, index);
    return index;
  }
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
