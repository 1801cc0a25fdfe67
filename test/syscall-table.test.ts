import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONST_SETS,
  ERRNO,
  SIGNALS,
  errnoMessage,
  errnoName,
  errnoNumber,
  signalName,
} from '../formats/syscalls/constants';
import { C_HEADER_PATH, generateCHeader } from '../formats/syscalls/gen-c';
import { SUMMARY_PATH, generateSummary } from '../formats/syscalls/gen-summary';
import { allCalls, callByNumber, callName, callNumber } from '../formats/syscalls/summary';
import {
  IOCTLS,
  iocDecode,
  ioctlByRequest,
  ioctlEffect,
  ioctlOverrides,
  ior,
} from '../formats/syscalls/ioctls';
import {
  MAX_SYSCALL_NR,
  SYSCALLS,
  checkTable,
  isDescribed,
  isErrorResult,
  nearSyscallNames,
  syscallByName,
  syscallByNumber,
  syscallName,
  syscallNumber,
  syscallsInFamily,
} from '../formats/syscalls';
import { STRUCTS } from '../formats/syscalls/structs';
import type { MemEffect } from '../formats/syscalls/types';

const UNISTD = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';

function effects(name: string): MemEffect[] {
  const def = syscallByName(name);
  if (!def) throw new Error(`no syscall ${name}`);
  return def.effects ?? [];
}

describe('syscall numbers and names', () => {
  test('the table is consistent', () => {
    expect(checkTable()).toEqual([]);
  });

  test('numbers and names are unique, sorted by number', () => {
    const nrs = SYSCALLS.map((s) => s.nr);
    expect(new Set(nrs).size).toBe(nrs.length);
    expect(new Set(SYSCALLS.map((s) => s.name)).size).toBe(SYSCALLS.length);
    expect([...nrs].sort((a, b) => a - b)).toEqual(nrs);
  });

  test('covers the whole 64-bit ABI: 0..336 and 424..469, nothing in the gap or x32', () => {
    const expected = [
      ...Array.from({ length: 337 }, (_, i) => i),
      ...Array.from({ length: 469 - 424 + 1 }, (_, i) => 424 + i),
    ];
    expect(SYSCALLS.map((s) => s.nr)).toEqual(expected);
    expect(MAX_SYSCALL_NR).toBe(469);
  });

  (existsSync(UNISTD) ? test : test.skip)('matches every number in asm/unistd_64.h', () => {
    const header = readFileSync(UNISTD, 'utf8');
    const defined = [...header.matchAll(/^#define __NR_(\w+)\s+(\d+)\s*$/gm)];
    expect(defined.length).toBeGreaterThan(300);
    for (const [, name, nr] of defined) {
      expect([name, syscallByName(name)?.nr]).toEqual([name, Number(nr)]);
    }
  });

  test('a few numbers newer than the system headers', () => {
    const newer: Record<string, number> = {
      uretprobe: 335,
      uprobe: 336,
      fchmodat2: 452,
      map_shadow_stack: 453,
      futex_wake: 454,
      futex_wait: 455,
      futex_requeue: 456,
      statmount: 457,
      listmount: 458,
      lsm_get_self_attr: 459,
      lsm_set_self_attr: 460,
      lsm_list_modules: 461,
      mseal: 462,
      setxattrat: 463,
      getxattrat: 464,
      listxattrat: 465,
      removexattrat: 466,
      open_tree_attr: 467,
      file_getattr: 468,
      file_setattr: 469,
    };
    for (const [name, nr] of Object.entries(newer)) expect(syscallNumber(name)).toBe(nr);
  });

  test('lookups', () => {
    expect(syscallByNumber(0)?.name).toBe('read');
    expect(syscallByNumber(257)?.name).toBe('openat');
    expect(syscallByNumber(400)).toBeUndefined();
    expect(syscallByName('openat')?.nr).toBe(257);
    expect(syscallByName('nosuchcall')).toBeUndefined();
    expect(syscallName(59)).toBe('execve');
    expect(syscallName(400)).toBe('syscall_400');
    expect(syscallName(515)).toBe('syscall_515');
    expect(syscallNumber('exit_group')).toBe(231);
    expect(syscallNumber('syscall_400')).toBe(400);
    expect(syscallNumber('nosuchcall')).toBeUndefined();
    expect(syscallsInFamily('network').map((s) => s.name)).toContain('recvmsg');
    expect(syscallsInFamily('network').every((s) => s.family === 'network')).toBe(true);
  });

  test('nearSyscallNames suggests close names', () => {
    expect(nearSyscallNames('opne')[0]).toBe('open');
    expect(nearSyscallNames('opneat')).toContain('openat');
    expect(nearSyscallNames('clone4')).toContain('clone3');
    expect(nearSyscallNames('open')).not.toContain('open');
    expect(nearSyscallNames('qqqqqqqqqq')).toEqual([]);
  });

  test('isErrorResult: -4095..-1, signed or as an unsigned register', () => {
    expect(isErrorResult(-1)).toBe(true);
    expect(isErrorResult(-4095)).toBe(true);
    expect(isErrorResult(-4096)).toBe(false);
    expect(isErrorResult(0)).toBe(false);
    expect(isErrorResult(3)).toBe(false);
    expect(isErrorResult(-2n)).toBe(true);
    expect(isErrorResult(0xfffffffffffffffen)).toBe(true);
    expect(isErrorResult(0xfffffffffffff000n)).toBe(false);
    expect(isErrorResult(0x7f0000000000)).toBe(false);
  });
});

describe('arguments and effects', () => {
  test('at least 200 syscalls are described, including what typical programs call', () => {
    const described = SYSCALLS.filter((s) => s.described !== false);
    expect(described.length).toBeGreaterThanOrEqual(200);
    const common = (
      'read write pread64 pwrite64 readv writev preadv pwritev preadv2 pwritev2 open openat ' +
      'openat2 close close_range stat fstat lstat newfstatat statx statfs fstatfs getdents64 ' +
      'getdents lseek mmap munmap mprotect mremap madvise brk msync mlock ioctl fcntl dup dup2 ' +
      'dup3 pipe pipe2 socket socketpair bind listen accept accept4 connect getsockname ' +
      'getpeername sendto recvfrom sendmsg recvmsg sendmmsg recvmmsg setsockopt getsockopt ' +
      'shutdown poll ppoll select pselect6 epoll_create epoll_create1 epoll_ctl epoll_wait ' +
      'epoll_pwait epoll_pwait2 eventfd eventfd2 timerfd_create timerfd_settime timerfd_gettime ' +
      'signalfd signalfd4 inotify_init1 inotify_add_watch inotify_rm_watch clone clone3 fork ' +
      'vfork execve execveat exit exit_group wait4 waitid kill tgkill tkill rt_sigaction ' +
      'rt_sigprocmask rt_sigreturn rt_sigsuspend rt_sigtimedwait sigaltstack rt_sigpending ' +
      'rt_sigqueueinfo getpid getppid gettid getuid geteuid getgid getegid getgroups setuid ' +
      'getresuid getresgid uname sysinfo getrlimit setrlimit prlimit64 getrusage times ' +
      'clock_gettime clock_getres clock_nanosleep nanosleep gettimeofday time getcpu getrandom ' +
      'futex set_robust_list get_robust_list set_tid_address arch_prctl rseq sched_yield ' +
      'sched_getaffinity sched_setaffinity sched_getparam access faccessat faccessat2 readlink ' +
      'readlinkat getcwd chdir fchdir mkdir mkdirat rmdir unlink unlinkat rename renameat ' +
      'renameat2 link linkat symlink symlinkat chmod fchmod fchmodat chown fchown lchown ' +
      'fchownat umask truncate ftruncate fsync fdatasync sync fallocate fadvise64 flock ' +
      'utimensat utimes sendfile splice tee copy_file_range memfd_create mknod mknodat getxattr ' +
      'lgetxattr fgetxattr listxattr setxattr mount umount2 io_uring_setup membarrier ' +
      'getpgid setpgid getpgrp getsid setsid getpriority setpriority pidfd_open ' +
      'pidfd_send_signal pidfd_getfd alarm setitimer getitimer timer_create timer_settime ' +
      'shmget shmat shmdt semget semop msgget mq_open capget capset personality syslog'
    ).split(/\s+/);
    for (const name of common) {
      expect([name, syscallByName(name)?.described !== false]).toEqual([name, true]);
    }
  });

  test('every set and struct named by the table exists', () => {
    for (const def of SYSCALLS) {
      for (const arg of def.args) {
        if (arg.set)
          expect([def.name, arg.set, arg.set in CONST_SETS]).toEqual([def.name, arg.set, true]);
        if (arg.struct) expect([def.name, arg.struct in STRUCTS]).toEqual([def.name, true]);
      }
    }
  });

  test('effects refer to arguments that exist, with sane sizes', () => {
    for (const def of SYSCALLS) {
      expect(def.args.length).toBeLessThanOrEqual(6);
      for (const e of def.effects ?? []) {
        const refs = [e.arg, e.countArg, e.offsetArg];
        if (e.size && 'arg' in e.size) refs.push(e.size.arg);
        if (e.size && 'retMaxArg' in e.size) refs.push(e.size.retMaxArg);
        if (e.size && 'lenPtrArg' in e.size) refs.push(e.size.lenPtrArg);
        for (const r of refs) if (r !== undefined) expect(r).toBeLessThan(def.args.length);
        if (e.size && 'fixed' in e.size) {
          expect(e.size.fixed).toBeGreaterThan(0);
          expect(e.size.fixed).toBeLessThanOrEqual(4096);
        }
        // A pointer argument typed as an integer would make the C core read garbage; a data
        // or path effect's argument is a descriptor.
        expect([
          def.name,
          e.arg,
          ['int', 'uint', 'fd', 'pid', 'mode'].includes(def.args[e.arg].type),
        ]).toEqual([def.name, e.arg, e.dir === 'data' || e.dir === 'path']);
      }
    }
  });

  test('struct sizes are the kernel’s x86-64 sizes', () => {
    const sizes: Record<string, number> = {
      stat: 144,
      statx: 256,
      statfs: 120,
      rusage: 144,
      tms: 32,
      sysinfo: 112,
      utsname: 390,
      siginfo: 128,
      timespec: 16,
      timeval: 16,
      timezone: 8,
      itimerspec: 32,
      rlimit: 16,
      sigaction: 32,
      stack_t: 24,
      epoll_event: 12,
      termios: 36,
    };
    for (const [name, size] of Object.entries(sizes))
      expect([name, STRUCTS[name].size]).toEqual([name, size]);
  });

  test('effects of the common calls', () => {
    expect(effects('read')).toEqual([{ dir: 'out', arg: 1, size: { ret: true } }]);
    expect(effects('pread64')).toEqual([{ dir: 'out', arg: 1, size: { ret: true } }]);
    expect(effects('write')).toEqual([{ dir: 'in', arg: 1, size: { arg: 2 } }]);
    expect(effects('pwrite64')).toEqual([{ dir: 'in', arg: 1, size: { arg: 2 } }]);
    for (const n of ['readv', 'preadv', 'preadv2']) {
      expect(effects(n)).toEqual([{ dir: 'out', arg: 1, layout: 'iovec', countArg: 2 }]);
    }
    for (const n of ['writev', 'pwritev', 'pwritev2']) {
      expect(effects(n)).toEqual([{ dir: 'in', arg: 1, layout: 'iovec', countArg: 2 }]);
    }
    expect(effects('openat')).toEqual([{ dir: 'in', arg: 1, size: { cstr: true } }]);
    expect(effects('open')).toEqual([{ dir: 'in', arg: 0, size: { cstr: true } }]);
    expect(effects('stat')).toContainEqual({ dir: 'out', arg: 1, size: { fixed: 144 } });
    expect(effects('fstat')).toEqual([{ dir: 'out', arg: 1, size: { fixed: 144 } }]);
    expect(effects('newfstatat')).toContainEqual({ dir: 'out', arg: 2, size: { fixed: 144 } });
    expect(effects('statx')).toContainEqual({ dir: 'out', arg: 4, size: { fixed: 256 } });
    expect(effects('statfs')).toContainEqual({ dir: 'out', arg: 1, size: { fixed: 120 } });
    expect(effects('getdents64')).toEqual([{ dir: 'out', arg: 1, size: { ret: true } }]);
    expect(effects('getcwd')).toEqual([{ dir: 'out', arg: 0, size: { ret: true } }]);
    expect(effects('readlink')).toContainEqual({ dir: 'out', arg: 1, size: { retMaxArg: 2 } });
    expect(effects('getrandom')).toEqual([{ dir: 'out', arg: 0, size: { ret: true } }]);
    expect(effects('close')).toEqual([]);
  });

  test('effects of socket calls', () => {
    expect(effects('recvfrom')).toEqual(
      expect.arrayContaining([
        { dir: 'out', arg: 1, size: { retMaxArg: 2 } },
        { dir: 'out', arg: 4, size: { lenPtrArg: 5 } },
        { dir: 'out', arg: 5, size: { fixed: 4 } },
      ]),
    );
    for (const n of ['accept', 'accept4', 'getsockname', 'getpeername']) {
      expect(effects(n)).toEqual(
        expect.arrayContaining([
          { dir: 'out', arg: 1, size: { lenPtrArg: 2 } },
          { dir: 'out', arg: 2, size: { fixed: 4 } },
        ]),
      );
    }
    for (const n of ['connect', 'bind']) {
      expect(effects(n)).toEqual([{ dir: 'in', arg: 1, size: { arg: 2 } }]);
    }
    expect(effects('sendto')).toContainEqual({ dir: 'in', arg: 4, size: { arg: 5 } });
    expect(effects('recvmsg')).toEqual([{ dir: 'out', arg: 1, layout: 'msghdr' }]);
    expect(effects('sendmsg')).toEqual([{ dir: 'in', arg: 1, layout: 'msghdr' }]);
    expect(effects('recvmmsg')).toContainEqual({ dir: 'out', arg: 1, layout: 'mmsghdr' });
    expect(effects('sendmmsg')).toContainEqual({
      dir: 'in',
      arg: 1,
      layout: 'mmsghdr',
      countArg: 2,
    });
    expect(effects('socketpair')).toEqual([{ dir: 'out', arg: 3, size: { fixed: 8 } }]);
    expect(effects('getsockopt')).toContainEqual({ dir: 'out', arg: 3, layout: 'sockopt' });
    expect(effects('setsockopt')).toEqual([{ dir: 'in', arg: 3, size: { arg: 4 } }]);
  });

  test('effects of polling calls', () => {
    for (const n of ['epoll_wait', 'epoll_pwait', 'epoll_pwait2']) {
      expect(effects(n)).toContainEqual({ dir: 'out', arg: 1, size: { ret: true, times: 12 } });
    }
    for (const n of ['poll', 'ppoll']) {
      expect(effects(n)).toContainEqual({ dir: 'in', arg: 0, size: { arg: 1, times: 8 } });
      expect(effects(n)).toContainEqual({ dir: 'out', arg: 0, size: { arg: 1, times: 8 } });
    }
    for (const n of ['select', 'pselect6']) {
      for (const arg of [1, 2, 3]) {
        expect(effects(n)).toContainEqual({ dir: 'in', arg, layout: 'fdset' });
        expect(effects(n)).toContainEqual({ dir: 'out', arg, layout: 'fdset' });
      }
    }
    expect(effects('epoll_ctl')).toEqual([{ dir: 'in', arg: 3, layout: 'epoll_ctl' }]);
    expect(effects('ioctl')).toEqual([
      { dir: 'in', arg: 2, layout: 'ioctl' },
      { dir: 'out', arg: 2, layout: 'ioctl' },
    ]);
    expect(effects('fcntl')).toEqual([
      { dir: 'in', arg: 2, layout: 'fcntl' },
      { dir: 'out', arg: 2, layout: 'fcntl' },
    ]);
  });

  test('effects of process, signal and time calls', () => {
    expect(effects('pipe')).toEqual([{ dir: 'out', arg: 0, size: { fixed: 8 } }]);
    expect(effects('pipe2')).toEqual([{ dir: 'out', arg: 0, size: { fixed: 8 } }]);
    expect(effects('wait4')).toEqual([
      { dir: 'out', arg: 1, size: { fixed: 4 } },
      { dir: 'out', arg: 3, size: { fixed: 144 } },
    ]);
    expect(effects('waitid')).toContainEqual({ dir: 'out', arg: 2, size: { fixed: 128 } });
    expect(effects('uname')).toEqual([{ dir: 'out', arg: 0, size: { fixed: 390 } }]);
    expect(effects('sysinfo')).toEqual([{ dir: 'out', arg: 0, size: { fixed: 112 } }]);
    expect(effects('clock_gettime')).toEqual([{ dir: 'out', arg: 1, size: { fixed: 16 } }]);
    expect(effects('gettimeofday')).toEqual([
      { dir: 'out', arg: 0, size: { fixed: 16 } },
      { dir: 'out', arg: 1, size: { fixed: 8 } },
    ]);
    expect(effects('time')).toEqual([{ dir: 'out', arg: 0, size: { fixed: 8 } }]);
    expect(effects('nanosleep')).toContainEqual({
      dir: 'out',
      arg: 1,
      size: { fixed: 16 },
      when: 'always',
    });
    expect(effects('rt_sigaction')).toEqual([
      { dir: 'in', arg: 1, size: { fixed: 32 } },
      { dir: 'out', arg: 2, size: { fixed: 32 } },
    ]);
    expect(effects('rt_sigprocmask')).toEqual([
      { dir: 'in', arg: 1, size: { arg: 3 } },
      { dir: 'out', arg: 2, size: { arg: 3 } },
    ]);
    expect(effects('sched_getaffinity')).toEqual([{ dir: 'out', arg: 2, size: { ret: true } }]);
    expect(effects('prlimit64')).toContainEqual({ dir: 'out', arg: 3, size: { fixed: 16 } });
    expect(effects('getrusage')).toEqual([{ dir: 'out', arg: 1, size: { fixed: 144 } }]);
    expect(effects('times')).toEqual([{ dir: 'out', arg: 0, size: { fixed: 32 } }]);
    expect(effects('futex')).toEqual([{ dir: 'in', arg: 0, size: { fixed: 4 } }]);
    expect(effects('getgroups')).toEqual([{ dir: 'out', arg: 1, size: { ret: true, times: 4 } }]);
    expect(effects('execve')).toEqual([
      { dir: 'in', arg: 0, size: { cstr: true } },
      { dir: 'in', arg: 1, layout: 'argv' },
      { dir: 'in', arg: 2, layout: 'argv' },
    ]);
  });

  test('calls whose effects depend on an operation code are flagged, not guessed', () => {
    for (const n of ['prctl', 'ptrace', 'shmctl', 'semctl', 'msgctl', 'bpf', 'keyctl', 'mincore']) {
      expect([n, syscallByName(n)?.described]).toEqual([n, false]);
    }
    expect(syscallByName('create_module')?.described).toBe(false);
  });
});

describe('constants', () => {
  test('the sets the table and decoders rely on exist', () => {
    const names = (
      'open_flags at_flags mmap_prot mmap_flags clone_flags wait_options signals ' +
      'sigprocmask_how sa_flags fcntl_cmd fd_flags socket_domain socket_type sockopt_level ' +
      'msg_flags shutdown_how epoll_ctl_op epoll_events poll_events ioctl_request prctl_option ' +
      'arch_prctl_code futex_op clockid lseek_whence flock_op rlimit_resource access_mode ' +
      'renameat2_flags eventfd_flags timerfd_flags getrandom_flags madvise_advice mremap_flags ' +
      'fallocate_mode statx_mask memfd_flags inotify_mask personality seccomp_op ' +
      'ptrace_request membarrier_cmd itimer_which rusage_who prio_which close_range_flags ' +
      'splice_flags'
    ).split(/\s+/);
    for (const n of names) expect([n, n in CONST_SETS]).toEqual([n, true]);
  });

  test('sets are well formed', () => {
    for (const [name, set] of Object.entries(CONST_SETS)) {
      const all = [...set.values, ...(set.field?.values ?? [])];
      expect([name, all.length > 0]).toEqual([name, true]);
      const names = all.map(([n]) => n);
      expect([name, new Set(names).size]).toEqual([name, names.length]);
      for (const [, v] of all)
        expect(Number.isInteger(v) && v >= -0x80000000 && v <= 0xffffffff).toBe(true);
      if (set.field) {
        expect(set.kind).toBe('flags');
        for (const [, v] of set.field.values) expect((v & ~set.field.mask) >>> 0).toBe(0);
        for (const [, v] of set.values) expect((v & set.field.mask) >>> 0).toBe(0);
      }
    }
  });

  test('open_flags and socket_type carry their enumerated fields', () => {
    expect(CONST_SETS.open_flags.field?.mask).toBe(3);
    expect(CONST_SETS.open_flags.field?.values).toContainEqual(['O_RDWR', 2]);
    expect(CONST_SETS.open_flags.values).toContainEqual(['O_CLOEXEC', 0o2000000]);
    expect(CONST_SETS.socket_type.field?.values).toContainEqual(['SOCK_STREAM', 1]);
    expect(CONST_SETS.socket_type.values).toContainEqual(['SOCK_NONBLOCK', 0o4000]);
    expect(CONST_SETS.socket_type.values).toContainEqual(['SOCK_CLOEXEC', 0o2000000]);
    // Composite values come before their parts.
    const order = CONST_SETS.open_flags.values.map(([n]) => n);
    expect(order.indexOf('O_SYNC')).toBeLessThan(order.indexOf('O_DSYNC'));
    expect(order.indexOf('O_TMPFILE')).toBeLessThan(order.indexOf('O_DIRECTORY'));
  });

  test('errno names and messages', () => {
    for (let n = 1; n <= 133; n++) {
      if (n === 41 || n === 58) continue; // unassigned on Linux
      expect([n, ERRNO[n]?.[0].startsWith('E')]).toEqual([n, true]);
    }
    expect(errnoName(2)).toBe('ENOENT');
    expect(errnoMessage(2)).toBe('No such file or directory');
    expect(errnoName(11)).toBe('EAGAIN');
    expect(errnoName(133)).toBe('EHWPOISON');
    expect(errnoName(512)).toBe('ERESTARTSYS');
    expect(errnoName(999)).toBe('E999');
    expect(errnoMessage(999)).toBe('Unknown error 999');
    expect(errnoNumber('ENOSPC')).toBe(28);
  });

  test('signal names', () => {
    for (let n = 1; n <= 31; n++) expect(SIGNALS[n]).toMatch(/^SIG[A-Z0-9]+$/);
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(17)).toBe('SIGCHLD');
    expect(signalName(34)).toBe('SIGRT_2');
  });
});

describe('ioctls', () => {
  test('terminal requests use the kernel’s 36-byte termios, not glibc’s 60', () => {
    expect(ioctlByRequest(0x5401)).toEqual({
      name: 'TCGETS',
      request: 0x5401,
      dir: 'out',
      size: 36,
    });
    for (const n of ['TCSETS', 'TCSETSW', 'TCSETSF']) {
      expect(IOCTLS.find((d) => d.name === n)).toMatchObject({ dir: 'in', size: 36 });
    }
    expect(ioctlEffect(0x5413)).toEqual({ dir: 'out', size: 8 }); // TIOCGWINSZ
    expect(ioctlEffect(0x5451)).toEqual({ dir: 'none', size: 0 }); // FIOCLEX
    expect(ioctlEffect(0x5421)).toEqual({ dir: 'in', size: 4 }); // FIONBIO
  });

  test('_IOC decoding and the overrides the C core needs', () => {
    expect(ior(0x54, 0x2a, 44)).toBe(0x802c542a);
    expect(iocDecode(0x802c542a)).toEqual({ dir: 'out', size: 44 });
    expect(iocDecode(0xc0185879)).toEqual({ dir: 'inout', size: 24 });
    const overrides = ioctlOverrides();
    const names = overrides.map((d) => d.name);
    // FICLONE's argument is an fd; FS_IOC_GETFLAGS moves an int despite its long encoding.
    expect(names).toEqual(expect.arrayContaining(['TCGETS', 'FICLONE', 'FS_IOC_GETFLAGS']));
    expect(names).not.toContain('TCGETS2');
    expect(overrides.every((d) => d.dir !== 'inout')).toBe(true);
    expect(new Set(IOCTLS.map((d) => d.name)).size).toBe(IOCTLS.length);
  });

  test('ioctl_request names every known request', () => {
    const set = CONST_SETS.ioctl_request;
    expect(set.values).toContainEqual(['TCGETS', 0x5401]);
    expect(set.values).toContainEqual(['TCGETS2', 0x802c542a]);
    expect(set.values).toContainEqual(['FICLONE', 0x40049409]);
  });
});

describe('generated summary for replay', () => {
  test('formats/syscalls/summary.generated.ts is up to date', () => {
    const inTree = readFileSync(join(__dirname, '..', SUMMARY_PATH), 'utf8');
    // On failure: `npx tsc` then `node dist/formats/syscalls/gen-main.js`.
    expect(inTree === generateSummary()).toBe(true);
  });

  test('answers as the table does, for every syscall and some unknown numbers', () => {
    expect(allCalls()).toHaveLength(SYSCALLS.length);
    for (const def of SYSCALLS) {
      const c = callByNumber(def.nr)!;
      expect([c.name, c.args, c.ret, c.described]).toEqual([
        def.name,
        def.args.map((a) => a.type),
        def.ret,
        isDescribed(def),
      ]);
      expect(callNumber(def.name)).toBe(def.nr);
    }
    for (const nr of [335, 600, 9999]) expect(callName(nr)).toBe(syscallName(nr));
    expect(callNumber('syscall_999')).toBe(999);
  });
});

describe('generated C header', () => {
  test('recorder/native/generated/syscall_effects.h is up to date', () => {
    const inTree = readFileSync(join(__dirname, '..', C_HEADER_PATH), 'utf8');
    // On failure: `npx tsc` then `node dist/formats/syscalls/gen-main.js`.
    expect(inTree === generateCHeader()).toBe(true);
  });

  test('has one entry per syscall and the declared counts', () => {
    const text = generateCHeader();
    expect(text).toContain(`#define ST_MAX_SYSCALL ${MAX_SYSCALL_NR}`);
    expect(text).toContain('[0] = {"read", 1, 1, st_effects_read},');
    expect(text).toContain('[3] = {"close", 1, 0, NULL},');
    expect(text).toContain(`#define ST_N_IOCTLS ${ioctlOverrides().length}u`);
    expect(text.match(/^ {4}\[\d+\] = /gm)?.length).toBe(SYSCALLS.length);
  });
});
