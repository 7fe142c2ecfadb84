import type { Configuration } from '../configuration.ts';
import { isMemcheckError } from '../errors.ts';
import type { AnyModel } from '../model.ts';
import { meets, type RandomResult } from '../result.ts';
import { replayCounterexample } from '../replay.ts';
import { entries, failureName, type CorpusEntry } from './store.ts';

/** What replaying one entry showed. */
export interface EntryReplay {
  readonly entry: CorpusEntry;
  readonly reproduced: boolean;
  /** One line: what happened, in particular why it no longer reproduces. */
  readonly detail: string;
  readonly result?: RandomResult;
}

const sameKnobs = (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => a[k] === b[k]);

/** Replay one entry against the model as it is now; a file the model no longer reads is stale. */
export function replayEntry(model: AnyModel, entry: CorpusEntry): EntryReplay {
  if (entry.file === undefined) return { entry, reproduced: false, detail: `unreadable: ${entry.error ?? 'invalid'}` };
  try {
    const replay = replayCounterexample(model, entry.file);
    return { entry, reproduced: replay.reproduced, detail: replay.detail, result: replay.result };
  } catch (error) {
    if (isMemcheckError(error)) return { entry, reproduced: false, detail: `does not reproduce: ${error.message}` };
    throw error;
  }
}

/** What the corpus said before a check: the first entry that still fails, and the stale ones. */
export interface CorpusReplay {
  /** The check's result taken from the first entry that reproduces, if one does. */
  readonly found?: { readonly entry: CorpusEntry; readonly result: RandomResult };
  /** Entries of this configuration that no longer reproduce: reported, never dropped silently. */
  readonly stale: readonly EntryReplay[];
  readonly replayed: number;
}

/**
 * Replay the entries of this model whose knobs are the configuration's (and, with
 * `properties`, whose property is checked), in name order, before any random run; the first
 * that still fails is the check's result, as Hypothesis replays its database first.
 */
export function replayCorpus(
  dir: string,
  model: AnyModel,
  configuration: Configuration,
  properties?: readonly string[],
): CorpusReplay {
  const mine = entries(dir, model.name).filter(
    (e) =>
      e.file === undefined ||
      (sameKnobs(e.file.knobs, configuration.knobs) && (properties === undefined || properties.includes(failureName(e.file)))),
  );
  const stale: EntryReplay[] = [];
  let replayed = 0;
  for (const entry of mine) {
    replayed++;
    const replay = replayEntry(model, entry);
    if (!replay.reproduced || replay.result === undefined) {
      stale.push(replay);
      continue;
    }
    const outcome = replay.result.outcome;
    const result: RandomResult = { ...replay.result, configuration, met: meets(configuration.expect, outcome) };
    return { found: { entry, result }, stale, replayed };
  }
  return { stale, replayed };
}
