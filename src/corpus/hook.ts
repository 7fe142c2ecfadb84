import type { Configuration } from '../configuration.ts';
import type { AnyModel } from '../model.ts';
import type { CheckResult, RandomResult } from '../result.ts';
import { replayCorpus } from './replay.ts';
import { keep } from './store.ts';

// The CLI's two hooks around a check: replay the corpus first, keep what the check found.

/** Where the corpus is for this command: absent with `--no-corpus` or when the CLI has none. */
export function corpusFor(dir: string | undefined, flags: { readonly corpus?: boolean }): string | undefined {
  return flags.corpus === false ? undefined : dir;
}

/**
 * Before the random runs: replay this configuration's entries; report each stale one on
 * stderr; return the first that still fails as the check's result.
 */
export function replayFirst(
  dir: string | undefined,
  model: AnyModel,
  configuration: Configuration,
  properties: readonly string[] | undefined,
  say: (line: string) => void,
): RandomResult | undefined {
  if (dir === undefined) return undefined;
  const replay = replayCorpus(dir, model, configuration, properties);
  for (const stale of replay.stale) say(`corpus: ${stale.entry.path} ${stale.detail} (kept; 'memcheck corpus prune' removes it)`);
  if (replay.found === undefined) return undefined;
  say(`corpus: ${replay.found.entry.path} still fails: reported without random runs (--no-corpus searches afresh)`);
  return replay.found.result;
}

/** After a check: keep its counterexample, if it found one and it is new. */
export function keepFound(dir: string | undefined, model: AnyModel, result: CheckResult, say: (line: string) => void): void {
  if (dir === undefined) return;
  const kept = keep(dir, model, result);
  if (kept?.added) say(`corpus: kept ${kept.path}`);
}
