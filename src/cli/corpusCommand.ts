import { replayEntry, type EntryReplay } from '../corpus/replay.ts';
import { entries, failureName, remove, type CorpusEntry } from '../corpus/store.ts';
import { memcheckError } from '../errors.ts';
import type { CliDeps, Io } from './io.ts';
import { findModel } from './options.ts';

/** Replay every entry (of one model, or all) against the models as they are now. */
function replayAll(deps: CliDeps, dir: string, modelName: string | undefined): EntryReplay[] {
  if (modelName !== undefined) findModel(deps.registry, modelName);
  return entries(dir, modelName).map((entry: CorpusEntry) => {
    const model = deps.registry.find((m) => m.name === entry.model);
    if (model === undefined) return { entry, reproduced: false, detail: `does not reproduce: no model '${entry.model}' any more` };
    return replayEntry(model, entry);
  });
}

function row(r: EntryReplay): string {
  const f = r.entry.file;
  const what = f === undefined ? '?' : `${failureName(f)} in ${f.actions.length} steps, ${f.variant}${f.overrides.length > 0 ? ` ${f.overrides.join(' ')}` : ''}`;
  return `${r.reproduced ? 'fails ' : 'STALE '} ${r.entry.path}\n       ${what}${r.reproduced ? '' : `\n       ${r.detail}`}`;
}

function corpusDirOf(deps: CliDeps): string {
  if (deps.corpusDir === undefined) throw memcheckError('MC007', 'this memcheck has no failure corpus');
  return deps.corpusDir;
}

/** `memcheck corpus list [model]`: every entry and whether it still fails. Exit 0. */
export function corpusListCommand(deps: CliDeps, io: Io, modelName: string | undefined, flags: { json?: boolean }): number {
  const dir = corpusDirOf(deps);
  const replays = replayAll(deps, dir, modelName);
  if (flags.json) {
    io.stdout(
      JSON.stringify(
        replays.map((r) => ({
          path: r.entry.path,
          model: r.entry.model,
          failure: r.entry.file === undefined ? null : failureName(r.entry.file),
          length: r.entry.file?.actions.length ?? null,
          variant: r.entry.file?.variant ?? null,
          knobs: r.entry.file?.knobs ?? null,
          reproduces: r.reproduced,
          detail: r.detail,
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  const stale = replays.filter((r) => !r.reproduced).length;
  io.stdout([...replays.map(row), `${replays.length} entries in ${dir}, ${stale} no longer reproduce`].join('\n'));
  return 0;
}

/** `memcheck corpus prune [model]`: remove the entries that no longer reproduce, naming each. Exit 0. */
export function corpusPruneCommand(deps: CliDeps, io: Io, modelName: string | undefined): number {
  const dir = corpusDirOf(deps);
  const stale = replayAll(deps, dir, modelName).filter((r) => !r.reproduced);
  for (const r of stale) {
    remove(r.entry.path);
    io.stdout(`removed ${r.entry.path}: ${r.detail}`);
  }
  io.stdout(`${stale.length} entries removed from ${dir}`);
  return 0;
}
