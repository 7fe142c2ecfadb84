import type { AnyModel, KnobValue } from '../model.ts';
import { wrap } from '../report/layout.ts';
import { describeExpectation } from '../report/story.ts';
import type { CliDeps, Io } from './io.ts';

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

/** `memcheck list`: every registered model, readable in 80 columns. */
export function listCommand(deps: CliDeps, io: Io, flags: { json?: boolean }): number {
  const models = deps.registry.map(describeModel);
  if (flags.json) {
    io.stdout(JSON.stringify(models, null, 2));
    return 0;
  }
  const out: string[] = [];
  const add = (line: string, indent: string) => out.push(...wrap(line, indent));
  for (const m of models) {
    add(`${m.name}: ${m.title}`, '    ');
    add(`  scale: ${m.scale}`, '         ');
    for (const [name, k] of Object.entries(m.knobs)) {
      add(`  knob ${name} = ${k.values.map(String).join(' | ')} (proposal ${String(k.proposal)}): ${k.meaning}`, '      ');
    }
    for (const v of m.variants) add(`  variant ${v.name}: ${v.expect}; ${v.meaning}`, '      ');
    for (const p of m.properties) add(`  ${p.kind} ${p.name}: ${p.meaning}`, '      ');
    for (const s of m.scenarios) add(`  scenario ${s.name}: ${s.meaning}`, '      ');
    out.push('');
  }
  out.push(`${models.length} models`);
  io.stdout(out.join('\n'));
  return 0;
}
