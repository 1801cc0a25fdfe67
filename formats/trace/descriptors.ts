/**
 * What each descriptor was while recording, per process, followed through the
 * recorded calls: the file it was opened on, or the kind of thing a call made
 * (a pipe, a socket, an eventfd...). Replay needs it for file mappings (the
 * mapped descriptor was emulated, so the mapping is rebuilt from the file by
 * path) and to echo only what went to the original stdout and stderr; diffs
 * and `systape stats` name descriptors by it.
 */
import * as path from 'node:path';
import { callByNumber as syscallByNumber, callNumber as syscallNumber } from '../syscalls/summary';
import type { SyscallRecord, TraceRecord } from './records';

const nr = (name: string): number => syscallNumber(name) ?? -1;
const OPEN = nr('open');
const OPENAT = nr('openat');
const OPENAT2 = nr('openat2');
const CREAT = nr('creat');
const DUP = nr('dup');
const DUP2 = nr('dup2');
const DUP3 = nr('dup3');
const FCNTL = nr('fcntl');
const CLOSE = nr('close');
const CLOSE_RANGE = nr('close_range');
const CHDIR = nr('chdir');
const PIPE = nr('pipe');
const PIPE2 = nr('pipe2');
const SOCKETPAIR = nr('socketpair');
const MMAP = nr('mmap');
const SOCKET = nr('socket');

/** Markers for the descriptors the program inherited. */
export const STDOUT = '<stdout>';
export const STDERR = '<stderr>';
const FCHDIR = nr('fchdir');

const AT_FDCWD = -100;
const O_CREAT = 0o100;
const O_WRONLY = 1;
const O_TRUNC = 0o1000;
const F_DUPFD = 0;
const F_DUPFD_CLOEXEC = 1030;

/** What a descriptor is, by the call that made it (files opened by path have their path). */
export type DescriptorKind =
  | 'file'
  | 'socket'
  | 'socketpair'
  | 'pipe'
  | 'eventfd'
  | 'timerfd'
  | 'signalfd'
  | 'epoll'
  | 'inotify'
  | 'memfd';

const KIND_OF_CALL = new Map<number, DescriptorKind>([
  [SOCKET, 'socket'],
  [nr('accept'), 'socket'],
  [nr('accept4'), 'socket'],
  [SOCKETPAIR, 'socketpair'],
  [PIPE, 'pipe'],
  [PIPE2, 'pipe'],
  [nr('eventfd'), 'eventfd'],
  [nr('eventfd2'), 'eventfd'],
  [nr('timerfd_create'), 'timerfd'],
  [nr('signalfd'), 'signalfd'],
  [nr('signalfd4'), 'signalfd'],
  [nr('epoll_create'), 'epoll'],
  [nr('epoll_create1'), 'epoll'],
  [nr('inotify_init'), 'inotify'],
  [nr('inotify_init1'), 'inotify'],
  [nr('memfd_create'), 'memfd'],
]);

/**
 * One open file description, shared by every descriptor that refers to it: the
 * copies dup and fcntl(F_DUPFD) make, and those a child process inherits. Both
 * ends of a pipe or socketpair share one.
 */
export interface Descriptor {
  /** distinct per description, in the order the trace made them */
  readonly id: number;
  /**
   * the file it is open on, as an absolute path, or {@link STDOUT} / {@link STDERR} for
   * the recorded program's own
   */
  readonly path?: string;
  /** what it is, when the call that made it says (undefined: unknown) */
  readonly kind?: DescriptorKind;
}

/**
 * What a successful call does to its process's descriptors, as {@link FileTable.observe}
 * follows it; the C core's replay input numbers them the same (recorder/native/replay_chunk.c,
 * enum fd_effect).
 */
export const FD_EFFECT = {
  NONE: 0,
  /** its result is a new descriptor */
  NEW: 1,
  /** its result is a copy of argument 0 */
  DUP: 2,
  /** fcntl: F_DUPFD and F_DUPFD_CLOEXEC copy argument 0 */
  FCNTL: 3,
  /** argument 0 is closed */
  CLOSE: 4,
  /** arguments 0..1 are a range of closed ones */
  CLOSE_RANGE: 5,
  /** two new descriptors, written by the kernel (pipe, socketpair) */
  PAIR: 6,
} as const;

/** What a successful call to `nr` does to its process's descriptors ({@link FD_EFFECT}). */
export function descriptorEffect(nr: number): number {
  switch (nr) {
    case OPEN:
    case OPENAT:
    case OPENAT2:
    case CREAT:
      return FD_EFFECT.NEW;
    case DUP:
    case DUP2:
    case DUP3:
      return FD_EFFECT.DUP;
    case FCNTL:
      return FD_EFFECT.FCNTL;
    case CLOSE:
      return FD_EFFECT.CLOSE;
    case CLOSE_RANGE:
      return FD_EFFECT.CLOSE_RANGE;
    case PIPE:
    case PIPE2:
    case SOCKETPAIR:
      return FD_EFFECT.PAIR;
    default:
      return syscallByNumber(nr)?.ret === 'fd' ? FD_EFFECT.NEW : FD_EFFECT.NONE;
  }
}

/** A register value as the 32-bit signed int a descriptor or flag argument is. */
export function int32(w: number | bigint): number {
  return Number(BigInt.asIntN(32, BigInt(w)));
}

function inString(rec: SyscallRecord, arg: number): string | undefined {
  const region = rec.mem.find((m) => m.dir === 'in' && m.arg === arg);
  return region ? Buffer.from(region.bytes).toString('utf8') : undefined;
}

interface ProcessFiles {
  fds: Map<number, Descriptor>;
  cwd: string;
}

/** Tracks descriptors per process as records go by, in trace order. */
export class FileTable {
  private readonly procs = new Map<number, ProcessFiles>();
  private made = 0;

  constructor(private readonly initialCwd: string) {}

  private fresh(kind: DescriptorKind | undefined, path?: string): Descriptor {
    return { id: ++this.made, kind, path };
  }

  private proc(pid: number): ProcessFiles {
    let p = this.procs.get(pid);
    if (!p) {
      // the first process seen is the recorded program, with its inherited stdio
      p = {
        fds: new Map(
          this.procs.size === 0
            ? [
                [1, this.fresh(undefined, STDOUT)],
                [2, this.fresh(undefined, STDERR)],
              ]
            : [],
        ),
        cwd: this.initialCwd,
      };
      this.procs.set(pid, p);
    }
    return p;
  }

  /** The path descriptor `fd` of process `pid` refers to, if known. */
  pathOf(pid: number, fd: number): string | undefined {
    return this.proc(pid).fds.get(fd)?.path;
  }

  /** What descriptor `fd` of process `pid` refers to, if the trace says. */
  describe(pid: number, fd: number): Descriptor | undefined {
    return this.proc(pid).fds.get(fd);
  }

  /**
   * The file that path argument `arg` of `rec` names, resolved as its process would: relative
   * to the directory descriptor just before it (the *at calls) or to its working directory;
   * an empty path (AT_EMPTY_PATH) names the file open at that descriptor. Undefined when the
   * path was not captured or names an unknown descriptor.
   */
  resolvePathArg(rec: SyscallRecord, arg: number): string | undefined {
    const text = inString(rec, arg);
    if (text === undefined) return undefined;
    const before = arg > 0 ? syscallByNumber(rec.nr)?.args[arg - 1] : undefined;
    const dirfd = before === 'fd' || before === 'dirfd' ? int32(rec.args[arg - 1]) : AT_FDCWD;
    if (text === '' && dirfd !== AT_FDCWD) return this.pathOf(rec.pid, dirfd);
    return this.resolvePath(rec.pid, dirfd, text);
  }

  /** `file` as process `pid` names it, relative to `dirfd` (AT_FDCWD: its working directory). */
  resolvePath(pid: number, dirfd: number, file: string): string {
    return this.resolve(this.proc(pid), dirfd, file);
  }

  private resolve(p: ProcessFiles, dirfd: number, file: string): string {
    if (path.isAbsolute(file)) return file;
    const base = dirfd === AT_FDCWD ? p.cwd : (p.fds.get(dirfd)?.path ?? p.cwd);
    return path.resolve(base, file);
  }

  /** Update the table with one record. */
  observe(rec: TraceRecord): void {
    if (rec.t === 'spawn') {
      if (rec.kind !== 'thread') {
        const parent = this.proc(rec.pid);
        this.procs.set(rec.childPid, { fds: new Map(parent.fds), cwd: parent.cwd });
      }
      return;
    }
    if (rec.t !== 'sys') return;
    const ret = Number(rec.ret);
    if (ret < 0 && ret > -4096) return; // failed calls change nothing
    const p = this.proc(rec.pid);
    const a = rec.args;
    if (rec.nr === CHDIR) {
      const dir = inString(rec, 0);
      if (dir !== undefined) p.cwd = this.resolve(p, AT_FDCWD, dir);
      return;
    }
    if (rec.nr === FCHDIR) {
      const dir = p.fds.get(int32(a[0]))?.path;
      if (dir !== undefined) p.cwd = dir;
      return;
    }
    switch (descriptorEffect(rec.nr)) {
      case FD_EFFECT.NEW:
        p.fds.set(ret, this.opened(p, rec));
        return;
      case FD_EFFECT.FCNTL: {
        const cmd = int32(a[1]);
        if (cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC) this.copy(p, int32(a[0]), ret);
        return;
      }
      case FD_EFFECT.DUP:
        this.copy(p, int32(a[0]), ret);
        return;
      case FD_EFFECT.CLOSE:
        p.fds.delete(int32(a[0]));
        return;
      case FD_EFFECT.CLOSE_RANGE: {
        const first = Number(BigInt.asUintN(32, BigInt(a[0])));
        const last = Number(BigInt.asUintN(32, BigInt(a[1])));
        for (const fd of [...p.fds.keys()]) if (fd >= first && fd <= last) p.fds.delete(fd);
        return;
      }
      case FD_EFFECT.PAIR: {
        // the two new descriptors, written by the kernel: one description for both ends
        const out = rec.mem.find((m) => m.dir === 'out' && m.bytes.length >= 8);
        if (out) {
          const view = Buffer.from(out.bytes.buffer, out.bytes.byteOffset, 8);
          const both = this.fresh(KIND_OF_CALL.get(rec.nr));
          p.fds.set(view.readInt32LE(0), both);
          p.fds.set(view.readInt32LE(4), both);
        }
        return;
      }
    }
  }

  /** The descriptor a call made: a file opened by path has its path, any other its kind. */
  private opened(p: ProcessFiles, rec: SyscallRecord): Descriptor {
    switch (rec.nr) {
      case OPEN:
      case CREAT:
      case OPENAT:
      case OPENAT2: {
        const at = rec.nr === OPENAT || rec.nr === OPENAT2;
        const file = inString(rec, at ? 1 : 0);
        const dirfd = at ? int32(rec.args[0]) : AT_FDCWD;
        return this.fresh('file', file === undefined ? undefined : this.resolve(p, dirfd, file));
      }
      default:
        // a socket, an eventfd...: no file we know
        return this.fresh(KIND_OF_CALL.get(rec.nr));
    }
  }

  private copy(p: ProcessFiles, from: number, to: number): void {
    const file = p.fds.get(from);
    if (file === undefined) p.fds.delete(to);
    else p.fds.set(to, file);
  }
}

/**
 * The open flags of a successful open, openat, openat2 or creat (whose flags are
 * O_CREAT|O_WRONLY|O_TRUNC); undefined for other calls.
 */
export function openFlags(rec: SyscallRecord): number | undefined {
  switch (rec.nr) {
    case OPEN:
      return int32(rec.args[1]);
    case OPENAT:
      return int32(rec.args[2]);
    case CREAT:
      return O_CREAT | O_WRONLY | O_TRUNC;
    case OPENAT2: {
      // the flags are the first u64 of struct open_how
      const how = rec.mem.find((m) => m.dir === 'in' && m.arg === 2);
      return how && how.bytes.length >= 4 ? Buffer.from(how.bytes).readUInt32LE(0) : 0;
    }
    default:
      return undefined;
  }
}

const MAP_ANONYMOUS = 0x20;

/** True for a mapping of a file (which replay rebuilds from the file's contents). */
export function isFileMapping(rec: SyscallRecord): boolean {
  if (rec.nr !== MMAP) return false;
  const flags = Number(BigInt.asUintN(32, BigInt(rec.args[3])));
  return (flags & MAP_ANONYMOUS) === 0 && int32(rec.args[4]) >= 0;
}
