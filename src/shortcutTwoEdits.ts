import type { Immutable } from 'immer';
import { mayBeEnabled, statesAlong, step, type Machine } from './machine.ts';
import { replayIndices, type RunOutcome } from './run.ts';

type State = Immutable<unknown>;
type Violation = RunOutcome & { readonly kind: 'violation' };

/**
 * The run with one step replaced by another action and one other step dropped, before or
 * after it: the first such run that still breaks a property that `counts`.
 * Two edits at once get out of a local minimum that every single edit keeps: a fork that only
 * split a PMD, for one MADV_DONTNEED, once the zap that undid the fork's mapping is dropped too;
 * or a stale entry removed before a folio was added elsewhere, for that folio added in its
 * place. Steps a replaced action leaves disabled (a fork's copy steps without the fork) are
 * skipped on replay, as ever. The replays share their prefixes; at most `maxSteps` steps in
 * all, the earliest edits first. Deterministic.
 */
export function withReplacedAndDropped(machine: Machine, current: Violation, maxSteps: number, counts: (property: string) => boolean): RunOutcome | undefined {
  const run = current.executed;
  const length = run.length;
  const path = statesAlong(machine, run);
  if (path.length !== length || maxSteps <= 0) return undefined;
  let spent = 0;
  const take = (state: State, index: number) => {
    spent++;
    return step(machine, state, machine.alphabet[index]!);
  };
  /** Whether run[from..] from `state` breaks a property; a disabled step is skipped. */
  const breaks = (state: State, from: number): boolean => {
    let at = state;
    for (let m = from; m < length && spent < maxSteps; m++) {
      const result = take(at, run[m]!);
      if (result.kind === 'violation') return counts(result.property);
      if (result.kind === 'model-error') return false;
      if (result.kind === 'ok') at = result.state;
    }
    return false;
  };
  /** The actions other than run[p] enabled in `state`, each with the state it leads to (or the violation it is). */
  const replacements = function* (state: State, p: number) {
    for (let action = 0; action < machine.alphabet.length && spent < maxSteps; action++) {
      if (action === run[p] || !mayBeEnabled(machine, state, action)) continue;
      const result = take(state, action);
      if (result.kind !== 'disabled' && result.kind !== 'model-error') yield { action, result };
    }
  };
  const found = (indices: readonly number[]): RunOutcome | undefined => {
    const replayed = replayIndices(machine, indices);
    const kept = replayed.kind === 'violation' && replayed.executed.length < length && counts(replayed.property);
    return kept ? replayed : undefined;
  };
  const without = (k: number) => run.filter((_, at) => at !== k);
  for (let first = 0; first < length && spent < maxSteps; first++) {
    // step `first` replaced, then a later step k dropped: the states after the replacement shared
    for (const { action, result } of replacements(path[first]!, first)) {
      const edited = (k: number) => found([...run.slice(0, first), action, ...without(k).slice(first + 1)]);
      if (result.kind === 'violation') {
        const shorter = edited(length - 1);
        if (shorter) return shorter;
        continue;
      }
      let at = result.state;
      for (let k = first + 1; k < length - 1 && spent < maxSteps; k++) {
        if (breaks(at, k + 1)) {
          const shorter = edited(k);
          if (shorter) return shorter;
        }
        const next = take(at, run[k]!);
        if (next.kind === 'violation' || next.kind === 'model-error') break;
        if (next.kind === 'ok') at = next.state;
      }
    }
    // step `first` dropped, then a later step p replaced: the states without it shared
    if (first === length - 1) break;
    let at: State = path[first]!;
    for (let p = first + 1; p < length && spent < maxSteps; p++) {
      for (const { action, result } of replacements(at, p)) {
        if (result.kind === 'violation' || breaks(result.state, p + 1)) {
          const shorter = found([...without(first).slice(0, p - 1), action, ...run.slice(p + 1)]);
          if (shorter) return shorter;
        }
      }
      const next = take(at, run[p]!);
      if (next.kind === 'violation' || next.kind === 'model-error') break;
      if (next.kind === 'ok') at = next.state;
    }
  }
  return undefined;
}
