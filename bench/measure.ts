/**
 * Running and timing commands, and asking the systape CLI what it supports.
 * Node built-ins only: the benchmark must run before anything else in the package works.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Outcome of one timed run. */
export interface RunResult {
  /** Wall time from spawn to exit, in milliseconds. */
  ms: number;
  status: number | null;
  signal: NodeJS.Signals | null;
  /** Spawn error (e.g. ENOENT, ETIMEDOUT), if any. */
  error?: string;
  /** Last few lines of stderr, for failure reports. */
  stderrTail: string;
}

/** Options shared by all runs. */
export interface RunOptions {
  cwd?: string;
  timeoutMs: number;
}

function tail(buf: Buffer | null | undefined, lines = 5): string {
  if (!buf || buf.length === 0) return '';
  return buf.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs `cmd` to completion and times it. stdin and stdout are /dev/null so the traced
 * program's output costs nothing; stderr is kept to explain failures.
 */
export function timeRun(cmd: readonly string[], opts: RunOptions): RunResult {
  const start = process.hrtime.bigint();
  const res = spawnSync(cmd[0], cmd.slice(1), {
    cwd: opts.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: opts.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    ms,
    status: res.status,
    signal: res.signal,
    error: res.error ? res.error.message : undefined,
    stderrTail: tail(res.stderr),
  };
}

/** One-line description of how a run ended, for failure notes. */
export function describeExit(r: RunResult): string {
  if (r.error) return r.error;
  if (r.signal) return `killed by ${r.signal}`;
  return `exit ${r.status}${r.stderrTail ? `: ${r.stderrTail.split('\n').pop()}` : ''}`;
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** What the systape CLI offers, from its `--help` output. */
export interface CliCaps {
  /** `--help` ran and listed a `record` command. */
  record: boolean;
  /** `record --help` mentions `--no-fastpath` (recording with a stop at every syscall). */
  noFastpath: boolean;
  replay: boolean;
  dump: boolean;
  /** `dump --help` mentions `--stats`. */
  dumpStats: boolean;
  /** `--help` lists `run` (interception, fault injection). */
  run: boolean;
  /** Why the CLI is unusable, when `record` is false. */
  problem?: string;
}

function helpText(cli: readonly string[], args: string[], cwd: string): string | undefined {
  const res = spawnSync(cli[0], [...cli.slice(1), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (res.error || res.status !== 0) return undefined;
  return `${res.stdout}\n${res.stderr}`;
}

/** Commander lists subcommands as indented lines starting with the command name. */
function listsCommand(help: string, name: string): boolean {
  return new RegExp(`^\\s+${name}\\b`, 'm').test(help);
}

/** Probes the CLI's commands; never throws. */
export function probeCli(cli: readonly string[], cwd: string): CliCaps {
  const help = helpText(cli, ['--help'], cwd);
  if (help === undefined) {
    return {
      record: false,
      noFastpath: false,
      replay: false,
      dump: false,
      dumpStats: false,
      run: false,
      problem: `\`${cli.join(' ')} --help\` failed`,
    };
  }
  const dump = listsCommand(help, 'dump');
  const dumpHelp = dump ? helpText(cli, ['dump', '--help'], cwd) : undefined;
  const record = listsCommand(help, 'record');
  const recordHelp = record ? helpText(cli, ['record', '--help'], cwd) : undefined;
  return {
    record,
    noFastpath: recordHelp !== undefined && recordHelp.includes('--no-fastpath'),
    replay: listsCommand(help, 'replay'),
    dump,
    dumpStats: dumpHelp !== undefined && dumpHelp.includes('--stats'),
    run: listsCommand(help, 'run'),
    problem: record ? undefined : 'no `record` command in --help',
  };
}

/** Number of syscalls in a trace, and where the number came from. */
export interface SyscallCount {
  count: number;
  source: 'dump --stats' | 'dump lines';
}

/** Finds a syscall total in `dump --stats` output, whether JSON or text. */
function parseStats(out: string): number | undefined {
  try {
    const json: unknown = JSON.parse(out);
    if (json && typeof json === 'object') {
      for (const key of ['syscalls', 'syscallCount', 'totalSyscalls', 'total']) {
        const v = (json as Record<string, unknown>)[key];
        if (typeof v === 'number') return v;
        // `systape stats --json`: { total: { calls } }
        const calls = v && typeof v === 'object' ? (v as Record<string, unknown>).calls : undefined;
        if (typeof calls === 'number') return calls;
      }
    }
  } catch {
    // Not JSON: fall through to text.
  }
  const m =
    /syscalls?\b[^0-9\n]{0,20}?(\d[\d,_]*)/i.exec(out) ?? /^\s*total\D{0,20}?(\d+)/im.exec(out);
  return m ? Number(m[1].replace(/[,_]/g, '')) : undefined;
}

/** Counts the syscalls in `trace` with the CLI's `dump`, if it has one. */
export function countSyscalls(
  cli: readonly string[],
  caps: CliCaps,
  trace: string,
  cwd: string,
): SyscallCount | undefined {
  const run = (args: string[]) =>
    spawnSync(cli[0], [...cli.slice(1), ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 300_000,
      maxBuffer: 2 * 1024 * 1024 * 1024,
    });
  if (caps.dumpStats) {
    const res = run(['dump', '--stats', '--json', trace]);
    const n = res.status === 0 ? parseStats(res.stdout.toString('utf8')) : undefined;
    if (n !== undefined) return { count: n, source: 'dump --stats' };
  }
  if (caps.dump) {
    const res = run(['dump', trace]);
    if (res.status !== 0) return undefined;
    // Count newline bytes directly: the text of a 400k-syscall dump is large.
    let lines = 0;
    for (const byte of res.stdout) if (byte === 0x0a) lines++;
    return { count: lines, source: 'dump lines' };
  }
  return undefined;
}

/** Peak resident memory of a run, in KiB, and how it was measured. */
export interface PeakRss {
  kib: number;
  method: string;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs `cmd` once and reports its peak RSS. With GNU time this is `%M`, the largest RSS of the
 * command and of every descendant it waited for (so it includes the traced program). Without
 * it, polls VmHWM of the top process only.
 */
export async function peakRss(
  cmd: readonly string[],
  opts: RunOptions,
): Promise<PeakRss | undefined> {
  if (fs.existsSync(GNU_TIME)) {
    const out = path.join(os.tmpdir(), `systape-bench-rss-${process.pid}`);
    try {
      const res = spawnSync(GNU_TIME, ['-f', '%M', '-o', out, ...cmd], {
        cwd: opts.cwd,
        stdio: 'ignore',
        timeout: opts.timeoutMs,
      });
      if (res.error) return undefined;
      const kib = Number(fs.readFileSync(out, 'utf8').trim().split('\n').pop());
      return Number.isFinite(kib) ? { kib, method: 'GNU time %M' } : undefined;
    } catch {
      return undefined;
    } finally {
      fs.rmSync(out, { force: true });
    }
  }
  return pollVmHwm(cmd, opts);
}

/** Fallback: VmHWM of the spawned process, read every 5 ms until it exits. */
function pollVmHwm(cmd: readonly string[], opts: RunOptions): Promise<PeakRss | undefined> {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: opts.cwd, stdio: 'ignore' });
    let kib = 0;
    const sample = () => {
      try {
        const m = /^VmHWM:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) kib = Math.max(kib, Number(m[1]));
      } catch {
        // Gone or a zombie already: keep the last sample.
      }
    };
    const timer = setInterval(sample, 5);
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    const done = (ok: boolean) => {
      clearInterval(timer);
      clearTimeout(killer);
      resolve(ok && kib > 0 ? { kib, method: 'VmHWM of the top process' } : undefined);
    };
    child.on('error', () => done(false));
    child.on('exit', () => done(true));
  });
}
