import type { Machine } from '../machine.ts';
import type { Outcome } from '../result.ts';

/** The search's bookkeeping that is not about states: paths back, its end, its memory. */

/** A grown-on-demand Int32Array: each state's parent and the action that reached it (small at first, as `CodeQueue`). */
export class IntColumn {
  data = new Int32Array(16);
  push(index: number, value: number): void {
    if (index >= this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[index] = value;
  }
}

export type Ending =
  | { readonly kind: 'violation'; readonly property: string; readonly message: string; readonly path: readonly number[] }
  | { readonly kind: 'model-error'; readonly error: unknown; readonly path: readonly number[] };

/** The JavaScript heap and buffer memory in use. */
export function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** The verdict, with the counterexample's actions read off the alphabet. */
export function outcomeOf(machine: Machine, ending: Ending | undefined, reached: ReadonlySet<string>): Outcome {
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
