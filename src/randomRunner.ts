import type { Immutable } from 'immer';
import type { CellTally } from './coverage/tally.ts';
import * as drawModule from './draw.ts';
import type { Guard } from './draw.ts';
import * as machineModule from './machine.ts';
import type { Machine, StepResult } from './machine.ts';
import type { ActionBase, KnobValues } from './model.ts';
import * as runModule from './run.ts';
import type { RunOutcome } from './run.ts';

// Local copies: an imported binding is read through a getter at every use once tsx has
// compiled the module.
const { ActionDraw, PICKED_THREW } = drawModule;
const { brokenStep, initialState, markWitnesses } = machineModule;
const { NEVER_STUCK, safeHasEnabled } = runModule;

type State = Immutable<unknown>;
type Recipe = (draft: unknown, action: ActionBase, knobs: KnobValues) => void;

/**
 * Random runs of one machine, the hot path of `check`: one loop, no object per step but the
 * state the transition makes (and no closure per run). Each step is drawn by an `ActionDraw`
 * among the actions enabled in the current state. A run takes the same steps as
 * `replayIndices` of its `executed`.
 */
export class RandomRunner {
  private readonly size: number;
  private readonly draw: drawModule.ActionDraw;
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

  constructor(
    private readonly machine: Machine,
    private readonly maxSteps: number,
    nextInt: (n: number) => number,
  ) {
    this.size = machine.alphabet.length;
    this.draw = new ActionDraw(machine, nextInt);
    this.guardAt = this.draw.guardAt;
    const recipes = machine.model.transitions as Record<string, Recipe>;
    this.recipeAt = machine.alphabet.map((action) => recipes[action.kind]!);
    this.inPlace = machine.mode === 'fast' && machine.steps.length === 0;
    this.copy = machine.copy;
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
    let state: State = start.state;
    const witnesses = machine.witnesses.length;
    if (reached && reached.size < witnesses) markWitnesses(machine, state, reached);
    if (tally) tally.begin(state);
    const draw = this.draw;
    const nextAt = machine.nextAt;
    const always = machine.always;
    const hasSteps = machine.steps.length > 0;
    const knobs = machine.knobs;
    for (let taken = 0; taken < this.maxSteps && this.size > 0; taken++) {
      let index: number;
      try {
        index = draw.next(state);
      } catch (error) {
        return { kind: 'model-error', executed, error };
      }
      if (index < 0) break;
      executed.push(index);
      let after: State;
      let message: string | undefined;
      let property = '';
      try {
        // a guard that threw in the draw throws again here, as `step` would have it
        if (draw.picked === PICKED_THREW && !this.guardAt[index]!(state, machine.alphabet[index]!, knobs)) {
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
      state = after;
      if (reached && reached.size < witnesses) markWitnesses(machine, after, reached);
    }
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
    const witnesses = machine.witnesses.length;
    if (reached && reached.size < witnesses) markWitnesses(machine, working, reached);
    const draw = this.draw;
    const always = machine.always;
    const knobs = machine.knobs;
    const alphabet = machine.alphabet;
    const recipeAt = this.recipeAt;
    for (let taken = 0; taken < this.maxSteps && this.size > 0; taken++) {
      let index: number;
      try {
        index = draw.next(working);
      } catch (error) {
        return { kind: 'model-error', executed, error };
      }
      if (index < 0) break;
      executed.push(index);
      const action = alphabet[index]!;
      let message: string | undefined;
      let property = '';
      try {
        if (draw.picked === PICKED_THREW && !this.guardAt[index]!(working, action, knobs)) {
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
    if (machine.model.neverStuck && !safeHasEnabled(machine, working)) {
      return { kind: 'violation', executed, property: NEVER_STUCK, message: 'no action is enabled' };
    }
    return { kind: 'passed', executed };
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
