import type { Draft, Immutable } from 'immer';

/** A knob value: every knob has a small finite set of allowed values. */
export type KnobValue = boolean | string | number;

/** The knob values of one configuration of a model, by knob name. */
export type KnobValues = Readonly<Record<string, KnobValue>>;

/** One named design choice: its allowed values and the proposal's value. */
export interface KnobSpec<V extends KnobValue = KnobValue> {
  readonly values: readonly V[];
  readonly proposal: V;
  /** One line: what the choice is, in kernel words. */
  readonly meaning: string;
}

/** The specs of all knobs of a model, keyed like its knob values. */
export type KnobSpecs<K extends KnobValues> = { readonly [name in keyof K]: KnobSpec<K[name]> };

/** Every action is plain data told apart by `kind`; arguments name stable slots. */
export interface ActionBase {
  readonly kind: string;
}

/**
 * What a property says about a state or a transition: `undefined` when it holds, otherwise
 * the values behind the violation (`folio 2: refcount 1 < mapcount 1 + pins 1`).
 */
export type Verdict = string | undefined;

interface PropertyBase {
  readonly name: string;
  /** One line: what the property means. */
  readonly meaning: string;
  /** The kernel rule or function it mirrors. */
  readonly rule?: string;
}

/** A state invariant, checked on the initial state and after every step. */
export interface AlwaysProperty<S, K extends KnobValues> extends PropertyBase {
  readonly kind: 'always';
  readonly check: (state: Immutable<S>, knobs: K) => Verdict;
}

/** A transition invariant, checked on every step. */
export interface StepProperty<S, A extends ActionBase, K extends KnobValues> extends PropertyBase {
  readonly kind: 'step';
  readonly check: (before: Immutable<S>, action: A, after: Immutable<S>, knobs: K) => Verdict;
}

/** A witness: some run must reach such a state, or the check is `vacuous`. */
export interface SometimesProperty<S, K extends KnobValues> extends PropertyBase {
  readonly kind: 'sometimes';
  readonly reached: (state: Immutable<S>, knobs: K) => boolean;
}

export type Property<S, A extends ActionBase, K extends KnobValues> =
  | AlwaysProperty<S, K>
  | StepProperty<S, A, K>
  | SometimesProperty<S, K>;

/** What a variant is expected to do under checking. */
export type Expectation =
  | { readonly kind: 'holds' }
  /**
   * A known-bad design: its bug breaks one of `properties` (a bug may show through more than
   * one rule first, whichever a run reaches first); `within` is the shortest counterexample
   * known by hand, and a longer one misses the expectation.
   */
  | { readonly kind: 'violates'; readonly properties: readonly string[]; readonly within?: number };

/**
 * The expectation of a known-bad variant: caught by one of `properties` in at most `within`
 * steps.
 * @example violates(['pin-coherent', 'no-private-write-leak'], 4)
 */
export function violates(properties: string | readonly string[], within?: number): Expectation {
  const names = typeof properties === 'string' ? [properties] : [...properties];
  return within === undefined ? { kind: 'violates', properties: names } : { kind: 'violates', properties: names, within };
}

/** A named set of knob values with what checking it must show. */
export interface Variant<K extends KnobValues> {
  readonly name: string;
  /** One line: the design it stands for, and for a known-bad one the kernel rule it breaks. */
  readonly meaning: string;
  readonly knobs: Partial<K>;
  readonly expect: Expectation;
}

/** What a scenario's fixed sequence must end in. */
export type ScenarioOutcome<S> =
  | { readonly kind: 'violates'; readonly property: string; readonly atStep: number }
  | {
      readonly kind: 'final';
      /** One line: what the final state shows. */
      readonly meaning: string;
      readonly check: (state: Immutable<S>) => Verdict;
    };

/** A fixed, named action sequence with an expected outcome (a kernel selftest case). */
export interface Scenario<S, A extends ActionBase, K extends KnobValues> {
  readonly name: string;
  readonly meaning: string;
  /** The variant whose knobs the scenario runs with; `proposal` when absent. */
  readonly variant?: string;
  readonly knobs?: Partial<K>;
  readonly steps: readonly A[];
  readonly expect: ScenarioOutcome<S>;
}

/**
 * A coverage cell: a named situation the model's docs argue is interesting ("GUP-fast saw the
 * PMD change", "fork while pinned"). `check` and `explore` count the runs and states that hit
 * it; a cell with a `minimum` share of runs that is missed makes a holding check `vacuous`.
 */
export type CoverageCell<S, A extends ActionBase, K extends KnobValues> = {
  readonly name: string;
  /** One line: the situation, in kernel words. */
  readonly meaning: string;
  /** The share of random runs (0..1) that must hit it, e.g. 0.01 for 1%. */
  readonly minimum?: number;
} & (
  | { readonly kind: 'state'; readonly hit: (state: Immutable<S>, knobs: K) => boolean }
  | {
      readonly kind: 'step';
      readonly hit: (before: Immutable<S>, action: A, after: Immutable<S>, knobs: K) => boolean;
    }
);

/**
 * A state field named in kernel coordinates, for reports: `words` stand for the first `of`
 * segments of the field's path and the rest of the path follows them, so `frames[1].slots[1]`
 * named `pfn 5` turns `frames[1].slots[1].refcount` into `pfn 5 refcount`. Numbers in `words`
 * are coordinates: lines that differ only in them merge into ranges (`pfn 4..7 compoundHead`).
 * @example { words: kernelWords`P${proc} vpage ${vpage}`, of: 4 }
 */
export interface KernelPlace {
  readonly words: readonly (string | number)[];
  readonly of: number;
}

/**
 * Kernel words with their numbers kept as coordinates:
 * kernelWords`folio ${3} page ${0}` is `['folio ', 3, ' page ', 0]`.
 */
export function kernelWords(strings: TemplateStringsArray, ...values: readonly (string | number)[]): (string | number)[] {
  return strings.flatMap((text, i) => (i < values.length ? [text, values[i]!] : [text])).filter((w) => w !== '');
}

/** The budget a model's check uses unless the caller says otherwise. */
export interface Budget {
  readonly runs: number;
  readonly maxSteps: number;
  /**
   * The cap in distinct states of the breadth-first search after the random runs (it proves a
   * counterexample shortest, or searches for one the runs missed); default 100,000.
   */
  readonly states?: number;
}

/** Draw weights by action kind; a misspelt kind does not compile. */
export type KindWeights<A extends ActionBase> = Partial<Readonly<Record<A['kind'], number>>>;

/** A model's draw weights, fixed or chosen by the configuration's knobs. */
export type DrawWeights<A extends ActionBase, K extends KnobValues> = KindWeights<A> | ((knobs: K) => KindWeights<A>);

/** The guard of each action kind, typed so that a kind without a guard does not compile. */
export type GuardTable<S, A extends ActionBase, K extends KnobValues> = {
  readonly [kind in A['kind']]: (state: Immutable<S>, action: Extract<A, { kind: kind }>, knobs: K) => boolean;
};

/** The transition of each action kind, an immer recipe; a missing kind does not compile. */
export type TransitionTable<S, A extends ActionBase, K extends KnobValues> = {
  readonly [kind in A['kind']]: (draft: Draft<S>, action: Extract<A, { kind: kind }>, knobs: K) => void;
};

/**
 * A model: immutable state, a finite action alphabet, guards and transitions dispatched on
 * `action.kind`, transitions as immer recipes. Pure: no I/O, no randomness, no clocks. Its
 * properties live in `properties/` and are joined to it by the registry (`withProperties`).
 */
export interface Model<S, A extends ActionBase, K extends KnobValues> {
  readonly name: string;
  /** One line: what the model is about. */
  readonly title: string;
  /** The scaled geometry and what it stands for (`4 struct pages per vmemmap page; real 64`). */
  readonly scale: string;
  readonly knobs: KnobSpecs<K>;
  readonly variants: readonly Variant<K>[];
  readonly scenarios?: readonly Scenario<S, A, K>[];
  readonly budget: Budget;
  /**
   * How random mode draws a step: `action` (the default) uniformly among the enabled actions;
   * `kind` first uniformly among the kinds with an enabled action, then among that kind's, as
   * fast-check's `commands` does. For a model whose alphabet has many per-page or per-slot
   * actions of a few kinds and a few rare single steps (a khugepaged step, a GUP-fast step).
   */
  readonly draw?: 'action' | 'kind';
  /**
   * Random mode only, optional: how much each action kind weighs in the draw (unlisted kinds
   * weigh 1). With `draw: 'kind'` an enabled kind is drawn in proportion to its weight, then
   * uniformly among its enabled actions; with `draw: 'action'` each enabled action weighs its
   * kind's weight. Weights are positive, in steps of 1/1000; a function receives the knobs.
   * @example drawWeights: { madvCollapse: 0.25 }
   */
  readonly drawWeights?: DrawWeights<A, K>;
  /** True when a state with no enabled action is itself a bug (a deadlock). */
  readonly neverStuck?: boolean;
  readonly init: (knobs: K) => S;
  /** Every action the model can take within its bounds; random mode draws from it. */
  readonly actions: (knobs: K) => readonly A[];
  /** When each kind of step can run: a disabled action is skipped, never an error. */
  readonly guards: GuardTable<S, A, K>;
  /** What each kind of step does, as an immer recipe on a draft of the state. */
  readonly transitions: TransitionTable<S, A, K>;
  /** The step in kernel words: `CPU0 GUP-fast: folio_try_get(f3) -> ok`. */
  readonly describe: (action: A, before: Immutable<S>, knobs: K) => string;
  /**
   * State fields a kernel reader does not know (the model's own bookkeeping), hidden from
   * reports unless `--verbose`. Dotted paths; `*` stands for any array index or key.
   * @example bookkeeping: ['seen', 'gups.*.coherent']
   */
  readonly bookkeeping?: readonly string[];
  /**
   * Reports only, optional: the kernel name of the field at `path` (`['frames', 1, 'slots', 1]`
   * -> `pfn 5`), read in `state`: the state after the step, or before it for a field the step
   * removed. `undefined` where the model has no better name than the path.
   * Text, Markdown and HTML reports use it; JSON and ITF keep the model's paths.
   */
  readonly coordinates?: (path: readonly (string | number)[], state: Immutable<S>, knobs: K) => KernelPlace | undefined;
  /** The situations worth reaching, counted by `check` and `explore` (see CoverageCell). */
  readonly cells?: readonly CoverageCell<S, A, K>[];
  /**
   * Exhaustive mode only: map a state to the one representative of its symmetry class (e.g.
   * sort interchangeable frames, processes or threads), so that states differing only by a
   * renaming are explored once. Return a new state, never change the given one. Every property
   * must judge all states of a class alike, or exploring one of them could miss a violation.
   * @example symmetry: (s) => ({ ...s, folios: [...s.folios].sort(byCounters) })
   */
  readonly symmetry?: (state: Immutable<S>, knobs: K) => Immutable<S>;
  /**
   * Exhaustive mode only, optional: the state as one integer and back (`explore/packed.ts`).
   * The search then keeps integers in its queue and visited set, and runs the guards, recipes
   * and properties on decoded states as always; models without it use the generic encoding.
   */
  readonly pack?: StatePacking<S, K>;
}

/**
 * A state packed into an integer 0..2^31-1. `decode(encode(s))` must equal `s` for every state
 * the model reaches, and `decode` return fresh objects (the search runs recipes on them);
 * `encode` throws for a state it cannot hold, which the search reports as a model error.
 */
export interface StatePacking<S, K extends KnobValues> {
  readonly encode: (state: Immutable<S>, knobs: K) => number;
  readonly decode: (code: number, knobs: K) => S;
  /**
   * Optional: `decode` into `into`, a state an earlier `decode` or `decodeInto` returned that
   * recipes may have changed since, reusing its objects; returns the state (`into`, or a fresh
   * decoding when it cannot be reused). The search then allocates nothing per transition.
   * Offer it only where recipes change fields in place, never replace or alias an object.
   */
  readonly decodeInto?: (code: number, knobs: K, into: Draft<S>) => S;
}

/** A model joined with its properties: what the engine checks. */
export interface CheckedModel<S, A extends ActionBase, K extends KnobValues> extends Model<S, A, K> {
  readonly properties: readonly Property<S, A, K>[];
}

/** A checked model with its types erased, as the registry, the CLI and the reports see it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = CheckedModel<any, any, any>;

/**
 * Declare a model; the identity function that lets TypeScript infer S, A and K.
 * @example export const refcountModel = defineModel({ name: 'refcount', ... });
 */
export function defineModel<S, A extends ActionBase, K extends KnobValues>(model: Model<S, A, K>): Model<S, A, K> {
  return model;
}

/**
 * Join a model with its properties, in the order they are checked (the first broken one is
 * reported). The registry does this, so that models never import their properties.
 * @example withProperties(folioModel, folioProperties)
 */
export function withProperties<S, A extends ActionBase, K extends KnobValues>(
  model: Model<S, A, K>,
  properties: readonly Property<S, A, K>[],
): CheckedModel<S, A, K> {
  return { ...model, properties };
}
