import fc from 'fast-check';
import type { Machine } from './machine.ts';
import { randomRun, type RunOutcome } from './run.ts';

/**
 * A fast-check arbitrary of action sequences (alphabet indices) that draws each step among the
 * actions enabled in the state the run has reached, so every generated step executes.
 *
 * Generating a sequence runs it, so the outcome is kept beside the value and the property need
 * not run it twice; a shrunk candidate is new and is replayed.
 */
export class ActionSequenceArbitrary extends fc.Arbitrary<readonly number[]> {
  /** Outcomes of generated sequences, by the sequence object itself. */
  readonly outcomes = new WeakMap<readonly number[], RunOutcome>();

  constructor(
    private readonly machine: Machine,
    private readonly maxSteps: number,
    private readonly reached: Set<string>,
  ) {
    super();
  }

  generate(mrng: fc.Random): fc.Value<readonly number[]> {
    const outcome = randomRun(this.machine, this.maxSteps, (n) => mrng.nextInt(0, n - 1), this.reached);
    this.outcomes.set(outcome.executed, outcome);
    return new fc.Value(outcome.executed, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is readonly number[] {
    const size = this.machine.alphabet.length;
    return Array.isArray(value) && value.every((i) => Number.isInteger(i) && i >= 0 && i < size);
  }

  shrink(value: readonly number[]): fc.Stream<fc.Value<readonly number[]>> {
    return new fc.Stream(this.candidates(value)).map((v) => new fc.Value(v, undefined));
  }

  /**
   * Shorter sequences first (drop halves, then quarters, ... then single steps), always keeping
   * the last step because it is the one that broke the property; then simpler actions: each
   * step replaced by an earlier action of the same kind in the alphabet (lower slots).
   */
  private *candidates(value: readonly number[]): IterableIterator<readonly number[]> {
    const body = value.length - 1;
    for (let size = Math.max(1, Math.floor(body / 2)); size >= 1 && body > 0; size = Math.floor(size / 2)) {
      for (let start = 0; start + size <= body; start += size) {
        yield [...value.slice(0, start), ...value.slice(start + size)];
      }
      if (size === 1) break;
    }
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
  }
}
