import { Option, type Command } from 'commander';
import { DEFAULT_EXHAUSTIVE_STATES } from '../check.ts';
import { corpusListCommand, corpusPruneCommand } from './corpusCommand.ts';
import { diffCommand } from './diffCommand.ts';
import { reproduceCommand } from './reproduceCommand.ts';
import type { CliDeps, Io } from './io.ts';
import { collect, LIMITS } from './options.ts';

/**
 * The design-review commands (docs/design-review.md), registered here so that main.ts needs
 * one line: `diff`, `corpus` and `reproduce`.
 */
export function registerReviewCommands(root: Command, deps: CliDeps, io: Io, status: { code: number }): void {
  root
    .command('diff')
    .description('which properties and witnesses two configurations of a model disagree on, with the steps that tell them apart')
    .argument('<model>', 'model name (see list)')
    .addOption(new Option('--variant <name>', 'side A: a named variant (default: proposal)'))
    .option('--knob <K=V>', 'side A: set a knob (repeatable)', collect)
    .addOption(new Option('--vs-variant <name>', 'side B: a named variant (default: proposal)'))
    .option('--vs-knob <K=V>', 'side B: set a knob (repeatable)', collect)
    .option('--runs <n>', `random runs per check, at most ${LIMITS.runs} (default: the model budget)`)
    .option('--max-steps <n>', `steps per run, at most ${LIMITS.maxSteps} (default: the model budget)`)
    .option('--seed <s>', '32-bit seed for both sides (default: random, printed)')
    .option('--property <name>', 'compare only this always or step property (repeatable)', collect)
    .option('--exhaustive-states <n>', `cap of the breadth-first pass of each check, 0 for none (default: ${DEFAULT_EXHAUSTIVE_STATES})`)
    .option('--json', 'print the comparison as JSON')
    .action((model, flags) => {
      status.code = diffCommand(deps, io, model, flags);
    });

  const corpus = root.command('corpus').description('the failure corpus check replays first (.memcheck/corpus, or $MEMCHECK_CORPUS_DIR)');
  corpus
    .command('list')
    .description('every kept counterexample and whether it still fails')
    .argument('[model]', 'only this model')
    .option('--json', 'print JSON')
    .action((model, flags) => {
      status.code = corpusListCommand(deps, io, model, flags);
    });
  corpus
    .command('prune')
    .description('remove the kept counterexamples that no longer reproduce, naming each')
    .argument('[model]', 'only this model')
    .action((model) => {
      status.code = corpusPruneCommand(deps, io, model);
    });

  root
    .command('reproduce')
    .description('a C program (mm selftest style, TAP output) running a counterexample on a real kernel')
    .argument('<file>', 'a *.counterexample.json file')
    .option('-o, --output <file>', 'write the program to FILE instead of stdout')
    .action((file, flags) => {
      status.code = reproduceCommand(deps, io, file, flags);
    });
}
