/** `systape replay`: re-run a recorded program from its trace. */
import { replay } from '../../replayer/replay';
import { printError, writeOutput } from '../output';

/** Exit status of `systape replay` when the program left the recording. */
export const EXIT_DIVERGED = 86;

export interface ReplayCliOptions {
  quiet?: boolean;
}

/** Returns the exit status the CLI should exit with. */
export async function replayCommand(file: string, opts: ReplayCliOptions): Promise<number> {
  const result = await replay(file, {
    onOutput: opts.quiet ? undefined : (fd, bytes) => writeOutput(fd, bytes),
    onWarning: (m) => printError(`warning: ${m}`),
  });
  if (result.divergence) {
    printError(result.divergence.message);
    return EXIT_DIVERGED;
  }
  return result.exitStatus;
}
