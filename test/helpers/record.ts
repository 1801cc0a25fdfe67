/**
 * Helpers for tests that record real programs: run a program under the recorder with its
 * output captured, read the trace back, and find records in it; and run the `systape` CLI.
 *
 * Every recording goes to its own temporary directory (see {@link makeTempDir}); test files
 * call {@link removeTempDirs} in `afterAll`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatRecord, formatSyscall } from '../../formats/decode';
import { syscallByName } from '../../formats/syscalls';
import {
  readTrace,
  type ExecRecord,
  type MemRegion,
  type SyscallRecord,
  type TraceContents,
  type TraceRecord,
} from '../../formats/trace';
import { record, type RecordOptions, type RecordResult } from '../../recorder/record';

// ---- temporary directories ----

const tempDirs: string[] = [];

/** A new empty directory under the system temp dir, canonical (no symlinks in its path). */
export function makeTempDir(prefix = 'systape-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory made by {@link makeTempDir} in this test file. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

// ---- recording ----

/** Options of {@link recordFixture}: those of `record()` except where output goes. */
export interface RecordFixtureOptions extends Omit<RecordOptions, 'output' | 'stdio'> {
  /** file name of the trace inside the run's directory (default `trace.systape`) */
  traceName?: string;
}

/** A finished recording, with what the program printed and the trace read back. */
export interface RecordedRun {
  result: RecordResult;
  /** what the program wrote to its stdout / stderr */
  stdout: string;
  stderr: string;
  /** the trace file, read back whole */
  trace: TraceContents;
  /** `formatRecord` of every record, in file order */
  lines: string[];
  /** the temporary directory holding the trace and the output files */
  dir: string;
}

/**
 * Records `argv` through the library API into a fresh temporary directory, with the
 * program's stdout and stderr sent to files there (stdin is /dev/null).
 */
export async function recordFixture(
  argv: string[],
  opts: RecordFixtureOptions = {},
): Promise<RecordedRun> {
  const { traceName = 'trace.systape', ...recordOptions } = opts;
  const dir = makeTempDir('systape-rec-');
  const stdoutFile = path.join(dir, 'stdout.txt');
  const stderrFile = path.join(dir, 'stderr.txt');
  const stdin = fs.openSync('/dev/null', 'r');
  const stdout = fs.openSync(stdoutFile, 'w');
  const stderr = fs.openSync(stderrFile, 'w');
  let result: RecordResult;
  try {
    result = await record(argv, {
      ...recordOptions,
      output: path.join(dir, traceName),
      stdio: [stdin, stdout, stderr],
    });
  } finally {
    for (const fd of [stdin, stdout, stderr]) fs.closeSync(fd);
  }
  const trace = readTrace(result.tracePath);
  return {
    result,
    stdout: fs.readFileSync(stdoutFile, 'utf8'),
    stderr: fs.readFileSync(stderrFile, 'utf8'),
    trace,
    lines: trace.records.map((r) => formatRecord(r)),
    dir,
  };
}

// ---- finding records ----

type RecordOf<T extends TraceRecord['t']> = Extract<TraceRecord, { t: T }>;

/** The records of one type, in file order. */
export function recordsOfType<T extends TraceRecord['t']>(run: RecordedRun, t: T): RecordOf<T>[] {
  return run.trace.records.filter((r): r is RecordOf<T> => r.t === t);
}

/** The number of a syscall name; throws on a name the table does not know. */
export function nr(name: string): number {
  const def = syscallByName(name);
  if (!def) throw new Error(`unknown syscall name ${name}`);
  return def.nr;
}

/** Every syscall record of `name` (all of them without a name) that `where` accepts. */
export function syscalls(
  run: RecordedRun,
  name?: string,
  where: (rec: SyscallRecord) => boolean = () => true,
): SyscallRecord[] {
  const wanted = name === undefined ? undefined : nr(name);
  return recordsOfType(run, 'sys').filter(
    (r) => (wanted === undefined || r.nr === wanted) && where(r),
  );
}

/**
 * The first syscall record of `name` that `where` accepts. Throws, listing the calls of
 * that name the trace does hold, when there is none.
 */
export function findSyscall(
  run: RecordedRun,
  name: string,
  where: (rec: SyscallRecord) => boolean = () => true,
): SyscallRecord {
  const found = syscalls(run, name).find(where);
  if (found) return found;
  const seen = syscalls(run, name).map(line);
  throw new Error(
    `no matching ${name} call in the trace; its ${name} calls:\n  ${seen.join('\n  ') || '(none)'}`,
  );
}

/** The strace-like line of a syscall record. */
export function line(rec: SyscallRecord): string {
  return formatSyscall(rec);
}

/** A syscall's raw result as a number (negative errno on failure). */
export function ret(rec: SyscallRecord): number {
  return Number(rec.ret);
}

/** A syscall argument as a number. */
export function arg(rec: SyscallRecord, i: number): number {
  return Number(rec.args[i]);
}

/** The memory regions of a syscall in one direction, optionally of one argument. */
export function regions(rec: SyscallRecord, dir: 'in' | 'out', argIndex?: number): MemRegion[] {
  return rec.mem.filter((m) => m.dir === dir && (argIndex === undefined || m.arg === argIndex));
}

/** The only region of a syscall's argument in one direction; throws when there is not one. */
export function onlyRegion(rec: SyscallRecord, dir: 'in' | 'out', argIndex: number): MemRegion {
  const found = regions(rec, dir, argIndex);
  if (found.length !== 1) {
    throw new Error(
      `expected one '${dir}' region for argument ${argIndex} of ${line(rec)}, found ${found.length}`,
    );
  }
  return found[0];
}

/** Bytes as a Buffer (without copying). */
export function buf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Bytes as text (UTF-8). */
export function text(bytes: Uint8Array): string {
  return buf(bytes).toString('utf8');
}

/** A C string region's text, without a trailing NUL if the recorder kept one. */
export function cstr(bytes: Uint8Array): string {
  return text(bytes).replace(/\0$/, '');
}

/** Everything a set of write(2) calls sent, concatenated in trace order. */
export function written(recs: SyscallRecord[]): string {
  return recs
    .map((r) =>
      regions(r, 'in', 1)
        .map((m) => text(m.bytes))
        .join(''),
    )
    .join('');
}

/** The write(2) calls of one process to one fd. */
export function writesTo(run: RecordedRun, fd: number, pid?: number): SyscallRecord[] {
  return syscalls(
    run,
    'write',
    (r) => arg(r, 0) === fd && ret(r) >= 0 && (pid === undefined || r.pid === pid),
  );
}

/** The exec records whose program's file name is `base` (e.g. "echo"). */
export function execsOf(run: RecordedRun, base: string): ExecRecord[] {
  return recordsOfType(run, 'exec').filter((e) => path.basename(e.path) === base);
}

/** Distinct values, in first-seen order. */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * What is wrong with a trace as a whole, as readable strings (empty when nothing is):
 * every seq unique and increasing in file order, exactly one end record and it is last,
 * its exit status and syscall count match the result.
 */
export function traceProblems(run: RecordedRun): string[] {
  const problems: string[] = [];
  const recs = run.trace.records;
  for (let i = 1; i < recs.length; i++) {
    if (recs[i].seq <= recs[i - 1].seq)
      problems.push(`record ${i} has seq ${recs[i].seq} after seq ${recs[i - 1].seq}`);
  }
  if (run.trace.truncated) problems.push(`trace truncated: ${run.trace.truncated.reason}`);
  const ends = recs.filter((r) => r.t === 'end');
  if (ends.length !== 1) problems.push(`${ends.length} end records`);
  const end = recs[recs.length - 1];
  if (end?.t !== 'end') problems.push('the last record is not the end record');
  else {
    if (end.exitStatus !== run.result.exitStatus)
      problems.push(`end exitStatus ${end.exitStatus} != result ${run.result.exitStatus}`);
    if (end.syscalls !== run.result.syscalls)
      problems.push(`end syscalls ${end.syscalls} != result ${run.result.syscalls}`);
  }
  const sysCount = recs.filter((r) => r.t === 'sys').length;
  if (sysCount !== run.result.syscalls)
    problems.push(`${sysCount} syscall records but result.syscalls = ${run.result.syscalls}`);
  if (recs.length !== run.result.records)
    problems.push(`${recs.length} records in the file but result.records = ${run.result.records}`);
  return problems;
}

// ---- the CLI ----

/** The repository root (where package.json and bin/ are). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

const CLI = path.join(REPO_ROOT, 'bin', 'systape.js');

function checkBuilt(): void {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('the CLI is not built: run `npx tsc -p tsconfig.build.json` first');
}

/** How a CLI run ended. */
export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** added to this process's environment */
  env?: Record<string, string>;
  /** kill the CLI after this long (default 20 s) */
  timeoutMs?: number;
}

/** Starts `node bin/systape.js ...args` with piped stdio; see {@link waitCli}. */
export function startCli(args: string[], opts: CliOptions = {}): ChildProcess {
  checkBuilt();
  return spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a started CLI's output until it exits. */
export function waitCli(child: ChildProcess, timeoutMs = 20_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`systape ${child.spawnargs.slice(2).join(' ')} timed out`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs `node bin/systape.js ...args` to completion. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return waitCli(startCli(args, opts), opts.timeoutMs);
}

/** A one-line error from the CLI: `systape: ...`, no stack trace, exit status 1. */
export function expectCleanFailure(r: CliResult, message: RegExp): void {
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  const lines = splitLines(r.stderr);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^systape: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

/** Lines of text without the empty string after a final newline. */
export function splitLines(s: string): string[] {
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
