/**
 * `catchFailure()`: record a command again and again until a run fails,
 * keeping the failing run's trace and the last passing one (the pair `systape
 * diff` compares), and deleting the rest as it goes. When the first runs fail,
 * it goes on until one passes, so that there is a pair.
 *
 * Each run's output goes to a log beside its trace rather than the terminal:
 * the failing run's is `failing.log`, and `systape replay failing.systape`
 * prints it again, identically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SystapeError } from '../formats/errors';
import { record, type RecordOptions } from './record';

/** Options of {@link catchFailure}. */
export interface CatchOptions extends Pick<
  RecordOptions,
  'cwd' | 'env' | 'pin' | 'fastPath' | 'envRedact' | 'onWarning'
> {
  /**
   * give the program's threads their turns in an order drawn at random (default false): a
   * race between threads comes out far more often than under the usual order
   */
  chaos?: boolean;
  /** most runs before giving up (default 100) */
  runs?: number;
  /** directory for the traces and logs (created; default `caught` in the working directory) */
  out?: string;
  /** for a Jest command line: run only the tests whose name contains this text */
  test?: string;
  /** called as each run starts (1, 2...) */
  onRunStart?: (run: number) => void;
  /** called after each run */
  onRun?: (progress: CatchProgress) => void;
  /** when this resolves or is aborted, stop after the run in progress (Ctrl-C) */
  signal?: AbortSignal;
}

/** Where a catch stands, after a run. */
export interface CatchProgress {
  run: number;
  runs: number;
  failures: number;
  /** exit status of the run that just ended */
  exitStatus: number;
  elapsedMs: number;
  /** estimated time to the last run, from the mean run so far */
  etaMs: number;
}

/** A kept run. */
export interface KeptRun {
  run: number;
  exitStatus: number;
  trace: string;
  log: string;
}

/** Outcome of {@link catchFailure}. */
export interface CatchResult {
  /** the failing run, when one was caught */
  failing: KeptRun | null;
  /** the last run that passed before it (or the last of all when none failed) */
  passing: KeptRun | null;
  /** the run cut short by an interruption, kept as it was */
  interrupted: KeptRun | null;
  /** true when `signal` stopped the catch (during a run or between two) */
  stopped: boolean;
  runs: number;
  elapsedMs: number;
  /** the command as run (with the Jest filter added) */
  argv: string[];
}

/** True when `argv` runs Jest (directly, through npx/yarn/pnpm, or its bin script). */
export function isJestCommand(argv: readonly string[]): boolean {
  return argv.some((a, i) => {
    const base = path.basename(a);
    if (base === 'jest' || base === 'jest.js') return true;
    return (
      i > 0 && a === 'jest' && ['npx', 'yarn', 'pnpm', 'bunx'].includes(path.basename(argv[0]))
    );
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The command to run: for `test`, Jest's `--testNamePattern` matching that text exactly
 * (not as a pattern).
 */
export function catchCommand(argv: readonly string[], test?: string): string[] {
  if (test === undefined) return [...argv];
  if (!isJestCommand(argv))
    throw new SystapeError(
      'NOT_JEST',
      `--test narrows a Jest run to one test, but \`${argv.join(' ')}\` does not run jest`,
    );
  return [...argv, '--testNamePattern', escapeRegExp(test)];
}

function move(from: string, to: string): void {
  fs.rmSync(to, { force: true });
  fs.renameSync(from, to);
}

/**
 * Record `argv` until a run exits non-zero or `runs` runs have passed (see the module comment).
 * Throws ProgramError when the command cannot be run at all.
 */
export async function catchFailure(
  argv: string[],
  options: CatchOptions = {},
): Promise<CatchResult> {
  const runs = options.runs ?? 100;
  if (!Number.isInteger(runs) || runs < 1)
    throw new SystapeError('EINVAL', `--runs must be a positive whole number, not ${runs}`);
  const command = catchCommand(argv, options.test);
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const out = path.resolve(cwd, options.out ?? 'caught');
  fs.mkdirSync(out, { recursive: true });
  const file = (name: string) => path.join(out, name);
  // what an earlier catch left here would pass for this one's
  for (const kept of ['passing', 'failing', 'interrupted', 'current'])
    for (const ext of ['systape', 'log']) fs.rmSync(file(`${kept}.${ext}`), { force: true });
  const started = Date.now();
  let passing: KeptRun | null = null;
  let failing: KeptRun | null = null;
  let interrupted: KeptRun | null = null;
  let run = 0;
  const stdin = fs.openSync('/dev/null', 'r');
  try {
    while (run < runs && !options.signal?.aborted) {
      run++;
      options.onRunStart?.(run);
      const trace = file('current.systape');
      const log = file('current.log');
      const logFd = fs.openSync(log, 'w', 0o600);
      let exitStatus: number;
      try {
        const result = await record(command, {
          output: trace,
          cwd,
          env: options.env,
          pin: options.pin,
          fastPath: options.fastPath,
          chaos: options.chaos,
          envRedact: options.envRedact,
          onWarning: options.onWarning,
          stdio: [stdin, logFd, logFd],
          forwardSignals: true,
        });
        exitStatus = result.exitStatus;
      } finally {
        fs.closeSync(logFd);
      }
      if (options.signal?.aborted) {
        move(trace, file('interrupted.systape'));
        move(log, file('interrupted.log'));
        interrupted = {
          run,
          exitStatus,
          trace: file('interrupted.systape'),
          log: file('interrupted.log'),
        };
        break;
      }
      const kept = exitStatus === 0 ? 'passing' : 'failing';
      if (exitStatus !== 0 && failing) {
        // the first failure is the one kept; this one only delays the passing run wanted
        fs.rmSync(trace, { force: true });
        fs.rmSync(log, { force: true });
      } else {
        move(trace, file(`${kept}.systape`));
        move(log, file(`${kept}.log`));
        const keptRun = {
          run,
          exitStatus,
          trace: file(`${kept}.systape`),
          log: file(`${kept}.log`),
        };
        if (exitStatus === 0) passing = keptRun;
        else failing = keptRun;
      }
      const elapsedMs = Date.now() - started;
      options.onRun?.({
        run,
        runs,
        failures: failing ? 1 : 0,
        exitStatus,
        elapsedMs,
        etaMs: failing && passing ? 0 : (elapsedMs / run) * (runs - run),
      });
      // a failure with a passing run to compare it with; when the very first runs fail, go on
      // until one passes (`systape diff` needs both)
      if (failing && passing) break;
    }
  } finally {
    fs.closeSync(stdin);
  }
  return {
    failing,
    passing,
    interrupted,
    stopped: options.signal?.aborted === true,
    runs: run,
    elapsedMs: Date.now() - started,
    argv: command,
  };
}
