import { runScenario, findScenario, type ScenarioRun } from '../scenario.ts';
import { resolveConfiguration } from '../configuration.ts';
import { EXIT } from '../errors.ts';
import { formatKnobs, wrap } from '../report/layout.ts';
import { buildTrace } from '../trace.ts';
import type { CliDeps, Io } from './io.ts';
import { findModel, propertyOption } from './options.ts';

export interface ScenarioFlags {
  readonly variant?: string;
  readonly property?: readonly string[];
  readonly json?: boolean;
}

/**
 * `memcheck scenario <model> [name]`: run one scenario or all of a model's, under their own
 * knobs or `--variant`'s, checking every property or `--property`'s; exit 1 unless all are met.
 */
export function scenarioCommand(deps: CliDeps, io: Io, modelName: string, name: string | undefined, flags: ScenarioFlags): number {
  const model = findModel(deps.registry, modelName);
  const scenarios: readonly ScenarioRun['scenario'][] = name === undefined ? (model.scenarios ?? []) : [findScenario(model, name)];
  if (flags.variant !== undefined) resolveConfiguration(model, flags.variant);
  const properties = propertyOption(model, flags.property);
  const options = {
    ...(flags.variant === undefined ? {} : { variant: flags.variant }),
    ...(properties === undefined ? {} : { properties }),
  };
  const runs = scenarios.map((s) => runScenario(model, s, options));
  if (flags.json) {
    const rows = runs.map((r) => ({
      model: model.name,
      scenario: r.scenario.name,
      variant: r.configuration.variant,
      knobs: r.configuration.knobs,
      ...(properties === undefined ? {} : { properties }),
      ...r.result,
      steps: r.actions,
    }));
    io.stdout(JSON.stringify(rows, null, 2));
  } else {
    for (const r of runs) {
      io.stdout(wrap(`${model.name}/${r.scenario.name}: ${r.result.kind}: ${r.result.detail}`, '    ').join('\n'));
      io.stdout(wrap(`  knobs: ${formatKnobs(r.configuration.knobs)}`, '    ').join('\n'));
      const trace = buildTrace(model, r.configuration.knobs, r.actions);
      for (const [i, s] of trace.steps.entries()) io.stdout(wrap(`${String(i + 1).padStart(3)}  ${s.text}`, '       ').join('\n'));
    }
    if (runs.length === 0) io.stdout(`${model.name} has no scenarios`);
  }
  if (runs.some((r) => r.result.kind === 'model-error')) return EXIT.modelError;
  return runs.every((r) => r.result.kind === 'met') ? EXIT.ok : EXIT.violation;
}
