/**
 * `systape.run()`: run a command from a test and get its output, its exit code
 * and its trace, recorded once and replayed after, as Polly.js and nock back
 * do for HTTP.
 *
 * Recordings live beside the test file, in
 * `__systapes__/<test file>/<test name>.systape` (`<test name> 2.systape` for a
 * test's second run, and so on). `SYSTAPE_MODE` says what to do:
 * - unset: replay the recording; make it when it is missing, except under
 *   `jest --ci`, where a missing recording fails the test (it names the file).
 *   `jest -u` records again.
 * - `record`: always record (and save).
 * - `replay`: always replay; a missing recording fails.
 * - `passthrough`: run for real, recorded but not saved.
 * A replay that leaves the recording fails the test with the replayer's diff.
 * Outside a Jest test, runs are passthrough.
 *
 * Recordings are packed (`systape pack`): the programs they ran and the files those mapped
 * are kept in `__systapes__/.files/`, one file per content hash shared by every recording
 * beside it, so that a fresh clone on another machine replays them. `SYSTAPE_PACK=0` leaves
 * them unpacked (they then replay only where their programs are as recorded).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SystapeError } from '../formats/errors';
import { readHeader } from '../formats/trace/reader';
import { parseInjection } from '../recorder/inject';
import { packTrace } from '../recorder/pack';
import { record } from '../recorder/record';
import { replay } from '../replayer/replay';
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
  /** the trace file: the test's recording, or a scratch file removed when the test process exits */
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

/** What Jest says of the test running now (`expect.getState()`), if any. */
interface TestState {
  testPath?: string;
  currentTestName?: string;
  snapshotState?: { _updateSnapshot?: 'all' | 'new' | 'none' };
}

function testState(): TestState | undefined {
  const expect = (globalThis as { expect?: { getState?: () => TestState } }).expect;
  const state = expect?.getState?.();
  return state?.testPath && state.currentTestName ? state : undefined;
}

/** What to do with a run, from SYSTAPE_MODE. */
export type RunMode = 'auto' | 'record' | 'replay' | 'passthrough';

function modeOf(env: NodeJS.ProcessEnv = process.env): RunMode {
  const mode = env.SYSTAPE_MODE?.trim() || 'auto';
  if (mode === 'auto' || mode === 'record' || mode === 'replay' || mode === 'passthrough')
    return mode;
  throw new SystapeError(
    'EINVAL',
    `SYSTAPE_MODE=${mode}: expected record, replay or passthrough (or unset)`,
  );
}

/** The directory of a test file's recordings. */
export function recordingsDir(testPath: string): string {
  return path.join(path.dirname(testPath), '__systapes__', path.basename(testPath));
}

/** A test name as a file name: no slashes, no control characters. */
function fileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[/\\\x00-\x1f:*?"<>|]+/g, '_').slice(0, 200);
}

/** Runs of each test so far (a test's second run has its own recording). */
const runsOfTest = new Map<string, number>();
/** Recordings used, per test file, for {@link unusedRecordings}. */
const used = new Map<string, Set<string>>();

function recordingFor(state: TestState): string {
  const key = `${state.testPath}\0${state.currentTestName}`;
  const n = (runsOfTest.get(key) ?? 0) + 1;
  runsOfTest.set(key, n);
  const name = fileName(state.currentTestName!) + (n > 1 ? ` ${n}` : '');
  const file = path.join(recordingsDir(state.testPath!), `${name}.systape`);
  let set = used.get(state.testPath!);
  if (!set) used.set(state.testPath!, (set = new Set()));
  set.add(file);
  return file;
}

/** Recordings of `testPath` that no run of this test process used. */
export function unusedRecordings(testPath: string): string[] {
  const dir = recordingsDir(testPath);
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.systape'));
  } catch {
    return [];
  }
  const seen = used.get(testPath) ?? new Set();
  return files.map((f) => path.join(dir, f)).filter((f) => !seen.has(f));
}

/** Run `argv` (program and arguments): replayed, or recorded; see the module comment. */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  if (argv.length === 0) throw new SystapeError('EINVAL', 'systape.run: no program given');
  const mode = modeOf();
  const state = testState();
  if (!state || mode === 'passthrough') return recordRun(argv, options);
  const file = recordingFor(state);
  const update = state.snapshotState?._updateSnapshot;
  if (mode === 'record' || update === 'all') return recordRun(argv, options, file);
  if (fs.existsSync(file)) return replayRun(argv, file);
  if (mode === 'replay' || update === 'none') {
    throw new SystapeError(
      'NO_RECORDING',
      `systape: no recording ${path.relative(process.cwd(), file)} for this run of ${JSON.stringify(argv)}` +
        (update === 'none' ? ' (jest --ci makes none)' : '') +
        ': run the test once without --ci to record it, or with SYSTAPE_MODE=record',
    );
  }
  return recordRun(argv, options, file);
}

async function replayRun(argv: string[], file: string): Promise<RunResult> {
  const header = readHeader(file);
  if (JSON.stringify(header.argv) !== JSON.stringify(argv)) {
    throw new SystapeError(
      'RECORDING_MISMATCH',
      `systape: ${path.relative(process.cwd(), file)} is a recording of ${JSON.stringify(header.argv)}, ` +
        `but the test runs ${JSON.stringify(argv)}: record it again with jest -u`,
    );
  }
  const r = await replay(file);
  if (r.divergence) {
    throw new SystapeError(
      'DIVERGED',
      `systape: the run left its recording ${path.relative(process.cwd(), file)}\n` +
        `${r.divergence.message}\n(if the change is intended, record again with jest -u)`,
    );
  }
  return {
    exitCode: r.exitStatus,
    stdout: r.stdout,
    stderr: r.stderr,
    trace: Trace.read(file),
    tracePath: file,
  };
}

/** Record a run, into `file` or a scratch file. */
async function recordRun(argv: string[], options: RunOptions, file?: string): Promise<RunResult> {
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
    if (file) fs.mkdirSync(path.dirname(file), { recursive: true });
    const result = await record(argv, {
      output: file ?? `${base}.systape`,
      cwd,
      // PWD as a shell's `cd` leaves it: the program's shells trust it
      env: { ...process.env, PWD: cwd, ...options.env },
      stdio: [fds[0], fds[1], fds[2]],
      inject: rules,
    });
    if (file && process.env.SYSTAPE_PACK !== '0')
      packTrace(file, { into: path.join(path.dirname(path.dirname(file)), '.files') });
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
