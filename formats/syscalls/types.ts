/**
 * Schema of the x86-64 system call table: the single source of truth for
 * names, numbers, argument types and memory effects. The recorder's C core
 * reads a header generated from it (`recorder/native/generated/`), the decoder
 * formats with it, and the replayer and matchers look calls up in it.
 */

/** How an argument is shown and compared. */
export type ArgType =
  /** signed decimal (int, long) */
  | 'int'
  /**
   * a wait's timeout in milliseconds (-1: none), shown as a signed decimal; not compared at
   * replay (the wait is answered from the trace whatever it would wait) nor in diffs (it is
   * computed from the clock)
   */
  | 'timeout'
  /** unsigned decimal */
  | 'uint'
  /** unsigned value shown in hex (masks, cookies) */
  | 'hex'
  /** byte count / length */
  | 'size'
  /** file offset */
  | 'off'
  /** file descriptor */
  | 'fd'
  /** directory fd for *at() calls: shows AT_FDCWD */
  | 'dirfd'
  | 'pid'
  | 'uid'
  | 'gid'
  /** signal number: SIGINT ... */
  | 'signal'
  /** permission bits, shown in octal (0644) */
  | 'mode'
  /** device number: makedev(major, minor) */
  | 'dev'
  | 'clockid'
  /** opaque address, shown in hex, normalised away in diffs */
  | 'ptr'
  /** NUL-terminated path the kernel reads */
  | 'path'
  /** other NUL-terminated string the kernel reads */
  | 'str'
  /** data buffer: contents come from a memory effect on this argument */
  | 'buf'
  /** pointer to a struct named by `struct` */
  | 'struct'
  /** bit flags, decoded with the flag set named by `set` */
  | 'flags'
  /** one of a set of named values, named by `set` */
  | 'enum'
  /** NULL-terminated array of string pointers (argv, envp) */
  | 'argv'
  /** array of struct iovec; count in the argument named by `countArg` */
  | 'iovec'
  /** struct msghdr */
  | 'msghdr'
  /** struct sockaddr; length in the argument named by `lenArg` */
  | 'sockaddr';

export interface ArgDef {
  name: string;
  type: ArgType;
  /** for 'flags' and 'enum': the name of the set in `formats/syscalls/constants.ts` */
  set?: string;
  /** for 'struct': the struct name (stat, timespec, utsname, ...), see `structs.ts` */
  struct?: string;
}

/** What the result means. */
export type RetType =
  /** 0 or -errno */
  | 'int'
  /** new file descriptor */
  | 'fd'
  /** byte count */
  | 'size'
  | 'pid'
  /** an address (mmap, brk): shown in hex */
  | 'ptr'
  /** never returns on success (execve, exit) */
  | 'noreturn'
  /** result is a value, not -errno on failure (getpid, umask, ...) */
  | 'value'
  /** unsigned value shown in hex */
  | 'hex';

/**
 * How many bytes a memory effect covers. Exactly one field is set.
 * The C core implements each kind; adding a kind means adding it there too.
 */
export type SizeSpec =
  /** a fixed number of bytes (a struct) */
  | { fixed: number }
  /** the value of argument `arg`, times `times` (default 1) */
  | { arg: number; times?: number }
  /** the syscall result (when > 0), times `times` (default 1) */
  | { ret: true; times?: number }
  /** the smaller of the result and argument `arg` (read-like calls whose result may exceed the buffer, e.g. readlink never does, but be safe) */
  | { retMaxArg: number }
  /**
   * value-result length: the u32 (socklen_t) that argument `lenPtrArg` points to;
   * at entry it bounds the buffer, at exit it is the real size; the effect covers
   * min(entry value, exit value) bytes.
   */
  | { lenPtrArg: number }
  /** NUL-terminated string (in only), at most 4096 bytes */
  | { cstr: true };

/**
 * Indirect layouts: the pointer argument leads to further buffers.
 * iovec: `arg` points to `countArg` struct iovec; for 'out', bytes are filled in
 *   order up to the result; for 'in', every iovec's bytes are captured.
 * msghdr: struct msghdr at `arg` (sendmsg in / recvmsg out: name, iovecs, control,
 *   and the msghdr itself for recvmsg's updated lengths and flags).
 * mmsghdr: array of struct mmsghdr, count in `countArg` (in) or the result (out).
 * argv: NULL-terminated array of string pointers (execve argv/envp).
 * ioctl: decided by the request code in argument 1 (table in `ioctls.ts`,
 *   falling back to the _IOC direction and size bits).
 * fcntl: decided by the command in argument 1 (F_GETLK/F_SETLK/F_OFD_* struct flock,
 *   F_GETOWN_EX/F_SETOWN_EX).
 * sockopt: getsockopt's optval, length through optlen (value-result, argument 4).
 * epoll_ctl: struct epoll_event (12 bytes) at argument 3 unless op is EPOLL_CTL_DEL.
 * fdset: select's fd_set of `nfds` (argument 0) bits, rounded up to 8 bytes.
 * futex: the u32 futex word at argument 0 (in), for FUTEX_WAIT* only.
 */
export type Layout =
  'iovec' | 'msghdr' | 'mmsghdr' | 'argv' | 'ioctl' | 'fcntl' | 'sockopt' | 'epoll_ctl' | 'fdset';

/**
 * One memory region a syscall reads (`in`) or writes (`out`), or the bytes it
 * moves between descriptors inside the kernel (`data`).
 */
export interface MemEffect {
  /**
   * 'in': captured at entry (the kernel reads it); 'out': captured at exit (the
   * kernel wrote it); 'data': bytes moved from the file at descriptor argument
   * `arg` to another descriptor without passing through the program's memory
   * (sendfile, splice, copy_file_range), read back from that file at exit;
   * 'path': the path of the file open at descriptor argument `arg` after a
   * successful call, from /proc (the file an mmap maps).
   */
  dir: 'in' | 'out' | 'data' | 'path';
  /** index (0..5) of the argument holding the pointer (for 'data': the source descriptor) */
  arg: number;
  /** for 'data': the argument holding the source offset pointer (NULL: the descriptor's position) */
  offsetArg?: number;
  /** size of a flat region; omitted when `layout` decides */
  size?: SizeSpec;
  /** indirect layout; see {@link Layout} */
  layout?: Layout;
  /** for iovec/mmsghdr: the argument holding the element count */
  countArg?: number;
  /**
   * For 'out': when the kernel writes. 'success' (default): only when the result
   * is not an error. 'always': even on error (rare: e.g. nanosleep's remaining time
   * on EINTR).
   */
  when?: 'success' | 'always';
}

/** Syscall families, used to split the table and for filters such as `trace.network`. */
export type Family =
  'files' | 'network' | 'process' | 'memory' | 'signals' | 'time' | 'ipc' | 'system';

export interface SyscallDef {
  nr: number;
  name: string;
  family: Family;
  args: ArgDef[];
  ret: RetType;
  /** memory the kernel reads or writes; absent means none (or not yet described) */
  effects?: MemEffect[];
  /**
   * false when arguments/effects are not described: the call is recorded with raw
   * arguments only and flagged in the trace. Defaults to true.
   */
  described?: boolean;
}
