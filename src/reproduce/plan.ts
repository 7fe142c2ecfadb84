import type { ActionBase } from '../model.ts';

/** How one model step becomes C, or why it cannot. */
export type StepPlan =
  /** Code run in process `proc` (0: the test itself, 1: the child after `fork`). */
  | { readonly kind: 'user'; readonly proc: number; readonly code: readonly string[] }
  | { readonly kind: 'fork' }
  | { readonly kind: 'exit-child' }
  /** No user-space trigger: a comment saying what must happen and, where there is one, how to provoke it. */
  | { readonly kind: 'kernel'; readonly what: string; readonly provoke?: string };

/** One step as the generator sees it: the action, its text, the model states around it. */
export interface StepView {
  readonly index: number;
  readonly action: ActionBase;
  readonly text: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** A check run at the end of the sequence, in the process that can make it. */
export interface FinalCheck {
  readonly proc: number;
  readonly text: string;
  readonly code: readonly string[];
}

/**
 * A model's user-space triggers: a fresh planner per program (it may keep bookkeeping across
 * steps, such as which GUP slot a pipe stands for), plan per step, and checks at the end.
 */
export interface TriggerPlanner {
  plan(step: StepView): StepPlan;
  finalChecks(): readonly FinalCheck[];
}

export interface TriggerTable {
  /** The action kinds with a user-space trigger, for docs and `reproduce --list`. */
  readonly triggers: Readonly<Record<string, string>>;
  readonly planner: () => TriggerPlanner;
}
