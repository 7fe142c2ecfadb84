import { Command, CommanderError, Option } from 'commander';
import { isMemcheckError } from '../errors.ts';
import { DEFAULT_EXHAUSTIVE_STATES } from '../check.ts';
import { DEFAULT_MAX_STATES } from '../explore/explore.ts';
import { workersCheckCommand } from '../parallel/checkCommand.ts';
import { checkCommand } from './checkCommand.ts';
import { exploreCommand } from './exploreCommand.ts';
import type { CliDeps, Io } from './io.ts';
import { listCommand } from './listCommand.ts';
import { matrixCommand } from './matrixCommand.ts';
import { replayFileCommand } from './replayCommand.ts';
import { scenarioCommand } from './scenarioCommand.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

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
    .description('every model with its knobs, variants, properties and scenarios')
    .option('--json', 'print JSON')
    .action((flags) => {
      status.code = listCommand(deps, io, flags);
    });

  root
    .command('check')
    .description('random checking of one model configuration; shrinks a failure to a counterexample')
    .argument('<model>', 'model name (see list)')
    .addOption(new Option('--variant <name>', 'a named variant (default: proposal)'))
    .option('--knob <K=V>', 'set a knob (repeatable); drops the variant expectation', collect)
    .option('--runs <n>', 'random runs (default: the model budget)')
    .option('--max-steps <n>', 'steps per run (default: the model budget)')
    .option('--seed <s>', '32-bit seed (default: random, printed)')
    .option('--path <p>', 'fast-check counterexample path to replay (with --seed)')
    .option('--property <name>', 'check only this always or step property (repeatable)', collect)
    .option('--exhaustive-states <n>', `cap of the search proving a counterexample shortest, 0 for none (default: ${DEFAULT_EXHAUSTIVE_STATES})`)
    .option('--exhaustive-seconds <s>', 'time cap of that search (default: none, so the result does not depend on speed)')
    .option('--strict', 'run transitions under immer with auto-freeze: a state mutated outside a recipe throws')
    .option('--json', 'print the result as JSON')
    .option('--verbose', "show the model's bookkeeping fields in reports too")
    .option('--report <dir>', 'write text, Markdown, ITF and counterexample JSON into DIR')
    .option('--workers <k>', 'spread the runs over K worker threads, each on its own seed stream')
    .action((model, flags) => {
      status.code = flags.workers === undefined ? checkCommand(deps, io, model, flags) : workersCheckCommand(deps, io, model, flags);
    });

  root
    .command('explore')
    .description('exhaustive breadth-first search within bounds; a violation is a shortest counterexample')
    .argument('<model>', 'model name (see list)')
    .addOption(new Option('--variant <name>', 'a named variant (default: proposal)'))
    .option('--knob <K=V>', 'set a knob (repeatable); drops the variant expectation', collect)
    .option('--depth <d>', 'explore at most D steps from the initial state (default: no bound)')
    .option('--max-states <n>', `stop after N distinct states (default: ${DEFAULT_MAX_STATES})`)
    .option('--property <name>', 'check only this always or step property (repeatable)', collect)
    .option('--no-symmetry', "do not canonicalise states by the model's symmetry")
    .option('--json', 'print the result as JSON')
    .option('--verbose', "show the model's bookkeeping fields in reports too")
    .option('--report <dir>', 'write text, Markdown, ITF and counterexample JSON into DIR')
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
    .option('--runs <n>', 'random runs per variant (default: each model budget)')
    .option('--seed <s>', '32-bit seed for every row (default: random, printed)')
    .option('--workers <k>', 'check the rows on K worker threads, at most 4 a core (default: one a core)')
    .action((flags) => {
      status.code = matrixCommand(deps, io, flags);
    });

  root
    .command('scenario')
    .description("run a model's fixed scenarios (all, or one by name)")
    .argument('<model>', 'model name')
    .argument('[name]', 'scenario name')
    .option('--json', 'print JSON')
    .action((model, name, flags) => {
      status.code = scenarioCommand(deps, io, model, name, flags);
    });

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
 * Run the CLI on `argv` (without `node` and the script) and return the exit status:
 * 0 expectations met, 1 a violation or an unmet expectation, 2 bad input (one line on stderr).
 */
export function runCli(argv: readonly string[], deps: CliDeps, io: Io): number {
  const status = { code: 0 };
  try {
    program(deps, io, status).parse([...argv], { from: 'user' });
    return status.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are not errors; commander already printed its one line for the rest
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isMemcheckError(error)) {
      io.stderr(`memcheck: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
