import { check, drawSeed, type CheckOptions } from '../check.ts';
import type { Configuration } from '../configuration.ts';
import { share } from '../coverage/coverage.ts';
import { buildMachine, initialState, step } from '../machine.ts';
import type { ActionBase, AnyModel } from '../model.ts';
import type { RandomResult, Shortest } from '../result.ts';

/** How one property ended under one configuration. */
export type PropertyVerdict = 'holds' | 'violated' | 'model-error' | 'not-checked';

/** The counterexample that tells the two apart, and what the same steps do on the other side. */
export interface Separation {
  /** The side whose check found it. */
  readonly side: 'a' | 'b';
  readonly message: string;
  readonly actions: readonly ActionBase[];
  readonly shortest?: Shortest;
  /** The same steps under the other configuration. */
  readonly other: OtherSide;
}

/** What a counterexample's steps do under the other configuration. */
export type OtherSide =
  | { readonly kind: 'holds' }
  /** A step's guard is false there: that design never lets the run get so far. */
  | { readonly kind: 'disabled'; readonly step: number }
  /** The other side breaks it too: its random check missed it within the budget. */
  | { readonly kind: 'violates'; readonly step: number; readonly message: string }
  | { readonly kind: 'model-error'; readonly step: number; readonly message: string };

export interface PropertyDiff {
  readonly property: string;
  readonly meaning: string;
  readonly a: PropertyVerdict;
  readonly b: PropertyVerdict;
  /** Set when exactly one side breaks the property (before any replay corrected it). */
  readonly separation?: Separation;
  /** Whether the two sides disagree about the property, the replay on the other side considered. */
  readonly differs: boolean;
}

export interface CellDiff {
  readonly name: string;
  readonly meaning: string;
  /** Shares of random runs that hit the cell (in the check that ran longest on each side). */
  readonly a: number;
  readonly b: number;
}

export interface DiffResult {
  readonly model: string;
  readonly a: Configuration;
  readonly b: Configuration;
  readonly seed: number;
  readonly properties: readonly PropertyDiff[];
  /** Witnesses reached by one side and not the other. */
  readonly witnesses: readonly { readonly name: string; readonly a: boolean; readonly b: boolean }[];
  readonly cells: readonly CellDiff[];
  /** The checks that ran, a side at a time (for their replay commands and figures). */
  readonly checks: { readonly a: readonly RandomResult[]; readonly b: readonly RandomResult[] };
  readonly agree: boolean;
  readonly elapsedMs: number;
}

interface SideRun {
  readonly verdicts: Map<string, { verdict: PropertyVerdict; result?: RandomResult }>;
  readonly results: RandomResult[];
}

/**
 * Check one side property by property: a check of every property not yet found broken, until
 * one holds; each violation found is taken out and the rest checked again, so that every
 * property gets its own verdict and shortest counterexample in (violations + 1) checks.
 */
function checkSide(model: AnyModel, configuration: Configuration, names: readonly string[], options: CheckOptions): SideRun {
  const verdicts: SideRun['verdicts'] = new Map();
  const results: RandomResult[] = [];
  let remaining = [...names];
  while (remaining.length > 0) {
    const result = check(model, configuration, { ...options, properties: remaining });
    results.push(result);
    const o = result.outcome;
    if (o.kind === 'holds' || o.kind === 'vacuous') {
      for (const name of remaining) verdicts.set(name, { verdict: 'holds', result });
      break;
    }
    if (o.kind === 'model-error') {
      // the model threw: the rest cannot be judged on this side
      for (const name of remaining) verdicts.set(name, { verdict: 'model-error', result });
      break;
    }
    const broken = o.counterexample.property;
    if (!remaining.includes(broken)) {
      // `never-stuck` is not a listed property: report it on its own and stop
      verdicts.set(broken, { verdict: 'violated', result });
      break;
    }
    verdicts.set(broken, { verdict: 'violated', result });
    remaining = remaining.filter((name) => name !== broken);
  }
  return { verdicts, results };
}

/** Run the counterexample's steps under another configuration, checking only its property. */
export function replayOn(model: AnyModel, configuration: Configuration, property: string, actions: readonly ActionBase[]): OtherSide {
  const listed = model.properties.some((p: { name: string }) => p.name === property);
  const machine = buildMachine(model, configuration.knobs, { mode: 'fast', ...(listed ? { properties: [property] } : {}) });
  let current = initialState(machine);
  const ended = (index: number): OtherSide | undefined => {
    if (current.kind === 'violation') return { kind: 'violates', step: index, message: current.message };
    if (current.kind === 'model-error') {
      return { kind: 'model-error', step: index, message: current.error instanceof Error ? current.error.message : String(current.error) };
    }
    return undefined;
  };
  const atStart = ended(0);
  if (atStart) return atStart;
  for (const [index, action] of actions.entries()) {
    if (current.kind !== 'ok') break;
    current = step(machine, current.state, action);
    if (current.kind === 'disabled') return { kind: 'disabled', step: index + 1 };
    const end = ended(index + 1);
    if (end) return end;
  }
  return { kind: 'holds' };
}

/**
 * Compare two configurations of a model: which properties hold under one and break under the
 * other, each with the shortest counterexample that tells them apart (random search, shrinking
 * and the bounded exhaustive pass of `check`, then the same steps replayed on the other side);
 * which witnesses only one reaches; how often each reaches the coverage cells.
 * @example diff(vmemmapModel, keep2, keep1, { seed: 1 })
 */
export function diff(model: AnyModel, a: Configuration, b: Configuration, options: CheckOptions = {}): DiffResult {
  const started = performance.now();
  const seed = options.seed ?? drawSeed();
  const checkOptions = { ...options, seed };
  const listed = (model.properties as AnyModel['properties']).filter((p) => p.kind !== 'sometimes');
  const names = options.properties ?? listed.map((p) => p.name);
  const sideA = checkSide(model, a, names, checkOptions);
  const sideB = checkSide(model, b, names, checkOptions);
  const all = [...new Set([...names, ...sideA.verdicts.keys(), ...sideB.verdicts.keys()])];

  const properties = all.map((property): PropertyDiff => {
    const meaning = listed.find((p) => p.name === property)?.meaning ?? 'no action is enabled (a deadlock)';
    const va = sideA.verdicts.get(property)?.verdict ?? 'not-checked';
    const vb = sideB.verdicts.get(property)?.verdict ?? 'not-checked';
    const base = { property, meaning, a: va, b: vb };
    if (va === vb) return { ...base, differs: false };
    const side = va === 'violated' ? 'a' : vb === 'violated' ? 'b' : undefined;
    if (side === undefined) return { ...base, differs: true };
    const result = (side === 'a' ? sideA : sideB).verdicts.get(property)!.result!;
    if (result.outcome.kind !== 'violated') return { ...base, differs: true };
    const { actions, message } = result.outcome.counterexample;
    const other = replayOn(model, side === 'a' ? b : a, property, actions);
    const separation: Separation = {
      side,
      message,
      actions,
      ...(result.shortest === undefined ? {} : { shortest: result.shortest }),
      other,
    };
    // the other side breaking it on the same steps means the two do not differ after all
    return { ...base, separation, differs: other.kind !== 'violates' };
  });

  const reachedBy = (run: SideRun) => {
    const reached = new Set<string>();
    for (const r of run.results) for (const w of r.witnesses) if (w.reached) reached.add(w.name);
    return reached;
  };
  const reachedA = reachedBy(sideA);
  const reachedB = reachedBy(sideB);
  const witnessNames = (model.properties as AnyModel['properties']).filter((p) => p.kind === 'sometimes').map((p) => p.name);
  const witnesses = witnessNames
    .filter((name) => reachedA.has(name) !== reachedB.has(name))
    .map((name) => ({ name, a: reachedA.has(name), b: reachedB.has(name) }));

  // cells: from the check with the most runs on each side (a holding one ran its whole budget)
  const longest = (run: SideRun) => run.results.reduce<RandomResult | undefined>((best, r) => (best === undefined || r.runs > best.runs ? r : best), undefined);
  const covA = longest(sideA)?.coverage;
  const covB = longest(sideB)?.coverage;
  const cells: CellDiff[] =
    covA === undefined || covB === undefined
      ? []
      : covA.cells.map((cell, i) => ({ name: cell.name, meaning: cell.meaning, a: share(cell), b: share(covB.cells[i]!) }));

  return {
    model: model.name,
    a,
    b,
    seed,
    properties,
    witnesses,
    cells,
    checks: { a: sideA.results, b: sideB.results },
    agree: properties.every((p) => !p.differs) && witnesses.length === 0,
    elapsedMs: performance.now() - started,
  };
}
