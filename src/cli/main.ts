import { Command, CommanderError, Option } from 'commander';
import { didYouMean, EXIT, isMemcheckError, quoted } from '../errors.ts';
import { DEFAULT_EXHAUSTIVE_STATES } from '../check.ts';
import { DEFAULT_MAX_STATES } from '../explore/explore.ts';
import { workersCheckCommand } from '../parallel/checkCommand.ts';
import { checkCommand } from './checkCommand.ts';
import { registerReviewCommands } from './reviewCommands.ts';
import { exploreCommand } from './exploreCommand.ts';
import type { CliDeps, Io } from './io.ts';
import { listCommand } from './listCommand.ts';
import { collect, LIMITS, WORKERS_PER_CORE } from './options.ts';
import { matrixCommand } from './matrixCommand.ts';
import { replayFileCommand } from './replayCommand.ts';
import { scenarioCommand } from './scenarioCommand.ts';

/** Build the `memcheck` program; every action stores its exit status in `status`. */
function program(deps: CliDeps, io: Io, status: { code: number }): Command {
  const root = new Command('memcheck')
    .description('property-based model checker for Linux memory metadata invariants')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s.trimEnd()),
      // one line for a usage error, as for every other bad input
      writeErr: (s) =>
        io.stderr(s.startsWith('error: ') ? `memcheck: ${s.slice(7).trim().replace(/\s*\n\s*/g, ' ')}` : s.trimEnd()),
    })
    .showSuggestionAfterError(true);

  root
    .command('list')
    .description('a line per model; with a model, its knobs, variants, properties and scenarios')
    .argument('[model]', 'show this model in full')
    .option('--json', 'print JSON (every model in full, or the one named)')
    .action((model, flags) => {
      status.code = listCommand(deps, io, model, flags);
    });

  root
    .command('check')
    .description('random checking of one model configuration; shrinks a failure to a counterexample')
    .argument('<model>', 'model name (see list)')
    .addOption(new Option('--variant <name>', 'a named variant (default: proposal)'))
    .option('--knob <K=V>', 'set a knob (repeatable); drops the variant expectation', collect)
    .option('--runs <n>', `random runs, at most ${LIMITS.runs} (default: the model budget)`)
    .option('--max-steps <n>', `steps per run, at most ${LIMITS.maxSteps} (default: the model budget)`)
    .option('--seed <s>', '32-bit seed (default: random, printed)')
    .option('--path <p>', 'fast-check counterexample path to replay (with --seed); its first number is a run below --runs')
    .option('--property <name>', 'check only this always or step property (repeatable)', collect)
    .option(
      '--exhaustive-states <n>',
      `cap of the search proving a counterexample shortest, 0 for none, at most ${LIMITS.states} (default: ${DEFAULT_EXHAUSTIVE_STATES})`,
    )
    .option('--exhaustive-seconds <s>', `time cap of that search, at most ${LIMITS.seconds} (default: none, so the result does not depend on speed)`)
    .option('--strict', 'run transitions under immer with auto-freeze: a state mutated outside a recipe throws')
    .option('--json', 'print the result as JSON')
    .option('--verbose', "show the model's bookkeeping fields in reports too")
    .option('--report <dir>', 'write the report set (text, Markdown, ITF, counterexample JSON) into DIR, checked first')
    .option('--workers <k>', `spread the runs over K worker threads, each on its own seed stream, at most ${WORKERS_PER_CORE} a core`)
    .option('--no-corpus', 'neither replay nor keep counterexamples in the failure corpus (.memcheck/corpus)')
    .action((model, flags) => {
      status.code = flags.workers === undefined ? checkCommand(deps, io, model, flags) : workersCheckCommand(deps, io, model, flags);
    });

  root
    .command('explore')
    .description('exhaustive breadth-first search within bounds; a violation is a shortest counterexample')
    .argument('<model>', 'model name (see list)')
    .addOption(new Option('--variant <name>', 'a named variant (default: proposal)'))
    .option('--knob <K=V>', 'set a knob (repeatable); drops the variant expectation', collect)
    .option('--depth <d>', `explore at most D steps from the initial state, at most ${LIMITS.depth} (default: no bound)`)
    .option('--max-states <n>', `stop after N distinct states, at most ${LIMITS.states} (default: ${DEFAULT_MAX_STATES})`)
    .option('--property <name>', 'check only this always or step property (repeatable)', collect)
    .option('--no-symmetry', "do not canonicalise states by the model's symmetry")
    .option('--json', 'print the result as JSON')
    .option('--verbose', "show the model's bookkeeping fields in reports too")
    .option('--report <dir>', 'write the report set (text, Markdown, ITF, counterexample JSON) into DIR, checked first')
    .option('--no-corpus', 'do not keep a counterexample in the failure corpus (.memcheck/corpus)')
    .action((model, flags) => {
      status.code = exploreCommand(deps, io, model, flags);
    });

  root
    .command('replay')
    .description('re-check a counterexample file written by --report')
    .argument('<file>', 'a *.counterexample.json file')
    .option('--json', 'print the result as JSON')
    .option('--verbose', "show the model's bookkeeping fields in reports too")
    .action((file, flags) => {
      status.code = replayFileCommand(deps, io, file, flags);
    });

  root
    .command('matrix')
    .description('every model x every variant, one row each')
    .option('--json', 'print an array of check results')
    .option('--runs <n>', `random runs per variant, at most ${LIMITS.runs} (default: each model budget)`)
    .option('--seed <s>', '32-bit seed for every row (default: random, printed)')
    .option('--workers <k>', 'check the rows on K worker threads, at most 4 a core (default: one a core)')
    .option('--coverage', "print each row's coverage cells (share of runs that hit each)")
    .action((flags) => {
      status.code = matrixCommand(deps, io, flags);
    });

  root
    .command('scenario')
    .description("run a model's fixed scenarios (all, or one by name)")
    .argument('<model>', 'model name')
    .argument('[name]', 'scenario name')
    .option('--variant <name>', "run under this variant's knobs instead of the scenario's own")
    .option('--property <name>', 'check only this always or step property (repeatable)', collect)
    .option('--json', 'print JSON, with the knobs each scenario ran with')
    .action((model, name, flags) => {
      status.code = scenarioCommand(deps, io, model, name, flags);
    });

  registerReviewCommands(root, deps, io, status);

  if (deps.overhead) {
    const overhead = deps.overhead;
    root
      .command('overhead')
      .description('struct-page metadata per TiB for each scheme, from the real constants')
      .option('--json', 'print JSON rows')
      .action((flags: { json?: boolean }) => {
        const figures = overhead();
        io.stdout(flags.json ? JSON.stringify(figures.rows, null, 2) : figures.text);
        status.code = 0;
      });
  }
  return root;
}

/**
 * Run the CLI on `argv` (without `node` and the script) and return the exit status (`EXIT`):
 * 0 expectations met, 1 a violation or an unmet expectation, 2 bad input (one line on
 * stderr), 3 a model error, 130 interrupted.
 */
export function runCli(argv: readonly string[], deps: CliDeps, io: Io): number {
  const status = { code: 0 };
  try {
    const root = program(deps, io, status);
    if (argv.length === 0) {
      const known = root.commands.map((c) => c.name()).join(', ');
      io.stderr(`memcheck: no command given (commands: ${known}; memcheck help shows them)`);
      return EXIT.input;
    }
    if (argv[0] === 'help' && argv[1] !== undefined && !root.commands.some((c) => c.name() === argv[1])) {
      const known = root.commands.map((c) => c.name());
      io.stderr(`memcheck: no command ${quoted(argv[1])}${didYouMean(argv[1], known, 'see: memcheck help')}`);
      return EXIT.input;
    }
    root.parse([...argv], { from: 'user' });
    return status.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are not errors; commander already printed its one line for the rest
      return error.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    if (isMemcheckError(error)) {
      io.stderr(`memcheck: ${error.message}`);
      return EXIT.input;
    }
    // outside a check, only model code (describe, a scenario's steps) can throw: a model error
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`memcheck: model error: ${message.split('\n')[0]} (MEMCHECK_DEBUG=1 shows the stack)`);
    if (process.env.MEMCHECK_DEBUG) io.stderr(error instanceof Error ? (error.stack ?? message) : message);
    return EXIT.modelError;
  }
}
