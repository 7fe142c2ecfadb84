import type { AnyModel, KnobValue } from '../model.ts';
import { WIDTH, wrap } from '../report/layout.ts';
import { describeExpectation } from '../report/story.ts';
import type { CliDeps, Io } from './io.ts';
import { findModel } from './options.ts';

type KnobEntry = [string, { values: readonly KnobValue[]; proposal: KnobValue; meaning: string }];
type PropertyEntry = { name: string; kind: string; meaning: string; rule?: string };

/** A model as `list --json` shows it: knobs, variants, properties and scenarios. */
export function describeModel(model: AnyModel) {
  return {
    name: model.name,
    title: model.title,
    scale: model.scale,
    budget: model.budget,
    knobs: Object.fromEntries(
      (Object.entries(model.knobs) as KnobEntry[]).map(([name, spec]) => [
        name,
        { type: typeof spec.proposal, values: spec.values, proposal: spec.proposal, meaning: spec.meaning },
      ]),
    ),
    variants: model.variants.map((v: AnyModel['variants'][number]) => ({
      name: v.name,
      meaning: v.meaning,
      knobs: v.knobs,
      expect: describeExpectation(v.expect),
    })),
    properties: (model.properties as readonly PropertyEntry[]).map((p) => ({
      name: p.name,
      kind: p.kind,
      meaning: p.meaning,
      ...(p.rule === undefined ? {} : { rule: p.rule }),
    })),
    scenarios: (model.scenarios ?? []).map((s: { name: string; meaning: string }) => ({ name: s.name, meaning: s.meaning })),
  };
}

/** A title cut at a word to fit `room` columns, the cut marked by `...` (list <model> shows it whole). */
function shorten(title: string, room: number): string {
  if (title.length <= room) return title;
  const cut = title.lastIndexOf(' ', room - 4);
  return `${title.slice(0, cut > 0 ? cut : room - 4).replace(/[,:;]$/, '')} ...`;
}

/** One model in full, readable in 80 columns. */
function formatModel(m: ReturnType<typeof describeModel>): string[] {
  const out: string[] = [];
  const add = (line: string, indent: string) => out.push(...wrap(line, indent));
  add(`${m.name}: ${m.title}`, '    ');
  add(`  scale: ${m.scale}`, '         ');
  for (const [name, k] of Object.entries(m.knobs)) {
    add(`  knob ${name} = ${k.values.map(String).join(' | ')} (proposal ${String(k.proposal)}): ${k.meaning}`, '      ');
  }
  for (const v of m.variants) add(`  variant ${v.name}: ${v.expect}; ${v.meaning}`, '      ');
  for (const p of m.properties) add(`  ${p.kind} ${p.name}: ${p.meaning}`, '      ');
  for (const s of m.scenarios) add(`  scenario ${s.name}: ${s.meaning}`, '      ');
  return out;
}

/**
 * `memcheck list [model]`: a short table, a line per model (name, counts, title); with a
 * model name, that model in full. `--json` prints every model in full, or the one named.
 */
export function listCommand(deps: CliDeps, io: Io, modelName: string | undefined, flags: { json?: boolean }): number {
  if (modelName !== undefined) {
    const model = describeModel(findModel(deps.registry, modelName));
    io.stdout(flags.json ? JSON.stringify(model, null, 2) : formatModel(model).join('\n'));
    return 0;
  }
  const models = deps.registry.map(describeModel);
  if (flags.json) {
    io.stdout(JSON.stringify(models, null, 2));
    return 0;
  }
  const width = Math.max(5, ...models.map((m) => m.name.length)) + 2;
  const out = [`${'MODEL'.padEnd(width)}KNOBS VARIANTS PROPS SCENARIOS  TITLE`];
  for (const m of models) {
    const counts =
      String(Object.keys(m.knobs).length).padStart(5) +
      String(m.variants.length).padStart(9) +
      String(m.properties.length).padStart(6) +
      String(m.scenarios.length).padStart(10);
    out.push(`${m.name.padEnd(width)}${counts}  ${shorten(m.title, WIDTH - width - 32)}`);
  }
  out.push('', `${models.length} models; memcheck list <model> shows one in full`);
  io.stdout(out.join('\n'));
  return 0;
}
