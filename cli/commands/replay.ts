/** `systape replay`: re-run a recorded program from its trace. */
import { SystapeError } from '../../formats/errors';
import { replay } from '../../replayer/replay';
import { isatty } from 'node:tty';
import { printError, printInfo, writeOutput } from '../output';

/** Exit status of `systape replay` when the program left the recording. */
export const EXIT_DIVERGED = 86;
/** Exit status of `systape replay` when the trace ended early (a bad input, like a corrupt one). */
export const EXIT_TRUNCATED = 1;

export interface ReplayCliOptions {
  quiet?: boolean;
  /** NAME=VALUE overrides of the recorded environment */
  env?: string[];
  /** report every divergence and go on where safe */
  keepGoing?: boolean;
  /** replay against programs and files changed since the recording */
  allowChanged?: boolean;
  /** answer calls in-process where possible (default true) */
  fastpath?: boolean;
}

function parseEnv(pairs: string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new SystapeError('EINVAL', `--env takes NAME=VALUE, not "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/** Returns the exit status the CLI should exit with. */
export async function replayCommand(file: string, opts: ReplayCliOptions): Promise<number> {
  const result = await replay(file, {
    env: parseEnv(opts.env),
    onOutput: opts.quiet ? undefined : (fd, bytes) => writeOutput(fd, bytes),
    liveOutput: !opts.quiet && (isatty(1) || isatty(2)),
    onWarning: (m) => printError(`warning: ${m}`),
    keepGoing: opts.keepGoing,
    allowChangedFiles: opts.allowChanged,
    fastPath: opts.fastpath,
  });
  // A one-line summary for people at a terminal, as `record` gives.
  if (!opts.quiet && isatty(2) && !result.divergence && !result.truncated) {
    printInfo(
      `replayed ${result.syscalls} syscalls (${result.fastCalls} in-process) from ${file}; ` +
        `exit status ${result.exitStatus}`,
    );
  }
  if (result.truncated && (!result.divergence || result.divergence.seq === null)) {
    // not the program's doing: the recording is incomplete
    printError(
      `${file} is truncated at byte ${result.truncated.offset} (${result.truncated.reason}); ` +
        'replay followed the program to where the trace ends (was the recorder killed?)',
    );
    return EXIT_TRUNCATED;
  }
  for (const d of result.divergences) printError(`${d.message}\n`);
  const unreported = result.divergenceCount - result.divergences.length;
  if (unreported > 0) printError(`... and ${unreported} more divergences, not shown`);
  if (opts.keepGoing && result.divergenceCount > 0) {
    const last = result.divergences[result.divergences.length - 1];
    printError(
      `${result.divergenceCount} divergence${result.divergenceCount === 1 ? '' : 's'}; ` +
        (last.stopped
          ? 'replay stopped at the last one'
          : `the program ran to the end (its exit status: ${result.exitStatus})`),
    );
  }
  if (result.divergence) return EXIT_DIVERGED;
  return result.exitStatus;
}
