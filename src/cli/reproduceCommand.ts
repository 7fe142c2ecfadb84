import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseCounterexample } from '../counterexampleFile.ts';
import { memcheckError } from '../errors.ts';
import { reproduce } from '../reproduce/reproduce.ts';
import type { CliDeps, Io } from './io.ts';
import { findModel } from './options.ts';

/**
 * `memcheck reproduce FILE [-o out.c]`: a C program in the style of the kernel's mm selftests
 * for the counterexample's steps (TAP output, ksft exit codes). Exit 0, 2 for bad input.
 */
export function reproduceCommand(deps: CliDeps, io: Io, path: string, flags: { output?: string }): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw memcheckError('MC006', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const file = parseCounterexample(text, path);
  const model = findModel(deps.registry, file.model);
  const failure = file.failure.kind === 'violation' ? `${file.failure.property}: ${file.failure.message}` : `a model error: ${file.failure.message}`;
  const program = reproduce(model, {
    title: `${file.model}/${file.variant}: ${file.failure.kind === 'violation' ? file.failure.property : 'model error'} in ${file.actions.length} steps`,
    source: basename(path),
    variant: file.variant,
    knobs: file.knobs,
    actions: file.actions,
    failure,
  });
  if (flags.output === undefined) io.stdout(program.c);
  else {
    try {
      writeFileSync(flags.output, program.c);
    } catch (error) {
      throw memcheckError('MC006', `cannot write ${flags.output}: ${(error as Error).message}`);
    }
    io.stderr(`wrote ${flags.output}`);
  }
  const missing = program.steps.flatMap((s, i) => (s.plan.kind === 'kernel' ? [`step ${i + 1} (${s.text})`] : []));
  io.stderr(
    missing.length === 0
      ? `every step has a user-space trigger (${program.steps.length} steps)`
      : `no user-space trigger, a comment in the program instead: ${missing.join('; ')}`,
  );
  return 0;
}
