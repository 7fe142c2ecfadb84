import type { Progress } from '../check.ts';
import type { AnyModel } from '../model.ts';
import type { Interrupt } from './interrupt.ts';

/** Where the CLI writes; tests pass their own to capture output without spawning. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal: progress redraws one line there, and prints sparse lines elsewhere. */
  readonly interactive: boolean;
  /** Write to stderr as is (a progress line redrawn with `\r`); default process.stderr. */
  readonly progress?: (text: string) => void;
}

/** Write a redrawn progress line. */
export const writeProgress = (io: Io, text: string) => (io.progress ? io.progress(text) : process.stderr.write(text));

/** What the kernel side hands the CLI: the models, and the figures `overhead` prints. */
export interface CliDeps {
  readonly registry: readonly AnyModel[];
  /** The file URL of the module exporting the registry, so worker threads can load the same models (`check --workers`). */
  readonly registryModule?: string;
  readonly overhead?: () => { readonly rows: unknown; readonly text: string };
  /** Set when the command runs on a worker thread that Ctrl-C can stop (see interrupt.ts). */
  readonly interrupt?: Interrupt;
  /** The failure corpus `check` replays first and `check`/`explore` add to; none when absent (tests). */
  readonly corpusDir?: string;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

/** How often a progress line is printed where stderr is no terminal: 10 s, or MEMCHECK_PROGRESS_MS. */
export const SPARSE_PROGRESS_MS = Number(process.env.MEMCHECK_PROGRESS_MS) > 0 ? Number(process.env.MEMCHECK_PROGRESS_MS) : 10_000;

/** A progress reporter for long runs: runs done of `total`, and steps/s, on stderr, never on stdout. */
export function progressReporter(io: Io, label: string, total: number): ((p: Progress) => void) & { done: () => void } {
  let shown = false;
  let lastLine = 0;
  const report = (p: Progress) => {
    const rate = p.elapsedMs > 0 ? Math.round((p.steps * 1000) / p.elapsedMs) : 0;
    const line = `${label}: ${p.runs}/${total} runs, ${p.steps} steps, ${rate} steps/s`;
    if (io.interactive) {
      writeProgress(io, `\r${line}\x1b[K`);
      shown = true;
    } else if (p.elapsedMs - lastLine >= SPARSE_PROGRESS_MS) {
      lastLine = p.elapsedMs;
      io.stderr(line);
    }
  };
  return Object.assign(report, {
    done: () => {
      if (shown) writeProgress(io, '\r\x1b[K');
      shown = false;
    },
  });
}
