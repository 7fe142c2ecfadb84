import { runScenario, findScenario } from '../scenario.ts';
import { wrap } from '../report/layout.ts';
import { buildTrace } from '../trace.ts';
import type { CliDeps, Io } from './io.ts';
import { findModel } from './options.ts';

/** `memcheck scenario <model> [name]`: run one scenario or all of a model's; exit 1 unless all are met. */
export function scenarioCommand(deps: CliDeps, io: Io, modelName: string, name: string | undefined, flags: { json?: boolean }): number {
  const model = findModel(deps.registry, modelName);
  const scenarios = name === undefined ? (model.scenarios ?? []) : [findScenario(model, name)];
  const runs = scenarios.map((s: Parameters<typeof runScenario>[1]) => runScenario(model, s));
  if (flags.json) {
    io.stdout(JSON.stringify(runs.map((r) => ({ model: model.name, scenario: r.scenario.name, ...r.result, steps: r.actions })), null, 2));
  } else {
    for (const r of runs) {
      io.stdout(wrap(`${model.name}/${r.scenario.name}: ${r.result.kind}: ${r.result.detail}`, '    ').join('\n'));
      const trace = buildTrace(model, r.configuration.knobs, r.actions);
      for (const [i, s] of trace.steps.entries()) io.stdout(wrap(`${String(i + 1).padStart(3)}  ${s.text}`, '       ').join('\n'));
    }
    if (runs.length === 0) io.stdout(`${model.name} has no scenarios`);
  }
  return runs.every((r) => r.result.kind === 'met') ? 0 : 1;
}
