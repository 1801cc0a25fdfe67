/**
 * Struct decoders by the names the syscall table uses (`ArgDef.struct`),
 * each turning captured bytes (little-endian, x86-64 layout) into strace's
 * notation.
 */
import { LE } from './bytes';
import type { StructContext, StructEntry } from './structs/context';
import * as files from './structs/files';
import * as io from './structs/io';
import * as net from './structs/net';
import * as signals from './structs/signals';
import * as system from './structs/system';
import * as time from './structs/time';
import { formatPointer } from './values';
import type { Word } from '../trace/records';

export type { StructContext, StructDecoder, StructEntry } from './structs/context';

/**
 * Decoders by the names of `formats/syscalls/structs.ts`. Names missing here
 * (rseq, robust_list_head, timex, ...) are shown as their pointer with the
 * captured size, which is also what strace shows for most of them.
 */
const registry = new Map<string, StructEntry>(
  Object.entries({
    // values passed by pointer
    int: io.int32,
    uint: io.uint32,
    uid_t: io.uint32,
    gid_t: io.uint32,
    socklen_t: io.uint32,
    timer_t: io.int32,
    loff_t: io.int64,
    size_t: io.uint64,
    time_t: io.int64,
    u64: io.uint64,
    pointer: io.pointer,
    aio_context_t: io.pointer,
    fd_pair: io.intArray,
    iovec: io.iovec,
    // files
    stat: files.stat,
    statx: files.statx,
    statfs: files.statfs,
    linux_dirent: files.linuxDirent,
    flock: files.flock,
    f_owner_ex: files.fOwnerEx,
    open_how: files.openHow,
    utimbuf: time.utimbuf,
    timespec_pair: time.timespecPair,
    timeval_pair: time.timevalPair,
    // I/O, polling and network
    iovec_array: io.remoteIovecs,
    sockaddr: net.sockaddr,
    msghdr: net.msghdr,
    pollfd: net.pollfd,
    fd_set: net.fdSet,
    epoll_event: net.epollEvent12,
    mmsghdr: net.mmsghdr,
    sock_fprog: net.sockFprog,
    // time
    timespec: time.timespec,
    timeval: time.timeval,
    timezone: time.timezone,
    itimerval: time.itimerval,
    itimerspec: time.itimerspec,
    tms: time.tms,
    rusage: time.rusage,
    // system and processes
    utsname: system.utsname,
    sysinfo: system.sysinfo,
    rlimit: system.rlimit,
    cpu_set: system.cpuMask,
    termios: system.termios,
    termios2: system.termios,
    winsize: system.winsize,
    clone_args: system.cloneArgs,
    sched_param: system.schedParam,
    // signals
    sigset: signals.sigset,
    sigaction: signals.sigaction,
    siginfo: signals.siginfo,
    stack_t: signals.stackT,
    pselect6_sigmask: signals.sigmaskPointer,
    aio_sigset: signals.sigmaskPointer,
    // ipc
    mq_attr: system.mqAttr,
    sembuf: system.sembuf,
  }),
);

/** whether a decoder exists for struct `name` */
export function hasStruct(name: string): boolean {
  return registry.has(name);
}

/**
 * Struct `name` decoded from `bytes`, or undefined when there is no decoder
 * or fewer bytes than the decoder needs were captured.
 */
export function decodeStruct(
  name: string,
  bytes: Uint8Array,
  ctx: StructContext,
): string | undefined {
  const entry = registry.get(name);
  if (!entry || bytes.length < entry.size) return undefined;
  return entry.decode(new LE(bytes), ctx);
}

/**
 * A struct argument: decoded when possible; else the pointer, followed by a
 * byte-count comment when bytes were captured but cannot be shown.
 */
export function formatStruct(
  name: string,
  addr: Word,
  bytes: Uint8Array | undefined,
  ctx: StructContext,
): string {
  if (!bytes) return formatPointer(addr);
  return decodeStruct(name, bytes, ctx) ?? `${formatPointer(addr)} /* ${bytes.length} bytes */`;
}
