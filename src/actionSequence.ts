import fc from 'fast-check';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xorshift128plus } from 'pure-rand/generator/xorshift128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { mayBeEnabled, statesAlong, type Machine } from './machine.ts';
import { tallies } from './coverage/tally.ts';
import { RandomRunner } from './randomRunner.ts';
import type { RunOutcome } from './run.ts';

/**
 * A fast-check arbitrary of action sequences (alphabet indices) that draws each step among the
 * actions enabled in the state the run has reached, so every generated step executes.
 *
 * Generating a sequence runs it, so the outcome is kept beside the value and the property need
 * not run it twice; a shrunk candidate is new and is replayed.
 */
export class ActionSequenceArbitrary extends fc.Arbitrary<readonly number[]> {
  /** Alphabet indices by the action's canonical text, to find an action with a renamed slot
   * (built when shrinking first needs it: most searches never shrink). */
  private indexes: Map<string, number> | undefined;

  private get indexOf(): Map<string, number> {
    return (this.indexes ??= new Map(this.machine.alphabet.map((action, index) => [canonical(action), index])));
  }

  constructor(
    private readonly machine: Machine,
    private readonly maxSteps: number,
    private readonly reached: Set<string>,
  ) {
    super();
    this.runner = new RandomRunner(machine, maxSteps, this.nextInt);
  }

  /**
   * Each draw is fast-check's own (`mrng.nextInt`), as before the run loop was rewritten: the
   * known-bad catches of every model were tuned on that sequence, and a run's own faster
   * generator lost two of them (collapse/in-place-head-decides on seeds 3 and 4).
   */
  generate(mrng: fc.Random): fc.Value<readonly number[]> {
    this.mrng = mrng;
    this.source = undefined;
    return new fc.Value(this.runOnce(), undefined);
  }

  /** One run on the stream set up, kept beside its steps for the property. */
  private runOnce(): readonly number[] {
    // coverage cells count the generated runs, not shrinking's candidates (nor a run counted
    // already, which `fc.check` generates again to shrink it)
    const tally = this.counted ? undefined : tallies.get(this.machine);
    this.counted = false;
    const outcome = this.runner.run(this.reached, tally);
    if (tally) tally.end();
    this.lastValue = outcome.executed;
    this.lastOutcome = outcome;
    return outcome.executed;
  }

  /**
   * The runs `fc.check` would generate, without its runner around each: the same generator
   * (the seed's xorshift128plus, jumped before each run, which draws on a copy of it: fast-check's
   * `toss`) and the same draw (`uniformInt` of that copy, which is what `fc.Random.nextInt`
   * calls), so run k takes the steps it takes under `fc.check`; the runner's own work is a
   * fifth of a short run. The index of the first run `holds` rejects (or throws on), for
   * `fc.check` to replay at path `k` and shrink; its coverage is counted once.
   */
  firstFailure(seed: number, numRuns: number, holds: (indices: readonly number[]) => boolean): number | undefined {
    const rng = xorshift128plus(seed);
    for (let run = 0; run < numRuns; run++) {
      rng.jump();
      this.source = rng.clone();
      const executed = this.runOnce();
      let passed = false;
      try {
        passed = holds(executed);
      } catch {
        passed = false;
      }
      if (!passed) {
        this.counted = true;
        this.source = undefined;
        return run;
      }
    }
    this.source = undefined;
    return undefined;
  }

  /** Set by `firstFailure`: the next generated run (the failing one again) is not tallied. */
  private counted = false;

  /** The outcome of `value` if it is the sequence generated last (the property runs it next), or undefined. */
  outcomeOf(value: readonly number[]): RunOutcome | undefined {
    return value === this.lastValue ? this.lastOutcome : undefined;
  }

  /** The random stream of the run being generated, and the draw the runner asks of it: 0..n-1. */
  private mrng: fc.Random | undefined;
  private readonly nextInt = (n: number): number =>
    this.source !== undefined ? uniformInt(this.source, 0, n - 1) : this.mrng!.nextInt(0, n - 1);
  /** `firstFailure`'s copy of the generator for the run being drawn. */
  private source: RandomGenerator | undefined;
  private readonly runner: RandomRunner;
  private lastValue: readonly number[] | undefined;
  private lastOutcome: RunOutcome | undefined;

  canShrinkWithoutContext(value: unknown): value is readonly number[] {
    const size = this.machine.alphabet.length;
    return Array.isArray(value) && value.every((i) => Number.isInteger(i) && i >= 0 && i < size);
  }

  shrink(value: readonly number[]): fc.Stream<fc.Value<readonly number[]>> {
    return new fc.Stream(this.candidates(value)).map((v) => new fc.Value(v, undefined));
  }

  /**
   * Shorter sequences first (drop halves, then quarters, ... then single steps), always keeping
   * the last step because it is the one that broke the property; then lower slots: a slot
   * number swapped for a lower one in every step at once (object 2 becomes object 0, and 0
   * becomes 2), so the steps keep referring to the same thing; then each step replaced by an
   * earlier action of the same kind in the alphabet; then two adjacent steps by one action.
   */
  private *candidates(value: readonly number[]): IterableIterator<readonly number[]> {
    const body = value.length - 1;
    for (let size = Math.max(1, Math.floor(body / 2)); size >= 1 && body > 0; size = Math.floor(size / 2)) {
      for (let start = 0; start + size <= body; start += size) {
        yield [...value.slice(0, start), ...value.slice(start + size)];
      }
      if (size === 1) break;
    }
    yield* this.slotSwaps(value);
    const alphabet = this.machine.alphabet;
    for (let position = 0; position < value.length; position++) {
      const current = value[position]!;
      const kind = alphabet[current]!.kind;
      for (let simpler = 0; simpler < current; simpler++) {
        if (alphabet[simpler]!.kind !== kind) continue;
        const candidate = [...value];
        candidate[position] = simpler;
        yield candidate;
      }
    }
    // Last, two steps into any one action (the last step kept): a local minimum where, say,
    // a pin and a fork only split a PMD that one mprotect would. An action disabled there is
    // skipped on replay, as if both steps were dropped: only the first such one is tried, as
    // all of them fail or pass alike (most of the alphabet, most of this phase's replays).
    const before = statesAlong(this.machine, value);
    for (let position = 0; position + 2 < value.length; position++) {
      const state = before[position];
      let dropped = false;
      for (let action = 0; action < alphabet.length; action++) {
        if (state !== undefined && !mayBeEnabled(this.machine, state, action)) {
          if (dropped) continue;
          dropped = true;
        }
        yield [...value.slice(0, position), action, ...value.slice(position + 2)];
      }
    }
  }

  private *slotSwaps(value: readonly number[]): IterableIterator<readonly number[]> {
    const actions = value.map((i) => this.machine.alphabet[i] as unknown as Record<string, unknown>);
    const slots = new Set<string>();
    for (const action of actions) {
      for (const [field, v] of Object.entries(action)) if (typeof v === 'number' && v > 0) slots.add(`${field}=${v}`);
    }
    for (const slot of slots) {
      const [field, raw] = slot.split('=') as [string, string];
      const high = Number(raw);
      for (let low = 0; low < high; low++) {
        // Only a swap that lowers the first slot it touches makes progress; the reverse swap
        // would undo it, and shrinking would cycle.
        if (actions.find((a) => a[field] === high || a[field] === low)?.[field] !== high) continue;
        const swapped = actions.map((a) =>
          a[field] === high ? this.indexOf.get(canonical({ ...a, [field]: low }))
          : a[field] === low ? this.indexOf.get(canonical({ ...a, [field]: high }))
          : this.indexOf.get(canonical(a)),
        );
        if (swapped.every((i) => i !== undefined)) yield swapped as number[];
      }
    }
  }
}

/** An action as text with sorted keys, so equal actions give equal keys. */
function canonical(action: object): string {
  return JSON.stringify(action, Object.keys(action).sort());
}
