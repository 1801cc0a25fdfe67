/**
 * Trace records as two strings each, free of what changes from run to run
 * without the program doing anything differently: `request` is what the
 * program asked (call and arguments; an exec, a new process, an exit), and
 * `response` what it got back (result and the memory the kernel wrote).
 *
 * Normalised away: pids and tids (named by role, see identities.ts),
 * descriptor numbers (named by the file they are open on), addresses,
 * timeouts and times in arguments, and times and durations inside the text a
 * program writes ("(5 ms)", "12:03:45", ISO dates). Calls whose number or
 * order follows the scheduler rather than the program (futex, yields, waits
 * for readiness, clock reads, memory management, calls that failed with
 * EAGAIN/EINTR, wakeups through eventfds) are kept out of the stream being
 * compared; clock reads are still compared as inputs (see {@link ambientKind}).
 */
import { createHash } from 'node:crypto';
import { decodeSyscall } from '../formats/decode';
import { formatSignal } from '../formats/decode/values';
import { errnoName, isErrorResult, syscallByNumber, syscallNumber } from '../formats/syscalls';
import type { SyscallDef } from '../formats/syscalls/types';
import { FileTable, int32, STDERR, STDOUT } from '../formats/trace/descriptors';
import type { MemRegion, SyscallRecord, TraceHeader, TraceRecord } from '../formats/trace/records';
import { Identities, taskLabel, type TaskName } from './identities';

/** What kind of input to the program a differing response is. */
export type InputKind =
  | 'environment'
  | 'clock'
  | 'random'
  | 'directory-order'
  | 'directory-contents'
  | 'file-contents'
  | 'file-metadata'
  | 'network'
  | 'process-data'
  | 'signal'
  | 'interleaving'
  | 'child-order'
  | 'system'
  | 'other';

/** One record of a trace, normalised (see the module comment). */
export interface NormalItem {
  seq: number;
  task: TaskName;
  /** `P1/T2` */
  label: string;
  request: string;
  response: string;
  /** the call as people read it: request, ` = `, result (strings cut short) */
  shown: string;
  /** the kind of input a different response is */
  kind: InputKind;
  /** the file, directory or endpoint the call is about, when there is one */
  subject?: string;
  rec: TraceRecord;
  /** reads of a pipe or socket in a row, taken as one (only the first is `rec`) */
  merged?: boolean;
}

/** A call kept out of the compared stream whose result is still an input (a clock read). */
export interface AmbientItem {
  seq: number;
  label: string;
  /** `P1/T2 clock_gettime(CLOCK_MONOTONIC)`: the same key in both runs pairs them in order */
  key: string;
  response: string;
  shown: string;
  kind: InputKind;
  rec: TraceRecord;
}

const nr = (name: string): number => syscallNumber(name) ?? -1;
const names = (list: string[]): Set<number> => new Set(list.map(nr));

/** Calls whose count and order follow the scheduler, not the program. */
const SCHEDULING = names([
  'futex',
  'futex_waitv',
  'sched_yield',
  'nanosleep',
  'clock_nanosleep',
  'epoll_wait',
  'epoll_pwait',
  'epoll_pwait2',
  'poll',
  'ppoll',
  'select',
  'pselect6',
  'restart_syscall',
  'madvise',
  'mmap',
  'munmap',
  'mprotect',
  'mremap',
  'brk',
  'membarrier',
  'getpid',
  'gettid',
  'sched_getaffinity',
  'getrusage',
  'times',
]);
/**
 * Files glibc reads for the number of CPUs: its malloc does when a thread first finds the
 * arenas busy, which follows the scheduler, not the program.
 */
const CPU_COUNT_FILES = new Set([
  '/sys/devices/system/cpu/online',
  '/sys/devices/system/cpu/possible',
]);
/** Reads of the clock: outside the compared stream, compared as inputs in their own order. */
const CLOCK_READS = names(['clock_gettime', 'gettimeofday', 'time', 'clock_getres']);
const RANDOM = names(['getrandom']);
/** Directory listings. */
export const DIRECTORY = names(['getdents64', 'getdents']);
const READS = names(['read', 'pread64', 'readv', 'preadv', 'preadv2']);
const NET = names([
  'connect',
  'accept',
  'accept4',
  'recvfrom',
  'recvmsg',
  'recvmmsg',
  'getsockname',
  'getpeername',
  'getsockopt',
  'sendto',
  'sendmsg',
]);
/** Calls that look at a file's metadata (stat, access, readlink...), not its contents. */
export const METADATA = names([
  'stat',
  'fstat',
  'lstat',
  'newfstatat',
  'statx',
  'access',
  'faccessat',
  'faccessat2',
  'readlink',
  'readlinkat',
  'statfs',
  'fstatfs',
]);
const WAITS = names(['wait4', 'waitid']);
const SYSTEM = names(['uname', 'sysinfo', 'getcwd', 'prlimit64', 'getrlimit', 'sched_getaffinity']);
const MMAP = nr('mmap');

/** Descriptors whose reads and writes are wakeups between threads, not data. */
const WAKEUP_KINDS = new Set(['eventfd', 'timerfd', 'signalfd', 'inotify']);

const EAGAIN = 11;
const EINTR = 4;
const ETIMEDOUT = 110;
const AT_FDCWD = -100;
const TIME_STRUCTS = new Set(['timespec', 'timeval', 'itimerspec', 'itimerval', 'timex']);

/** Times and durations inside text: they differ in every run of a program that prints them. */
const TEXT_TIMES: [RegExp, string][] = [
  [/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?/g, '<date>'],
  [/\b\d{1,2}:\d\d:\d\d(?:\.\d+)?\b/g, '<time>'],
  [/\b\d+(?:\.\d+)?\s?(?:ms|s|µs|us|ns|sec|secs|seconds)\b/g, '<duration>'],
  [/\b1[6-9]\d{11}\b/g, '<epoch-ms>'],
];
const ADDRESS = /\b0x[0-9a-f]{7,}\b/g;

/** `text` with times, durations and addresses replaced by placeholders. */
export function normaliseText(text: string): string {
  let out = text.replace(ADDRESS, '0x…');
  for (const [re, by] of TEXT_TIMES) out = out.replace(re, by);
  return out;
}

function word(v: number | bigint): bigint {
  return BigInt.asIntN(64, BigInt(v));
}

/** The names in a getdents64 result, in order. */
export function direntNames(bytes: Uint8Array): string[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  for (let off = 0; off + 19 <= b.length;) {
    const reclen = b.readUInt16LE(off + 16);
    if (reclen === 0) break;
    const end = b.indexOf(0, off + 19);
    out.push(b.toString('utf8', off + 19, end < 0 || end > off + reclen ? off + reclen : end));
    off += reclen;
  }
  return out;
}

/**
 * The fields of a struct stat (144 bytes) or struct statx (256) that say whether a file
 * changed: type and mode, size, owner, link count, modification time. Access times move
 * whenever something reads the file, and inode numbers when it is recreated with the same
 * contents: those are left out.
 */
export function statFields(bytes: Uint8Array): Record<string, string> | undefined {
  const fields = rawStatFields(bytes);
  // a pipe's or terminal's times and size follow the traffic through it, not a file's contents
  if (fields && !['10', '4'].includes((parseInt(fields.mode, 8) >> 12).toString(8))) {
    delete fields.mtime;
    delete fields.size;
  }
  return fields;
}

function rawStatFields(bytes: Uint8Array): Record<string, string> | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length === 144)
    return {
      mode: b.readUInt32LE(24).toString(8),
      nlink: String(b.readBigUInt64LE(16)),
      uid: String(b.readUInt32LE(28)),
      gid: String(b.readUInt32LE(32)),
      size: String(b.readBigInt64LE(48)),
      mtime: `${b.readBigInt64LE(88)}.${String(b.readBigInt64LE(96)).padStart(9, '0')}`,
    };
  if (b.length === 256)
    return {
      mode: b.readUInt16LE(28).toString(8),
      nlink: String(b.readUInt32LE(16)),
      uid: String(b.readUInt32LE(20)),
      gid: String(b.readUInt32LE(24)),
      size: String(b.readBigUInt64LE(40)),
      mtime: `${b.readBigInt64LE(112)}.${String(b.readUInt32LE(120)).padStart(9, '0')}`,
    };
  return undefined;
}

/** Turns a trace's records, in order, into {@link NormalItem}s and {@link AmbientItem}s. */
export class Normaliser {
  readonly ids: Identities;
  private readonly files: FileTable;
  private firstPid: number | undefined;

  constructor(header?: TraceHeader) {
    this.ids = new Identities(header);
    this.files = new FileTable(header?.cwd ?? '/');
  }

  /** Normalise one record: a compared item, an ambient one, or null when it is noise. */
  next(rec: TraceRecord): NormalItem | AmbientItem | null {
    if (rec.t === 'end') return null;
    if (this.firstPid === undefined) this.firstPid = rec.pid;
    this.ids.observe(rec);
    const task = this.ids.task(rec.pid, rec.tid);
    const label = taskLabel(task);
    let out: NormalItem | AmbientItem | null = null;
    switch (rec.t) {
      case 'sys':
        out = this.syscall(rec, task, label);
        break;
      case 'spawn': {
        const child = this.ids.labelOfId(rec.childTid) ?? '?';
        const what = rec.kind === 'thread' ? 'thread' : 'process';
        const line = `+++ new ${what} ${child} +++`;
        out = {
          seq: rec.seq,
          task,
          label,
          request: line,
          response: '',
          shown: line,
          kind: 'other',
          rec,
        };
        break;
      }
      case 'exec': {
        const line = `+++ exec ${JSON.stringify(rec.path)} ${JSON.stringify(rec.argv)} +++`;
        const random = Buffer.from(rec.random).toString('hex');
        out = {
          seq: rec.seq,
          task,
          label,
          request: line,
          response: `AT_RANDOM ${random}`,
          shown: line,
          kind: 'random',
          subject: 'AT_RANDOM',
          rec,
        };
        break;
      }
      case 'exit': {
        const how =
          rec.signal !== null ? `killed by ${formatSignal(rec.signal)}` : `exited with ${rec.code}`;
        const line = `+++ ${rec.processExit ? '' : 'thread '}${how} +++`;
        out = {
          seq: rec.seq,
          task,
          label,
          // a thread ended by its process's exit_group shows that call's status: the call says it
          request: rec.processExit ? line : '+++ thread exited +++',
          response: '',
          shown: line,
          kind: 'other',
          rec,
        };
        break;
      }
      case 'signal': {
        const line = `--- ${formatSignal(rec.signo)} ---`;
        out = {
          seq: rec.seq,
          label,
          key: `${label} ${line}`,
          response: line,
          shown: line,
          kind: 'signal',
          rec,
        };
        break;
      }
      case 'start':
        break;
    }
    this.files.observe(rec);
    return out;
  }

  private fdKind(pid: number, fd: number): string | undefined {
    const kind = this.files.describe(pid, fd)?.kind;
    return kind === 'file' ? undefined : kind;
  }

  /** How descriptor `fd` of `pid` is named in a normalised line. */
  private fdName(pid: number, fd: number): string {
    if (fd === AT_FDCWD) return 'AT_FDCWD';
    const file = this.files.pathOf(pid, fd);
    if (file === STDOUT) return '<stdout>';
    if (file === STDERR) return '<stderr>';
    if (file !== undefined) return `<${file}>`;
    const kind = this.fdKind(pid, fd);
    if (kind) return `<${kind}>`;
    return fd <= 2 ? String(fd) : '<fd>';
  }

  private syscall(
    rec: SyscallRecord,
    task: TaskName,
    label: string,
  ): NormalItem | AmbientItem | null {
    const def = syscallByNumber(rec.nr);
    const ret = word(rec.ret);
    const failed = isErrorResult(rec.ret);
    if (failed && [EAGAIN, EINTR, ETIMEDOUT].includes(Number(-ret))) return null;
    if (CLOCK_READS.has(rec.nr)) {
      const d = decodeSyscall(rec);
      const key = `${label} ${d.name}(${def?.args[0]?.type === 'clockid' ? d.args[0] : ''})`;
      const response = `${d.args.join(', ')} = ${d.result}`;
      return {
        seq: rec.seq,
        label,
        key,
        response,
        shown: `${d.name}(${d.args.join(', ')}) = ${d.result}`,
        kind: 'clock',
        rec,
      };
    }
    if (SCHEDULING.has(rec.nr)) {
      // file mappings are the program's doing; anonymous ones follow the allocator
      if (!(rec.nr === MMAP && int32(rec.args[4]) >= 0)) return null;
    }
    const fdArg = def?.args.findIndex((a) => a.type === 'fd') ?? -1;
    const fd = fdArg >= 0 ? int32(rec.args[fdArg]) : undefined;
    if (this.onCpuCountFile(rec, def, fd)) return null;
    const kind = fd === undefined ? undefined : this.fdKind(rec.pid, fd);
    if (kind && WAKEUP_KINDS.has(kind)) return null;

    const decodedAll = decodeSyscall(rec, { strSize: 64 });
    const request = this.request(rec, def);
    const outArgs = new Set(
      rec.mem.filter((m) => m.dir === 'out' || m.dir === 'data').map((m) => m.arg),
    );
    const outText = decodedAll.args.filter((_, i) => outArgs.has(i)).map(normaliseText);
    // a region the kernel handed back unchanged (capget's header, which holds the pid) is no input
    const same = (m: MemRegion) =>
      rec.mem.some(
        (i) => i.dir === 'in' && i.arg === m.arg && Buffer.from(i.bytes).equals(m.bytes),
      );
    const bytes = rec.mem.filter((m) => m.dir === 'data' || (m.dir === 'out' && !same(m)));
    const result = this.result(rec, def, decodedAll.result, failed);
    let response: string;
    const stat =
      METADATA.has(rec.nr) && bytes.length === 1 ? statFields(bytes[0].bytes) : undefined;
    if (DIRECTORY.has(rec.nr)) {
      // entries by name: inode numbers and hash offsets change when files are recreated
      response = `${bytes.map((m) => direntNames(m.bytes).join('/')).join('')} = ${result}`;
    } else if (stat) {
      response = `${JSON.stringify(stat)} = ${result}`;
    } else {
      const hash = bytes.length ? createHash('sha1') : undefined;
      for (const m of bytes) hash?.update(m.bytes);
      response = `${outText.join(', ')} = ${result}${hash ? ` #${hash.digest('hex').slice(0, 16)}` : ''}`;
    }
    const shownArgs = decodedAll.args.map((a, i) => {
      const t = def?.args[i]?.type;
      const fdv = int32(rec.args[i]);
      if (t === 'fd' || (t === 'dirfd' && fdv !== AT_FDCWD)) return this.fdName(rec.pid, fdv);
      return normaliseText(a.length > 120 ? `${a.slice(0, 117)}...` : a);
    });
    const shown = `${decodedAll.name}(${shownArgs.join(', ')}) = ${result}`;
    const { kind: inputKind, subject } = this.classify(rec, def, fd, kind);
    return { seq: rec.seq, task, label, request, response, shown, kind: inputKind, subject, rec };
  }

  /** Is the call an open of, or made on, one of {@link CPU_COUNT_FILES}? */
  private onCpuCountFile(
    rec: SyscallRecord,
    def: SyscallDef | undefined,
    fd: number | undefined,
  ): boolean {
    if (fd !== undefined) return CPU_COUNT_FILES.has(this.files.pathOf(rec.pid, fd) ?? '');
    const path = rec.mem.find((m) => m.dir === 'in' && def?.args[m.arg]?.type === 'path');
    return (
      path !== undefined && CPU_COUNT_FILES.has(this.files.resolvePathArg(rec, path.arg) ?? '')
    );
  }

  private result(
    rec: SyscallRecord,
    def: SyscallDef | undefined,
    shown: string,
    failed: boolean,
  ): string {
    if (failed) return `-1 ${errnoName(Number(-word(rec.ret))) ?? ''}`.trim();
    switch (def?.ret) {
      case 'fd':
        return this.fdName(rec.pid, Number(word(rec.ret)));
      case 'pid':
        return this.ids.labelOfId(Number(word(rec.ret))) ?? (word(rec.ret) === 0n ? '0' : '<pid>');
      case 'ptr':
        return '0x…';
      default:
        return normaliseText(shown);
    }
  }

  /** The call as the program made it, without what the kernel wrote back. */
  private request(rec: SyscallRecord, def: SyscallDef | undefined): string {
    const inputs = {
      ...rec,
      mem: rec.mem.filter((m) => m.dir === 'in' || m.dir === 'path'),
      ret: 0,
    };
    const d = decodeSyscall(inputs, { strSize: 256 });
    const args = d.args.map((shown, i) => {
      const a = def?.args[i];
      if (!a) return normaliseText(shown);
      const v = rec.args[i];
      switch (a.type) {
        case 'fd':
        case 'dirfd':
          return this.fdName(rec.pid, int32(v));
        case 'pid':
          return this.ids.labelOfId(int32(v)) ?? (int32(v) > 0 ? '<pid>' : shown);
        case 'ptr':
          return word(v) === 0n ? 'NULL' : '0x…';
        case 'struct':
          return a.struct && TIME_STRUCTS.has(a.struct)
            ? word(v) === 0n
              ? 'NULL'
              : '<time>'
            : normaliseText(shown);
        case 'timeout':
          return '<timeout>';
        default:
          return normaliseText(shown);
      }
    });
    return `${d.name}(${args.join(', ')})`;
  }

  private classify(
    rec: SyscallRecord,
    def: SyscallDef | undefined,
    fd: number | undefined,
    fdKind: string | undefined,
  ): { kind: InputKind; subject?: string } {
    const file = fd === undefined ? undefined : this.files.pathOf(rec.pid, fd);
    const path = rec.mem.find((m) => m.dir === 'in' && def?.args[m.arg]?.type === 'path');
    const named = path ? this.files.resolvePathArg(rec, path.arg) : undefined;
    if (RANDOM.has(rec.nr)) return { kind: 'random', subject: 'getrandom' };
    if (file === '/dev/urandom' || file === '/dev/random') return { kind: 'random', subject: file };
    if (DIRECTORY.has(rec.nr)) return { kind: 'directory-contents', subject: file };
    if (WAITS.has(rec.nr)) return { kind: 'child-order' };
    if (NET.has(rec.nr) || fdKind === 'socket') return { kind: 'network', subject: file };
    if (METADATA.has(rec.nr)) {
      const about = named ?? file;
      if (about?.startsWith('/proc/') || about?.startsWith('/sys/'))
        return { kind: 'system', subject: about };
      return { kind: 'file-metadata', subject: about };
    }
    if (READS.has(rec.nr)) {
      if (fdKind === 'pipe' || fdKind === 'socketpair')
        return { kind: 'process-data', subject: `<${fdKind}>` };
      if (file?.startsWith('/proc/') || file?.startsWith('/sys/'))
        return { kind: 'system', subject: file };
      return { kind: 'file-contents', subject: file };
    }
    if (SYSTEM.has(rec.nr)) return { kind: 'system', subject: def?.name };
    if (named !== undefined) return { kind: 'file-metadata', subject: named };
    return { kind: 'other', subject: def?.name };
  }
}
