import type { Progress } from '../check.ts';
import type { AnyModel } from '../model.ts';

/** Where the CLI writes; tests pass their own to capture output without spawning. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal: progress redraws one line there, and prints sparse lines elsewhere. */
  readonly interactive: boolean;
}

/** What the kernel side hands the CLI: the models, and the figures `overhead` prints. */
export interface CliDeps {
  readonly registry: readonly AnyModel[];
  /** The file URL of the module exporting the registry, so worker threads can load the same models (`check --workers`). */
  readonly registryModule?: string;
  readonly overhead?: () => { readonly rows: unknown; readonly text: string };
  /** The failure corpus `check` replays first and `check`/`explore` add to; none when absent (tests). */
  readonly corpusDir?: string;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

/** A progress reporter for long runs: runs done and steps/s on stderr, never on stdout. */
export function progressReporter(io: Io, label: string): ((p: Progress) => void) & { done: () => void } {
  let shown = false;
  let lastLine = 0;
  const report = (p: Progress) => {
    const rate = p.elapsedMs > 0 ? Math.round((p.steps * 1000) / p.elapsedMs) : 0;
    const line = `${label}: ${p.runs} runs, ${p.steps} steps, ${rate} steps/s`;
    if (io.interactive) {
      process.stderr.write(`\r${line}`);
      shown = true;
    } else if (p.elapsedMs - lastLine >= 10_000) {
      lastLine = p.elapsedMs;
      io.stderr(line);
    }
  };
  return Object.assign(report, {
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  });
}
