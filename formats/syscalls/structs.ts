/**
 * Kernel structures that syscall arguments point to (`ArgDef.struct`), with
 * their x86-64 sizes as the kernel copies them. These are the kernel's layouts,
 * not glibc's: `termios` is 36 bytes here (glibc's is 60), `sigaction` is the
 * 32-byte `struct kernel_sigaction`, `sigset` is the kernel's 8-byte mask.
 * Sizes were checked against the uapi headers with `sizeof`.
 */

/** One structure type. */
export interface StructDef {
  /** bytes the kernel reads or writes; undefined when the size varies (see `doc`) */
  size?: number;
  /** what it is, briefly */
  doc: string;
}

/** All structures by name. */
export const STRUCTS: Record<string, StructDef> = {
  // Scalars passed by pointer (value-result arguments).
  int: { size: 4, doc: 'int (status, flag, id)' },
  uint: { size: 4, doc: 'unsigned int (cpu, node, priority)' },
  uid_t: { size: 4, doc: 'user id' },
  gid_t: { size: 4, doc: 'group id' },
  socklen_t: { size: 4, doc: 'socket address length (value-result)' },
  timer_t: { size: 4, doc: 'kernel timer id (an int, not glibc’s void *)' },
  loff_t: { size: 8, doc: 'file offset (value-result)' },
  size_t: { size: 8, doc: 'size' },
  time_t: { size: 8, doc: 'seconds since the epoch' },
  pointer: { size: 8, doc: 'a user-space pointer' },
  u64: { size: 8, doc: '64-bit value' },
  aio_context_t: { size: 8, doc: 'AIO context id' },
  fd_pair: { size: 8, doc: 'int[2]: two file descriptors (pipe, socketpair)' },

  // Files.
  stat: { size: 144, doc: 'struct stat' },
  statx: { size: 256, doc: 'struct statx' },
  statfs: { size: 120, doc: 'struct statfs' },
  ustat: { size: 32, doc: 'struct ustat' },
  utimbuf: { size: 16, doc: 'struct utimbuf: actime, modtime' },
  timeval_pair: { size: 32, doc: 'struct timeval[2]: access and modification times' },
  timespec_pair: { size: 32, doc: 'struct timespec[2]: access and modification times' },
  open_how: { size: 24, doc: 'struct open_how (openat2), size given by an argument' },
  file_handle: { doc: 'struct file_handle: 8-byte header then handle_bytes of data' },
  file_attr: {
    size: 24,
    doc: 'struct file_attr (file_getattr/file_setattr), size given by an argument',
  },
  xattr_args: { size: 16, doc: 'struct xattr_args: value pointer, size, flags' },
  cachestat_range: { size: 16, doc: 'struct cachestat_range: off, len' },
  cachestat: { size: 40, doc: 'struct cachestat: five u64 page counts' },
  mount_attr: { size: 32, doc: 'struct mount_attr, size given by an argument' },
  mnt_id_req: { doc: 'struct mnt_id_req: 24 bytes (v0) or 32 (v1), size in its first field' },
  statmount: { doc: 'struct statmount: header then strings, size in its first field' },
  flock: { size: 32, doc: 'struct flock (fcntl F_GETLK/F_SETLK/F_OFD_*)' },
  f_owner_ex: { size: 8, doc: 'struct f_owner_ex (fcntl F_GETOWN_EX/F_SETOWN_EX)' },
  termios: { size: 36, doc: 'the kernel’s struct termios (TCGETS/TCSETS*)' },
  termios2: { size: 44, doc: 'struct termios2 (TCGETS2/TCSETS2*)' },
  winsize: { size: 8, doc: 'struct winsize (TIOCGWINSZ/TIOCSWINSZ)' },
  pollfd: { size: 8, doc: 'struct pollfd: fd, events, revents' },
  fd_set: { doc: 'fd_set of nfds bits, rounded up to 8 bytes' },
  epoll_event: { size: 12, doc: 'struct epoll_event (packed on x86-64): events, data' },
  io_event: { size: 32, doc: 'struct io_event (AIO completion)' },
  iocb: { size: 64, doc: 'struct iocb (AIO request)' },
  aio_sigset: { size: 16, doc: 'struct __aio_sigset: sigset pointer, sigsetsize' },
  io_uring_params: { size: 120, doc: 'struct io_uring_params' },
  iovec_array: { doc: 'struct iovec[] read as data: its ranges are in another process' },
  linux_dirent: { doc: 'struct linux_dirent / linux_dirent64 records, total length is the result' },

  // Network.
  sockaddr: { doc: 'struct sockaddr_*, length given by an argument or a socklen_t' },
  msghdr: { size: 56, doc: 'struct msghdr' },
  iovec: { size: 16, doc: 'struct iovec: base, length' },
  mmsghdr: { size: 64, doc: 'struct mmsghdr: msghdr, then the u32 byte count, padded' },

  // Processes.
  rusage: { size: 144, doc: 'struct rusage' },
  tms: { size: 32, doc: 'struct tms: four clock_t' },
  rlimit: { size: 16, doc: 'struct rlimit: cur, max' },
  utsname: { size: 390, doc: 'struct new_utsname: six 65-byte strings' },
  sysinfo: { size: 112, doc: 'struct sysinfo' },
  siginfo: { size: 128, doc: 'siginfo_t' },
  sched_param: { size: 4, doc: 'struct sched_param: priority' },
  sched_attr: { doc: 'struct sched_attr: 48 bytes (v0) or 56 (v1), size in its first field' },
  cpu_set: { doc: 'CPU mask, size given by an argument' },
  cap_user_header: { size: 8, doc: 'struct __user_cap_header_struct: version, pid' },
  cap_user_data: {
    size: 24,
    doc: 'struct __user_cap_data_struct[2] (capability versions 2 and 3)',
  },
  clone_args: { doc: 'struct clone_args, size given by an argument (64 to 88 bytes)' },
  robust_list_head: { size: 24, doc: 'struct robust_list_head' },
  rseq: { size: 32, doc: 'struct rseq (registered area, at least 32 bytes)' },
  perf_event_attr: { doc: 'struct perf_event_attr, size in its own size field' },
  landlock_ruleset_attr: { doc: 'struct landlock_ruleset_attr, size given by an argument' },
  lsm_ctx: { doc: 'struct lsm_ctx records, total size through a u32 pointer' },
  sock_fprog: { size: 16, doc: 'struct sock_fprog: len, filter pointer' },

  // Signals.
  sigaction: { size: 32, doc: 'struct kernel_sigaction: handler, flags, restorer, mask' },
  sigset: { size: 8, doc: 'kernel sigset_t (64 signals), size given by sigsetsize' },
  stack_t: { size: 24, doc: 'stack_t: sp, flags, size' },
  pselect6_sigmask: { size: 16, doc: 'pselect6 sixth argument: sigset pointer, sigsetsize' },
  sigevent: { size: 64, doc: 'struct sigevent' },

  // Time.
  timespec: { size: 16, doc: 'struct timespec (__kernel_timespec)' },
  timeval: { size: 16, doc: 'struct timeval' },
  timezone: { size: 8, doc: 'struct timezone' },
  itimerspec: { size: 32, doc: 'struct itimerspec: interval, value' },
  itimerval: { size: 32, doc: 'struct itimerval: interval, value' },
  timex: { size: 208, doc: 'struct timex (adjtimex, clock_adjtime)' },

  // IPC.
  sembuf: { size: 6, doc: 'struct sembuf: num, op, flg' },
  shmid_ds: { size: 112, doc: 'struct shmid64_ds' },
  semid_ds: { size: 104, doc: 'struct semid64_ds' },
  msqid_ds: { size: 120, doc: 'struct msqid64_ds' },
  msgbuf: { doc: 'struct msgbuf: long mtype, then the message text' },
  mq_attr: { size: 64, doc: 'struct mq_attr' },
  futex_waitv: { size: 24, doc: 'struct futex_waitv: val, uaddr, flags' },
};
