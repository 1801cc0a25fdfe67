/**
 * How each recorded call is replayed: most are emulated (the real call is
 * cancelled and the recorded result and memory are handed back); the few
 * that rebuild the process's own state run for real.
 */
import { allCalls, callByNumber, callNumber as syscallNumber } from '../formats/syscalls/summary';
import type { ArgType } from '../formats/syscalls/types';
import { isFileMapping } from '../formats/trace/descriptors';
import { SyscallFlags, type SyscallRecord } from '../formats/trace/records';

/** Expectation flags, mirrored from XF_* in recorder/native/systape.h. */
export const XF = {
  NO_RETURN: 4,
  REAL: 1 << 4,
  KEEP_RET: 1 << 5,
  CHECK_RET: 1 << 6,
  ECHO: 1 << 7,
  ARGS_SHIFT: 8,
  MMAP_FILE: 1 << 14,
  ECHO_STDERR: 1 << 15,
} as const;

type Mode = 'real' | 'real-keep-result' | 'real-check-result';

/**
 * Calls that run for real. Memory management must, since the program's own
 * code runs and uses the addresses; signal state and thread plumbing too.
 * Results are checked where the program uses them as addresses.
 */
const REAL: Record<string, Mode> = {
  brk: 'real-check-result',
  mmap: 'real-check-result',
  mremap: 'real-check-result',
  munmap: 'real',
  mprotect: 'real',
  madvise: 'real',
  pkey_mprotect: 'real',
  arch_prctl: 'real',
  set_tid_address: 'real',
  set_robust_list: 'real',
  rseq: 'real',
  rt_sigaction: 'real',
  rt_sigprocmask: 'real',
  sigaltstack: 'real',
  // waits with its own signal mask: only a real one lets the recorded signal in
  rt_sigsuspend: 'real',
  rt_sigreturn: 'real-keep-result',
  clone: 'real',
  clone3: 'real',
  fork: 'real',
  vfork: 'real',
  exit: 'real',
  exit_group: 'real',
};

/**
 * Calls that `keepGoing` may execute for real where the recording has none:
 * they change nothing but the program itself (its memory, signal state,
 * exit) or only look at the world (ids, clocks, file metadata). Anything
 * else (a write to a file, a connect, a kill) stops the replay.
 */
const LIVE_WHEN_UNRECORDED = [
  ...Object.keys(REAL).filter(
    (name) => !['clone', 'clone3', 'fork', 'vfork', 'rt_sigsuspend'].includes(name),
  ),
  'getpid',
  'getppid',
  'gettid',
  'getuid',
  'geteuid',
  'getgid',
  'getegid',
  'getgroups',
  'getresuid',
  'getresgid',
  'getpgrp',
  'getpgid',
  'getsid',
  'clock_gettime',
  'clock_getres',
  'gettimeofday',
  'time',
  'getcpu',
  'nanosleep',
  'clock_nanosleep',
  'sched_yield',
  'sched_getaffinity',
  'uname',
  'sysinfo',
  'getrandom',
  'getrlimit',
  'getrusage',
  'prctl',
  'getcwd',
  'access',
  'faccessat',
  'faccessat2',
  'stat',
  'lstat',
  'newfstatat',
  'statx',
  'readlink',
  'readlinkat',
];

/** Names as the C core's 64-byte set of syscall numbers (bit n: syscall n). */
function callSet(names: Iterable<string>): Uint8Array {
  const set = new Uint8Array(64);
  for (const name of names) {
    const nr = syscallNumber(name);
    if (nr !== undefined && nr < 512) set[nr >> 3] |= 1 << (nr & 7);
  }
  return set;
}

/** {@link LIVE_WHEN_UNRECORDED} as the C core's 64-byte set. */
export function liveWhenUnrecorded(): Uint8Array {
  return callSet(LIVE_WHEN_UNRECORDED);
}

/**
 * The calls replay always emulates (none of {@link REAL}, no execve), as the
 * C core's 64-byte set: the in-process hook may answer these.
 */
export function alwaysEmulated(): Uint8Array {
  return callSet(
    allCalls()
      .map((s) => s.name)
      .filter((name) => !(name in REAL) && name !== 'execve' && name !== 'execveat'),
  );
}

const REAL_BY_NR = new Map<number, Mode>();
for (const [name, mode] of Object.entries(REAL)) {
  const nr = syscallNumber(name);
  if (nr !== undefined) REAL_BY_NR.set(nr, mode);
}
const EXECVE = syscallNumber('execve');
const EXECVEAT = syscallNumber('execveat');
/** Calls whose output replay echoes, by the argument holding the output descriptor. */
const OUTPUT_FD_ARG = new Map<number | undefined, number>([
  ...['write', 'writev', 'pwrite64', 'pwritev', 'pwritev2', 'sendfile'].map(
    (name) => [syscallNumber(name), 0] as const,
  ),
  ...['splice', 'copy_file_range'].map((name) => [syscallNumber(name), 2] as const),
]);

/** The argument holding the descriptor a call writes its output to (write, sendfile...). */
export function outputFdArg(nr: number): number | undefined {
  return OUTPUT_FD_ARG.get(nr);
}

/** Argument types compared at replay: values, not addresses. */
const COMPARED = new Set<ArgType>([
  'int',
  'uint',
  'size',
  'off',
  'fd',
  'dirfd',
  'pid',
  'uid',
  'gid',
  'signal',
  'mode',
  'dev',
  'clockid',
  'flags',
  'enum',
]);

const maskCache = new Map<number, number>();

/** Which arguments of syscall `nr` must match (bit i: argument i). */
export function comparedArgs(nr: number): number {
  let mask = maskCache.get(nr);
  if (mask === undefined) {
    mask = 0;
    const def = callByNumber(nr);
    if (def?.described)
      def.args.forEach((type, i) => {
        if (COMPARED.has(type)) mask! |= 1 << i;
      });
    maskCache.set(nr, mask);
  }
  return mask;
}

/**
 * The XF_* flags telling the C core how to replay `rec`. `echo` says
 * whether the call writes to the program's original stdout or stderr (from
 * the file table).
 */
export function replayFlags(rec: SyscallRecord, echo: 'stdout' | 'stderr' | null): number {
  let flags = (rec.flags & 0xf) | callFlags(rec.nr, echo, Number(rec.ret));
  if ((rec.nr === EXECVE || rec.nr === EXECVEAT) && Number(rec.ret) === 0) {
    flags |= XF.REAL; // a failed execve (a PATH search) is emulated
  }
  if (isFileMapping(rec)) flags |= XF.MMAP_FILE;
  // a fault injected while recording: the call was not made then, and is not now
  if (rec.flags & SyscallFlags.INJECTED)
    flags &= ~(XF.REAL | XF.KEEP_RET | XF.CHECK_RET | XF.MMAP_FILE);
  return flags;
}

const byNr = new Map<number, number>();

/**
 * The XF_* flags of a call to `nr` that returned `ret`, but for those that
 * depend on more of its record (the recorded flags, a successful execve, a
 * file mapping): all of them for any other call.
 */
export function callFlags(nr: number, echo: 'stdout' | 'stderr' | null, ret: number): number {
  let flags = byNr.get(nr);
  if (flags === undefined) {
    flags = comparedArgs(nr) << XF.ARGS_SHIFT;
    const mode = REAL_BY_NR.get(nr);
    if (mode) {
      flags |= XF.REAL;
      if (mode === 'real-keep-result') flags |= XF.KEEP_RET;
      if (mode === 'real-check-result') flags |= XF.CHECK_RET;
    }
    byNr.set(nr, flags);
  }
  if (echo && ret > 0 && OUTPUT_FD_ARG.has(nr)) {
    flags |= XF.ECHO;
    if (echo === 'stderr') flags |= XF.ECHO_STDERR;
  }
  return flags;
}
