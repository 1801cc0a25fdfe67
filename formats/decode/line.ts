/**
 * One line per trace record, in the notation of `strace -f`.
 *
 * - Syscalls: `name(args) = result`, arguments decoded by the syscall table,
 *   pointer arguments shown by the memory captured with the call. Memory the
 *   kernel read is always shown; memory it wrote only when the call succeeded
 *   (or the table says it is written even on failure). Otherwise the pointer.
 * - Results: decimal; hex for addresses; `-1 ENOENT (No such file or directory)`
 *   on failure; `?` for calls that do not return (exit_group); kernel-internal
 *   restart codes as `? ERESTARTSYS (…)`. strace's annotations follow a
 *   successful result: `(flags O_RDONLY)`, poll's `([{fd=3, revents=POLLIN}])`.
 * - A call the tracer refused (io_uring_setup while recording) ends in
 *   ` (REFUSED)`, and one that got a fault injected (`--inject`) in
 *   ` (INJECTED)`, as strace writes it.
 * - Written memory sizes (option `showWritten`, for `dump`): a trailing C
 *   comment `wrote 832 bytes`, with one size per region when there are
 *   several (`wrote 5+5 bytes`), and `, truncated` when capture was cut short.
 *   A cut capture is noted (`memory truncated`) even without `showWritten`.
 * - Calls the table marks `described: false` are decoded from the argument
 *   types it still gives (memory only if some was captured); the unimplemented
 *   ones have six hex arguments. Numbers the table does not know print every
 *   raw argument in hex under the table's name for them (`syscall_451`, which
 *   `syscallNumber` parses back), not strace's `syscall_0x1c3`.
 * - Prefixes: `#seq ` (option `showSeq`), then `[pid  1234] ` with the thread id
 *   (option `showPid`), as strace -f pads it.
 * - Other records: `+++ new process 1235 +++`, `+++ new thread 1236 +++`,
 *   `+++ exec "/usr/bin/ls" ["ls", "-la"] +++`, `--- SIGCHLD {si_signo=…} ---`,
 *   `+++ exited with 0 +++`, `+++ killed by SIGSEGV (core dumped) +++` (a
 *   thread that is not the last says `+++ thread exited with 0 +++`), and
 *   `+++ end: exit status 0, 120 syscalls, 35 ms +++`.
 */
import { isErrorResult, syscallByNumber, syscallName } from '../syscalls';
import { errnoName } from '../syscalls/constants';
import type { SyscallDef } from '../syscalls/types';
import {
  SyscallFlags,
  type EndRecord,
  type ExecRecord,
  type ExitRecord,
  type SignalRecord,
  type SpawnRecord,
  type SyscallRecord,
  type TraceRecord,
} from '../trace/records';
import { SyscallView } from './call';
import { SPECIAL_CALLS } from './special-calls';
import { formatList } from './structs/context';
import { siCodeHasSender, siCodeName } from './structs/signals';
import { DEFAULT_STR_SIZE, formatErrno, formatSignal, hex, i64, quoteText, u64 } from './values';

/** How lines are laid out; every field is optional. */
export interface FormatOptions {
  /** bytes of strings and elements of arrays shown, like strace -s (default 32) */
  strSize?: number;
  /** prefix `#seq ` */
  showSeq?: boolean;
  /**
   * prefix `[pid  1234] ` with the thread id: 'always' on every line; true on
   * every line except those of `rootPid`'s main thread (strace -f leaves the
   * first process unmarked)
   */
  showPid?: boolean | 'always';
  /** the traced program's pid, for `showPid: true` */
  rootPid?: number;
  /** append the sizes of the memory the kernel wrote (default false) */
  showWritten?: boolean;
  /** where syscall definitions come from (default: the x86-64 table) */
  lookup?: (nr: number) => SyscallDef | undefined;
}

/** A syscall record decoded into parts, for callers that lay lines out themselves. */
export interface DecodedSyscall {
  name: string;
  /** each argument as strace would print it */
  args: string[];
  /** `3`, `0x7f…`, `?`, `-1 ENOENT (No such file or directory)` */
  result: string;
  /** the errno name when the call failed */
  errno?: string;
  /** strace's note after a successful result, e.g. `(flags O_RDONLY)` */
  detail?: string;
  /** the tracer refused the call */
  refused: boolean;
  /** a fault was injected: the call was not made */
  injected: boolean;
  /** sizes of the captured regions the kernel wrote, in record order */
  written: number[];
  /** bytes the call moved from a file to another descriptor (sendfile...), as recorded */
  moved: number;
  /** memory capture was cut short */
  truncated: boolean;
}

/** kernel-internal restart codes (ERESTARTSYS …) that strace marks with `?` */
const isRestartErrno = (e: number): boolean => e >= 512 && e <= 530;

function failure(ret: bigint): Pick<DecodedSyscall, 'result' | 'errno'> {
  const e = Number(-ret);
  return { result: `${isRestartErrno(e) ? '?' : '-1'} ${formatErrno(e)}`, errno: errnoName(e) };
}

/** a number the table does not know: its name as the table spells it, every argument in hex */
function rawDecode(
  rec: SyscallRecord,
): Omit<DecodedSyscall, 'refused' | 'injected' | 'written' | 'moved' | 'truncated'> {
  const name = syscallName(rec.nr);
  const args = rec.args.map((a) => hex(a));
  if (rec.flags & SyscallFlags.NO_RETURN) return { name, args, result: '?' };
  if (isErrorResult(rec.ret)) return { name, args, ...failure(i64(rec.ret)) };
  // no type: small values read as counts and fds, large ones as addresses
  const ret = u64(rec.ret);
  return { name, args, result: ret > 0xffffffffn ? hex(ret) : ret.toString() };
}

function describedDecode(
  rec: SyscallRecord,
  def: SyscallDef,
  strSize: number,
): Omit<DecodedSyscall, 'refused' | 'injected' | 'written' | 'moved' | 'truncated'> {
  const view = new SyscallView(rec, def, strSize);
  const special = SPECIAL_CALLS[def.name];
  const args = special?.args?.(view) ?? def.args.map((_, i) => view.formatArg(i));
  const base = { name: def.name, args };
  if (rec.flags & SyscallFlags.NO_RETURN) return { ...base, result: '?' };
  if (!view.success) return { ...base, ...failure(view.ret) };
  const detail = special?.detail?.(view);
  let result = special?.result?.(view);
  if (result === undefined) {
    switch (def.ret) {
      case 'noreturn':
        // execve returns 0 to the tracer when it succeeds; exit never returns
        result = /^exec/.test(def.name) ? view.ret.toString() : '?';
        break;
      case 'ptr':
      case 'hex':
        result = hex(rec.ret);
        break;
      default:
        result = view.ret.toString();
    }
  }
  return detail ? { ...base, result, detail } : { ...base, result };
}

/** Decode a syscall record into its printed parts. */
export function decodeSyscall(rec: SyscallRecord, opts: FormatOptions = {}): DecodedSyscall {
  const def = (opts.lookup ?? syscallByNumber)(rec.nr);
  const strSize = opts.strSize ?? DEFAULT_STR_SIZE;
  // `described: false` entries still type their arguments (unimplemented ones as six hex values)
  const parts = def ? describedDecode(rec, def, strSize) : rawDecode(rec);
  return {
    ...parts,
    refused: (rec.flags & SyscallFlags.REFUSED) !== 0,
    injected: (rec.flags & SyscallFlags.INJECTED) !== 0,
    written: rec.mem.filter((m) => m.dir === 'out').map((m) => m.bytes.length),
    moved: rec.mem.filter((m) => m.dir === 'data').reduce((n, m) => n + m.bytes.length, 0),
    truncated: (rec.flags & SyscallFlags.MEM_TRUNCATED) !== 0,
  };
}

/** `#seq ` and `[pid  1234] ` as the options ask */
export function linePrefix(rec: { seq: number; tid?: number }, opts: FormatOptions = {}): string {
  let prefix = opts.showSeq ? `#${rec.seq} ` : '';
  const tid = rec.tid;
  if (tid !== undefined && opts.showPid && (opts.showPid === 'always' || tid !== opts.rootPid))
    prefix += `[pid ${String(tid).padStart(5)}] `;
  return prefix;
}

/** the trailing comment about written and truncated memory, with its leading space */
function memoryNote(d: DecodedSyscall, showWritten: boolean): string {
  if (showWritten && d.written.length > 0)
    return ` /* wrote ${d.written.join('+')} bytes${d.truncated ? ', truncated' : ''} */`;
  if (showWritten && d.moved > 0) return ` /* moved ${d.moved} bytes from the file */`;
  return d.truncated ? ' /* memory truncated */' : '';
}

/**
 * A syscall record as one strace-like line, e.g.
 * `openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3`.
 */
export function formatSyscall(rec: SyscallRecord, opts: FormatOptions = {}): string {
  const d = decodeSyscall(rec, opts);
  let line = `${linePrefix(rec, opts)}${d.name}(${d.args.join(', ')}) = ${d.result}`;
  if (d.detail) line += ` ${d.detail}`;
  if (d.refused) line += ' (REFUSED)';
  if (d.injected) line += ' (INJECTED)';
  return line + memoryNote(d, opts.showWritten ?? false);
}

function formatSpawn(rec: SpawnRecord): string {
  if (rec.kind === 'thread') return `+++ new thread ${rec.childTid} +++`;
  return `+++ new process ${rec.childPid}${rec.kind === 'vfork' ? ' (vfork)' : ''} +++`;
}

function formatExec(rec: ExecRecord, strSize: number): string {
  const argv = formatList(
    rec.argv.slice(0, strSize).map((a) => quoteText(a, strSize)),
    rec.argv.length,
    strSize,
  );
  return `+++ exec ${quoteText(rec.path)} ${argv} +++`;
}

/** strace's signal line; the record keeps signo, code and sender, so siginfo shows those */
function formatSignalRecord(rec: SignalRecord): string {
  const fields = [
    `si_signo=${formatSignal(rec.signo)}`,
    `si_code=${siCodeName(rec.signo, rec.code)}`,
  ];
  if (rec.senderPid !== 0 || siCodeHasSender(rec.signo, rec.code))
    fields.push(`si_pid=${rec.senderPid}`);
  return `--- ${formatSignal(rec.signo)} {${fields.join(', ')}} ---`;
}

function formatExit(rec: ExitRecord): string {
  const who = rec.processExit ? '' : 'thread ';
  if (rec.signal !== null)
    return `+++ ${who}killed by ${formatSignal(rec.signal)}${rec.core ? ' (core dumped)' : ''} +++`;
  if (rec.code !== null) return `+++ ${who}exited with ${rec.code} +++`;
  return `+++ ${who}exited +++`;
}

function formatEnd(rec: EndRecord): string {
  const files = rec.files?.length
    ? `, ${rec.files.length} mapped file${rec.files.length === 1 ? '' : 's'}`
    : '';
  return `+++ end: exit status ${rec.exitStatus}, ${rec.syscalls} syscalls, ${rec.durationMs} ms${files} +++`;
}

/** Any trace record as one line: syscalls via {@link formatSyscall}, the others strace-style. */
export function formatRecord(rec: TraceRecord, opts: FormatOptions = {}): string {
  switch (rec.t) {
    case 'sys':
      return formatSyscall(rec, opts);
    case 'spawn':
      return linePrefix(rec, opts) + formatSpawn(rec);
    case 'exec':
      return linePrefix(rec, opts) + formatExec(rec, opts.strSize ?? DEFAULT_STR_SIZE);
    case 'signal':
      return linePrefix(rec, opts) + formatSignalRecord(rec);
    case 'exit':
      return linePrefix(rec, opts) + formatExit(rec);
    case 'end':
      return linePrefix(rec, opts) + formatEnd(rec);
    case 'start':
      return linePrefix(rec, opts) + '+++ starts running +++';
  }
}
