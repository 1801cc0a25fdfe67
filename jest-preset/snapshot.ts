/**
 * Syscall snapshots: a run's calls as strace-like lines, made the same from
 * one run to the next and one machine to another (no pids, addresses, clock
 * readings or random bytes; descriptors numbered by first use; the working
 * directory as `<cwd>`; no calls on system files or searches of $PATH), for
 * Jest's snapshot machinery.
 */
import { minimatch } from 'minimatch';
import * as path from 'node:path';
import { syscallByName } from '../formats/syscalls';
import { SYSTEM_PATHS } from './paths';
import type { Call, Trace } from './trace';

/** Which calls a syscall snapshot holds. */
export interface SnapshotOptions {
  /** only calls to these syscalls */
  only?: readonly string[];
  /** and not these (on top of {@link NOISE} when `only` is not given) */
  ignore?: readonly string[];
  /** keep calls on system files (libraries, locales, /proc...), left out by default */
  system?: boolean;
}

/**
 * Calls left out unless asked for with `only`: how a process sets itself up
 * (memory, threads, signals, limits), which depends on the libraries and the
 * machine more than on the program.
 */
export const NOISE: readonly string[] = [
  'mmap',
  'munmap',
  'mprotect',
  'mremap',
  'madvise',
  'brk',
  'arch_prctl',
  'set_tid_address',
  'set_robust_list',
  'rseq',
  'prlimit64',
  'futex',
  'rt_sigaction',
  'rt_sigprocmask',
  'rt_sigreturn',
  'sigaltstack',
  'sched_getaffinity',
  'sched_yield',
  'getrandom',
  'getpid',
  'getppid',
  'gettid',
  'getuid',
  'geteuid',
  'getgid',
  'getegid',
  'clock_gettime',
  'clock_getres',
  'gettimeofday',
  'time',
];

/** The lines of a syscall snapshot; the preset's serializer prints them as they are. */
export class SyscallLines {
  readonly __systapeLines = true;
  constructor(readonly lines: readonly string[]) {}
}

function isSystemPath(p: string): boolean {
  return SYSTEM_PATHS.some((g) => minimatch(p, g, { dot: true }));
}

/** On system files only: by path, or through descriptors open on them. */
function isSystem(c: Call): boolean {
  const files = [...c.paths, ...c.fdPaths];
  return files.length > 0 && files.every(isSystemPath);
}

/** A shell's or execvp's search of $PATH for a program: where it looked in vain. */
function isPathSearch(c: Call, searchPath: readonly string[]): boolean {
  return !c.ok && c.paths.length === 1 && searchPath.includes(path.dirname(c.paths[0]));
}

const TIME_FIELD = /\b(tv_sec|tv_nsec|tv_usec|st_atime|st_mtime|st_ctime)=\d+/g;
const ADDRESS = /\b0x[0-9a-f]{5,}\b/g;

/** A run's calls as normalised lines (see the module comment). */
export function syscallLines(trace: Trace, options: SnapshotOptions = {}): SyscallLines {
  for (const name of [...(options.only ?? []), ...(options.ignore ?? [])])
    if (!syscallByName(name)) throw new Error(`unknown syscall "${name}"`);
  const only = options.only ? new Set(options.only) : undefined;
  const ignore = new Set([...(only ? [] : NOISE), ...(options.ignore ?? [])]);
  const fds = new Map<number, number>();
  const fd = (n: number): string => {
    if (n >= 0 && n <= 2) return String(n); // stdin, stdout, stderr keep their numbers
    if (n < 0) return String(n);
    let label = fds.get(n);
    if (label === undefined) fds.set(n, (label = fds.size + 3));
    return `fd${label}`;
  };
  const searchPath = (trace.header?.env.PATH ?? '').split(':').filter(Boolean);
  const cwd = trace.header?.cwd;
  const lines: string[] = [];
  for (const c of trace.all) {
    if ((only && !only.has(c.name)) || ignore.has(c.name)) continue;
    if (!options.system && (isSystem(c) || isPathSearch(c, searchPath))) continue;
    const def = syscallByName(c.name);
    const args = c.shown.map((a, i) => {
      const type = def?.args[i]?.type;
      const raw = Number(c.record.args[i] ?? 0);
      if (type === 'fd' || (type === 'dirfd' && a !== 'AT_FDCWD')) return fd(raw | 0);
      if (type === 'pid' && raw > 0) return '<pid>';
      return a;
    });
    let result = c.line.slice(c.line.lastIndexOf(') = ') + 4);
    if (c.ok && def?.ret === 'fd') result = result.replace(/^\d+/, fd(Number(c.ret)));
    if (c.ok && def?.ret === 'pid') result = result.replace(/^\d+/, '<pid>');
    if (c.name === 'getrandom') args[0] = '<random>';
    let line = `${c.name}(${args.join(', ')}) = ${result}`
      .replace(TIME_FIELD, '$1=<time>')
      .replace(ADDRESS, '<addr>');
    // the run's directory changes from one checkout (or temporary directory) to another
    if (cwd && cwd !== '/') line = line.split(cwd).join('<cwd>');
    lines.push(line);
  }
  return new SyscallLines(lines);
}

/** The preset's snapshot serializer, in Jest's `test`/`serialize` form. */
export const serializer = {
  test(value: unknown): boolean {
    return typeof value === 'object' && value !== null && '__systapeLines' in value;
  },
  serialize(value: SyscallLines): string {
    return value.lines.join('\n');
  },
};
