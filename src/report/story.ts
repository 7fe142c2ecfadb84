import { unreachable } from '../errors.ts';
import type { ActionBase, AnyModel, Expectation, KnobValues } from '../model.ts';
import type { CheckResult, ParallelResult, RandomResult, Shortest } from '../result.ts';
import type { Trace } from '../trace.ts';
import { formatKnobs } from './layout.ts';
import { replayCommand } from './replayCommand.ts';
import type { Report } from './report.ts';

/**
 * What every report of a check says, independent of its format: the headline, the property
 * and its values, the steps, and the replay command. Text and Markdown only lay it out.
 */
export interface Story {
  readonly title: string;
  readonly verdict: string;
  readonly knobs: string;
  readonly scale: string;
  /** Property name, meaning and the values behind the violation, or the model error. */
  readonly finding?: { readonly heading: string; readonly meaning: string; readonly detail: string };
  readonly trace?: Trace;
  /** For a random counterexample: whether its length is proven minimal, and by what search. */
  readonly shortest?: string;
  /** For a model error: the action that threw, in kernel words, and the stack. */
  readonly thrown?: { readonly text: string; readonly stack: string };
  readonly unreached: readonly string[];
  readonly summary: string;
  readonly expectation: string;
  readonly replay: string;
}

/** `violates refcount-accounts-holders within 3 steps` */
export function describeExpectation(expect: Expectation | undefined): string {
  if (expect === undefined) return 'none (knobs set by hand)';
  if (expect.kind === 'holds') return 'holds';
  const within = expect.within === undefined ? '' : ` within ${expect.within} steps`;
  return `violates ${expect.properties.join(' or ')}${within}`;
}

function rate(steps: number, ms: number): string {
  const perSecond = ms > 0 ? (steps * 1000) / ms : 0;
  return perSecond >= 10_000 ? `${Math.round(perSecond / 1000)}k` : String(Math.round(perSecond));
}

/** `shortest: proven (no counterexample within 3 steps, 1523 states)` */
export function describeShortest(shortest: Shortest, length: number): string {
  if (shortest.kind === 'proven') {
    return length <= 1
      ? 'shortest: proven (one step)'
      : `shortest: proven (no counterexample within ${length - 1} steps, ${shortest.states} states)`;
  }
  return `shortest: not proven (exhaustive to depth ${shortest.exhaustiveTo}, ${shortest.states} states)`;
}

/** `2000 runs, 41234 steps + every state within 7 steps (100000 states)` */
function randomEffort(result: RandomResult | ParallelResult): string {
  const runs = `${result.runs} runs, ${result.steps} steps`;
  const searched = result.exhaustive;
  if (searched === undefined) return runs;
  const reach = searched.complete ? 'every reachable state' : `every state within ${searched.exhaustiveTo} steps`;
  return `${runs} + ${reach} (${searched.states} states)`;
}

/** The summary that ends every check (wrapped to 80 columns by the text report). */
export function summaryLine(result: CheckResult): string {
  const who = `${result.model}/${result.configuration.variant}`;
  const effort = result.mode === 'exhaustive' ? `${result.distinctStates} distinct states` : randomEffort(result);
  const speed = `${(result.elapsedMs / 1000).toFixed(1)} s, ${rate(result.steps, result.elapsedMs)} steps/s`;
  const o = result.outcome;
  const missed = o.kind === 'holds' || o.kind === 'vacuous';
  const hint = result.mode === 'exhaustive' ? 'raise --depth or --max-states' : 'raise --runs or try explore';
  const met = result.met === undefined ? '' : result.met ? '; met' : `; EXPECTATION NOT MET${missed ? ` (${hint})` : ''}`;
  switch (o.kind) {
    case 'holds':
      return `${who}: holds over ${effort} (${speed})${result.mode === 'exhaustive' ? '' : `, seed ${result.seed}`}${met}`;
    case 'vacuous':
      return `${who}: vacuous over ${effort}: ${o.unreached.length} witness(es) never reached${met}`;
    case 'violated':
      return `${who}: violated ${o.counterexample.property} in ${o.counterexample.actions.length} steps${met}`;
    case 'model-error':
      return `${who}: model error after ${o.failure.actions.length} steps: ${o.failure.message}`;
    default:
      return unreachable(o);
  }
}

function describeSafely(model: AnyModel, action: ActionBase, state: unknown, knobs: KnobValues): string {
  try {
    return model.describe(action, state, knobs);
  } catch {
    return JSON.stringify(action);
  }
}

/**
 * The knobs a mail needs: those set apart from the proposal (`--verbose`: every knob). The
 * replay command and the JSON carry all of them.
 */
function knobsApartFromProposal(model: AnyModel, knobs: Readonly<Record<string, unknown>>, verbose: boolean): string {
  if (verbose) return formatKnobs(knobs);
  const specs = model.knobs as Readonly<Record<string, { readonly proposal: unknown }>>;
  const apart = Object.fromEntries(Object.entries(knobs).filter(([name, value]) => specs[name]?.proposal !== value));
  const rest = Object.keys(apart).length === Object.keys(knobs).length ? '' : '; the rest as the proposal';
  return Object.keys(apart).length === 0 ? "the proposal's" : `${formatKnobs(apart)}${rest}`;
}

/** Gather what a report of this check must say. */
export function tellStory(report: Report): Story {
  const { model, result, trace } = report;
  const o = result.outcome;
  const base = {
    title: `${model.name} / ${result.configuration.variant}`,
    knobs: knobsApartFromProposal(model, result.configuration.knobs, report.verbose),
    scale: model.scale,
    // unreached witnesses matter when nothing broke; a counterexample ends the search early
    unreached: o.kind === 'vacuous' ? o.unreached : [],
    summary: summaryLine(result),
    expectation: `${describeExpectation(result.configuration.expect)}${
      result.met === undefined ? '' : result.met ? ' (met)' : ' (NOT MET)'
    }`,
    replay: replayCommand(model, result),
  };
  switch (o.kind) {
    case 'holds':
      return { ...base, verdict: 'holds' };
    case 'vacuous':
      return { ...base, verdict: 'vacuous' };
    case 'violated': {
      const { property, message, actions } = o.counterexample;
      const meaning = model.properties.find((p: { name: string }) => p.name === property)?.meaning ?? '';
      return {
        ...base,
        verdict: `VIOLATED ${property}`,
        finding: { heading: property, meaning, detail: message },
        ...(trace === undefined ? {} : { trace }),
        ...(result.mode !== 'exhaustive' && result.shortest !== undefined
          ? { shortest: describeShortest(result.shortest, actions.length) }
          : {}),
      };
    }
    case 'model-error': {
      const { actions, message, stack } = o.failure;
      const last = actions.at(-1);
      const before = trace?.steps.at(-1)?.state ?? trace?.initial;
      return {
        ...base,
        verdict: 'MODEL ERROR',
        finding: { heading: 'model error', meaning: 'the model threw: a bug in the model', detail: message },
        ...(trace === undefined ? {} : { trace }),
        thrown: {
          text: last === undefined ? 'init' : describeSafely(model, last, before, result.configuration.knobs),
          stack: (stack ?? '').split('\n').slice(1, 6).join('\n'),
        },
      };
    }
    default:
      return unreachable(o);
  }
}
