/**
 * Helpers for end-to-end replay tests: replay a recording made with the helpers of
 * `record.ts` and compare what the replay printed with what the recorded program printed,
 * byte for byte; record with stdout and stderr connected to pipes (as at a shell prompt);
 * find the real Python interpreter; compile small C programs to a path of the test's choice.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { readTrace } from '../../formats/trace';
import { formatRecord } from '../../formats/decode';
import { record } from '../../recorder/record';
import { replay, type ReplayOptions, type ReplayResult } from '../../replayer/replay';
import { FIXTURE_CFLAGS, FIXTURES_DIR } from './fixtures';
import { makeTempDir, type RecordFixtureOptions, type RecordedRun } from './record';

/** A finished replay, with the program's output as raw bytes. */
export interface Replayed extends ReplayResult {
  /** every byte the replayed program wrote to stdout / stderr, in order */
  stdoutBytes: Buffer;
  stderrBytes: Buffer;
  /** what the replayer warned about */
  warnings: string[];
  durationMs: number;
}

/** Replays a recording's trace, collecting the output bytes and the warnings. */
export async function replayRun(
  run: RecordedRun,
  opts: Omit<ReplayOptions, 'onOutput' | 'onWarning'> = {},
): Promise<Replayed> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const warnings: string[] = [];
  const started = Date.now();
  const result = await replay(run.result.tracePath, {
    ...opts,
    onOutput: (fd, bytes) => (fd === 1 ? out : err).push(Buffer.from(bytes)),
    onWarning: (m) => warnings.push(m),
  });
  return {
    ...result,
    stdoutBytes: Buffer.concat(out),
    stderrBytes: Buffer.concat(err),
    warnings,
    durationMs: Date.now() - started,
  };
}

/** The raw bytes a recorded program wrote to its stdout / stderr (files in its run dir). */
export function recordedBytes(run: RecordedRun): { stdout: Buffer; stderr: Buffer } {
  return {
    stdout: fs.readFileSync(path.join(run.dir, 'stdout.txt')),
    stderr: fs.readFileSync(path.join(run.dir, 'stderr.txt')),
  };
}

/**
 * Asserts that a replay followed the recording to the end: no divergence, the same bytes
 * on stdout and stderr as recorded, the recorded exit status.
 */
export function expectSameAsRecorded(run: RecordedRun, replayed: Replayed): void {
  // The message first: when replay diverged, it says where and why.
  expect(replayed.divergence?.message).toBeUndefined();
  const recorded = recordedBytes(run);
  // As text first for a readable diff, then as bytes for exactness.
  expect(replayed.stdoutBytes.toString('latin1')).toBe(recorded.stdout.toString('latin1'));
  expect(replayed.stderrBytes.toString('latin1')).toBe(recorded.stderr.toString('latin1'));
  expect(replayed.stdoutBytes.equals(recorded.stdout)).toBe(true);
  expect(replayed.stderrBytes.equals(recorded.stderr)).toBe(true);
  // the result's own strings agree with the bytes
  expect(replayed.stdout).toBe(run.stdout);
  expect(replayed.stderr).toBe(run.stderr);
  expect(replayed.exitStatus).toBe(run.result.exitStatus);
  expect(replayed.recordedExitStatus).toBe(run.result.exitStatus);
}

// ---- recording with pipes for stdout and stderr ----

/** Reads a FIFO until every writer has closed it. */
function drain(fifo: string): { fd: number; done: Promise<Buffer> } {
  // Non-blocking open of the read end first, so that opening the write end does not block.
  const fd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const socket = new net.Socket({ fd, readable: true, writable: false });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    socket.on('data', (b: Buffer) => chunks.push(b));
    socket.on('error', reject);
    socket.on('end', () => resolve(Buffer.concat(chunks)));
  });
  return { fd, done };
}

/**
 * Like `recordFixture`, but the program's stdout and stderr are pipes (named pipes in the
 * run's directory), as when it runs in a shell pipeline or under `systape record | ...`.
 * Some programs take other paths for a pipe than for a file (`cat` copies file to file with
 * copy_file_range, but reads and writes into a pipe). The output is also saved as
 * `stdout.txt` and `stderr.txt` in the run's directory, so {@link recordedBytes} works.
 */
export async function recordPiped(
  argv: string[],
  opts: RecordFixtureOptions = {},
): Promise<RecordedRun> {
  const { traceName = 'trace.systape', ...recordOptions } = opts;
  const dir = makeTempDir('systape-rec-');
  const fifos = ['stdout.fifo', 'stderr.fifo'].map((f) => path.join(dir, f));
  execFileSync('mkfifo', fifos);
  const readers = fifos.map(drain);
  const writers = fifos.map((f) => fs.openSync(f, fs.constants.O_WRONLY));
  const stdin = fs.openSync('/dev/null', 'r');
  let result;
  try {
    result = await record(argv, {
      ...recordOptions,
      output: path.join(dir, traceName),
      stdio: [stdin, writers[0], writers[1]],
    });
  } finally {
    // The program has exited: closing our write ends lets the readers see the end.
    for (const fd of [stdin, ...writers]) fs.closeSync(fd);
  }
  const [stdout, stderr] = await Promise.all(readers.map((r) => r.done));
  fs.writeFileSync(path.join(dir, 'stdout.txt'), stdout);
  fs.writeFileSync(path.join(dir, 'stderr.txt'), stderr);
  const trace = readTrace(result.tracePath);
  return {
    result,
    stdout: stdout.toString('utf8'),
    stderr: stderr.toString('utf8'),
    trace,
    lines: trace.records.map((r) => formatRecord(r)),
    dir,
  };
}

// ---- programs ----

let python: string | undefined;

/**
 * The real Python 3 interpreter (`sys.executable`), not a version manager's shim script:
 * recording the shim too would only make the test slower.
 */
export function pythonExecutable(): string {
  python ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
  return python;
}

/**
 * Compiles `test/fixtures/<name>.c` with the fixture flags and extra `-D` definitions to
 * `out` (replacing what is there), for tests that change a program between recording and
 * replay.
 */
export function compileFixtureTo(
  name: string,
  out: string,
  defines: Record<string, string | number> = {},
): string {
  const src = path.join(FIXTURES_DIR, `${name}.c`);
  const flags = Object.entries(defines).map(([k, v]) => `-D${k}=${v}`);
  const tmp = `${out}.tmp`;
  execFileSync('cc', [...FIXTURE_CFLAGS, ...flags, '-o', tmp, src], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  fs.renameSync(tmp, out);
  return out;
}
