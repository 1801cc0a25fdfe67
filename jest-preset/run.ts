/**
 * `systape.run()`: run a command under the recorder from a test and get its
 * output, its exit code and its trace.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseInjection } from '../recorder/inject';
import { record } from '../recorder/record';
import { Trace } from './trace';

/** Options of {@link run}. */
export interface RunOptions {
  /** working directory (default: the test process's) */
  cwd?: string;
  /** environment (default: the test process's); `undefined` values remove a variable */
  env?: Record<string, string | undefined>;
  /** faults to inject, as `systape run --inject` rules (`'write:ENOSPC:nth=2'`) */
  inject?: string[];
  /** bytes for the program's stdin (default: none, at end of file) */
  input?: string | Uint8Array;
}

/** What {@link run} gives back. */
export interface RunResult {
  /** the exit status as a shell reports it: the exit code, or 128 + signal */
  exitCode: number;
  stdout: string;
  stderr: string;
  trace: Trace;
  /** the trace file (removed when the test process exits) */
  tracePath: string;
}

let scratch: string | undefined;

/** A directory for this test process's traces and output, removed at exit. */
function scratchDir(): string {
  if (scratch === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-run-'));
    scratch = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return scratch;
}

let counter = 0;

/** Run `argv` (program and arguments) recorded; resolves when it and all its processes are done. */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const rules = (options.inject ?? []).map(parseInjection);
  const base = path.join(scratchDir(), `run-${process.pid}-${++counter}`);
  const files = { in: `${base}.in`, out: `${base}.out`, err: `${base}.err` };
  fs.writeFileSync(files.in, options.input ?? '');
  const fds = [
    fs.openSync(files.in, 'r'),
    fs.openSync(files.out, 'w'),
    fs.openSync(files.err, 'w'),
  ];
  try {
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const result = await record(argv, {
      output: `${base}.systape`,
      cwd,
      // PWD as a shell's `cd` leaves it: the program's shells trust it
      env: { ...process.env, PWD: cwd, ...options.env },
      stdio: [fds[0], fds[1], fds[2]],
      inject: rules,
    });
    return {
      exitCode: result.exitStatus,
      stdout: fs.readFileSync(files.out, 'utf8'),
      stderr: fs.readFileSync(files.err, 'utf8'),
      trace: Trace.read(result.tracePath),
      tracePath: result.tracePath,
    };
  } finally {
    for (const fd of fds) fs.closeSync(fd);
  }
}
