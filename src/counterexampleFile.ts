import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import { memcheckError } from './errors.ts';
import type { AnyModel, KnobValues } from './model.ts';
import type { CheckResult } from './result.ts';
import { replayCommand } from './report/replayCommand.ts';

/** The counterexample file `--report DIR` writes and `memcheck replay FILE` reads back. */
function buildSchema(z: typeof Zod) {
  return z.object({
    format: z.literal('memdesc-check counterexample'),
    version: z.literal(1),
    model: z.string(),
    variant: z.string(),
    overrides: z.array(z.string()),
    knobs: z.record(z.string(), z.union([z.boolean(), z.string(), z.number()])),
    failure: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('violation'), property: z.string(), message: z.string() }),
      z.object({ kind: z.literal('model-error'), message: z.string() }),
    ]),
    actions: z.array(z.object({ kind: z.string() }).loose()),
    seed: z.number().int(),
    path: z.string().optional(),
    replay: z.string(),
  });
}

export type CounterexampleFile = Zod.infer<ReturnType<typeof buildSchema>>;

// zod is a tenth of the CLI's start-up and only `replay` reads files: load it on first use
let schema: ReturnType<typeof buildSchema> | undefined;
const counterexampleSchema = () => (schema ??= buildSchema(createRequire(import.meta.url)('zod') as typeof Zod));

/** The file for a violated or model-error check; `undefined` when there is nothing to replay. */
export function counterexampleFile(model: AnyModel, result: CheckResult): CounterexampleFile | undefined {
  const o = result.outcome;
  if (o.kind !== 'violated' && o.kind !== 'model-error') return undefined;
  const failure =
    o.kind === 'violated'
      ? { kind: 'violation' as const, property: o.counterexample.property, message: o.counterexample.message }
      : { kind: 'model-error' as const, message: o.failure.message };
  const actions = o.kind === 'violated' ? o.counterexample.actions : o.failure.actions;
  return {
    format: 'memdesc-check counterexample',
    version: 1,
    model: model.name,
    variant: result.configuration.variant.replace(/\+custom$/, ''),
    overrides: [...result.configuration.overrides],
    knobs: { ...result.configuration.knobs } as Record<string, boolean | string | number>,
    failure,
    actions: actions.map((a) => ({ ...a })),
    seed: result.mode === 'exhaustive' ? 0 : result.seed,
    ...(result.mode === 'exhaustive' || result.path === undefined ? {} : { path: result.path }),
    replay: replayCommand(model, result),
  };
}

/** Parse and validate a counterexample file's text; a bad one is input error MC006. */
export function parseCounterexample(text: string, source: string): CounterexampleFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw memcheckError('MC006', `${source} is not JSON: ${(error as Error).message}`);
  }
  const parsed = counterexampleSchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw memcheckError('MC006', `${source} is not a memdesc-check counterexample${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The knobs a file records, checked against the model's knob specs as they are now. */
export function recordedKnobs(model: AnyModel, file: CounterexampleFile): KnobValues {
  const specs = model.knobs as Record<string, { values: readonly unknown[] }>;
  for (const [name, value] of Object.entries(file.knobs)) {
    const spec = specs[name];
    if (spec === undefined || !spec.values.includes(value)) {
      throw memcheckError('MC006', `the file sets knob ${name}=${String(value)}, which model '${model.name}' no longer has`);
    }
  }
  return file.knobs;
}
