/**
 * Process and thread lifecycle, credentials, scheduling, limits.
 *
 * Replay executes clone/fork/vfork/clone3, execve, exit, set_tid_address,
 * set_robust_list, rseq and arch_prctl for real, so their effects here serve
 * recording and diffing; the kernel repeats its own writes at replay.
 */
import {
  a,
  byArg,
  byRet,
  cstr,
  family,
  fixed,
  inL,
  inp,
  inS,
  out,
  outS,
  RET,
  unimplemented,
} from './define';
import type { SyscallDef } from './types';

const sys = family('process');

export const PROCESS_SYSCALLS: SyscallDef[] = [
  // --- creation, exec, exit, wait ---
  // x86-64 argument order: flags, stack, parent_tid, child_tid, tls. The parent's
  // memory is written only at parent_tid (CLONE_PARENT_SETTID or CLONE_PIDFD);
  // child_tid is written in the child.
  sys(
    56,
    'clone',
    [
      a.flags('flags', 'clone_flags'),
      a.ptr('stack'),
      a.struct('parent_tid', 'int'),
      a.ptr('child_tid'),
      a.hex('tls'),
    ],
    'pid',
    [outS(2, 'int')],
  ),
  // clone3 writes the pidfd and parent tid through pointers inside clone_args
  // (a second indirection); replay re-executes it, so the kernel writes them again.
  sys(435, 'clone3', [a.struct('cl_args', 'clone_args'), a.size('size')], 'pid', [
    inp(0, byArg(1)),
  ]),
  sys(57, 'fork', [], 'pid'),
  sys(58, 'vfork', [], 'pid'),
  sys(59, 'execve', [a.path(), a.argv('argv'), a.argv('envp')], 'noreturn', [
    cstr(0),
    inL(1, 'argv'),
    inL(2, 'argv'),
  ]),
  sys(
    322,
    'execveat',
    [a.dirfd(), a.path(), a.argv('argv'), a.argv('envp'), a.flags('flags', 'at_flags')],
    'noreturn',
    [cstr(1), inL(2, 'argv'), inL(3, 'argv')],
  ),
  sys(60, 'exit', [a.int('status')], 'noreturn'),
  sys(231, 'exit_group', [a.int('status')], 'noreturn'),
  sys(
    61,
    'wait4',
    [
      a.pid(),
      a.struct('wstatus', 'int'),
      a.flags('options', 'wait_options'),
      a.struct('rusage', 'rusage'),
    ],
    'pid',
    [outS(1, 'int'), outS(3, 'rusage')],
  ),
  // waitid fills only some siginfo fields, but the rest keep their old contents,
  // so the whole 128 bytes replay faithfully.
  sys(
    247,
    'waitid',
    [
      a.enum('idtype', 'idtype'),
      a.int('id'),
      a.struct('infop', 'siginfo'),
      a.flags('options', 'wait_options'),
      a.struct('rusage', 'rusage'),
    ],
    'int',
    [outS(2, 'siginfo'), outS(4, 'rusage')],
  ),
  sys(434, 'pidfd_open', [a.pid(), a.flags('flags', 'pidfd_open_flags')], 'fd'),
  sys(438, 'pidfd_getfd', [a.fd('pidfd'), a.int('targetfd'), a.hex('flags')], 'fd'),
  sys(
    312,
    'kcmp',
    [a.pid('pid1'), a.pid('pid2'), a.enum('type', 'kcmp_type'), a.hex('idx1'), a.hex('idx2')],
    'int',
  ),

  // --- ids ---
  sys(39, 'getpid', [], 'pid'),
  sys(110, 'getppid', [], 'pid'),
  sys(186, 'gettid', [], 'pid'),
  sys(102, 'getuid', [], 'value'),
  sys(107, 'geteuid', [], 'value'),
  sys(104, 'getgid', [], 'value'),
  sys(108, 'getegid', [], 'value'),
  sys(105, 'setuid', [a.uid('uid')], 'int'),
  sys(106, 'setgid', [a.gid('gid')], 'int'),
  sys(113, 'setreuid', [a.uid('ruid'), a.uid('euid')], 'int'),
  sys(114, 'setregid', [a.gid('rgid'), a.gid('egid')], 'int'),
  sys(117, 'setresuid', [a.uid('ruid'), a.uid('euid'), a.uid('suid')], 'int'),
  sys(119, 'setresgid', [a.gid('rgid'), a.gid('egid'), a.gid('sgid')], 'int'),
  sys(
    118,
    'getresuid',
    [a.struct('ruid', 'uid_t'), a.struct('euid', 'uid_t'), a.struct('suid', 'uid_t')],
    'int',
    [outS(0, 'uid_t'), outS(1, 'uid_t'), outS(2, 'uid_t')],
  ),
  sys(
    120,
    'getresgid',
    [a.struct('rgid', 'gid_t'), a.struct('egid', 'gid_t'), a.struct('sgid', 'gid_t')],
    'int',
    [outS(0, 'gid_t'), outS(1, 'gid_t'), outS(2, 'gid_t')],
  ),
  sys(122, 'setfsuid', [a.uid('fsuid')], 'value'),
  sys(123, 'setfsgid', [a.gid('fsgid')], 'value'),
  // getgroups(0, list) returns the count without writing; callers then pass
  // NULL, which the C core skips.
  sys(115, 'getgroups', [a.int('size'), a.buf('list')], 'int', [out(1, byRet(4))]),
  sys(116, 'setgroups', [a.size('size'), a.buf('list')], 'int', [inp(1, byArg(0, 4))]),
  sys(109, 'setpgid', [a.pid(), a.pid('pgid')], 'int'),
  sys(121, 'getpgid', [a.pid()], 'pid'),
  sys(111, 'getpgrp', [], 'pid'),
  sys(112, 'setsid', [], 'pid'),
  sys(124, 'getsid', [a.pid()], 'pid'),
  // Capabilities: version 2/3 headers (what glibc and libcap use) move two
  // 12-byte data structs. On an unknown version the kernel fails with EINVAL
  // and writes its preferred version into the header (libcap probes this way).
  sys(
    125,
    'capget',
    [a.struct('hdrp', 'cap_user_header'), a.struct('datap', 'cap_user_data')],
    'int',
    [inS(0, 'cap_user_header'), outS(0, 'cap_user_header', 'always'), outS(1, 'cap_user_data')],
  ),
  sys(
    126,
    'capset',
    [a.struct('hdrp', 'cap_user_header'), a.struct('datap', 'cap_user_data')],
    'int',
    [inS(0, 'cap_user_header'), inS(1, 'cap_user_data')],
  ),
  sys(135, 'personality', [a.flags('persona', 'personality')], 'hex'),

  // --- thread setup ---
  sys(218, 'set_tid_address', [a.ptr('tidptr')], 'pid'),
  // The kernel only stores the pointer; it writes the list at thread exit.
  sys(273, 'set_robust_list', [a.struct('head', 'robust_list_head'), a.size('len')], 'int'),
  sys(
    274,
    'get_robust_list',
    [a.pid(), a.struct('head_ptr', 'pointer'), a.struct('len_ptr', 'size_t')],
    'int',
    [outS(1, 'pointer'), outS(2, 'size_t')],
  ),
  // The kernel writes the rseq area on return to user space and on preemption,
  // not as part of the call; see DESIGN.md (rseq hazard).
  sys(
    334,
    'rseq',
    [a.struct('rseq', 'rseq'), a.uint('rseq_len'), a.flags('flags', 'rseq_flags'), a.hex('sig')],
    'int',
  ),
  // ARCH_GET_FS/GS and ARCH_GET_XCOMP_* store a u64 at addr, but ARCH_SET_* pass a
  // value there, so no effect can be declared; replay runs arch_prctl for real.
  sys(158, 'arch_prctl', [a.enum('code', 'arch_prctl_code'), a.hex('addr')], 'int'),
  // Many options read or write memory at arg2 (PR_GET_NAME writes 16 bytes,
  // PR_GET_PDEATHSIG an int, ...): option-dependent, not described.
  sys(
    157,
    'prctl',
    [a.enum('option', 'prctl_option'), a.hex('arg2'), a.hex('arg3'), a.hex('arg4'), a.hex('arg5')],
    'int',
    [],
    { described: false },
  ),
  sys(154, 'modify_ldt', [a.int('func'), a.buf('ptr'), a.size('bytecount')], 'int', [], {
    described: false,
  }),
  unimplemented('process', 205, 'set_thread_area'),
  unimplemented('process', 211, 'get_thread_area'),
  sys(
    101,
    'ptrace',
    [a.enum('request', 'ptrace_request'), a.pid(), a.ptr('addr'), a.ptr('data')],
    'int',
    [],
    { described: false },
  ),
  // SECCOMP_GET_NOTIF_SIZES writes, SET_MODE_FILTER reads a program through
  // struct sock_fprog: operation-dependent, not described.
  sys(
    317,
    'seccomp',
    [a.enum('operation', 'seccomp_op'), a.flags('flags', 'seccomp_flags'), a.ptr('args')],
    'int',
    [],
    { described: false },
  ),
  sys(272, 'unshare', [a.flags('flags', 'unshare_flags')], 'int'),
  sys(308, 'setns', [a.fd(), a.flags('nstype', 'unshare_flags')], 'int'),

  // --- limits and usage ---
  sys(97, 'getrlimit', [a.enum('resource', 'rlimit_resource'), a.struct('rlim', 'rlimit')], 'int', [
    outS(1, 'rlimit'),
  ]),
  sys(
    160,
    'setrlimit',
    [a.enum('resource', 'rlimit_resource'), a.struct('rlim', 'rlimit')],
    'int',
    [inS(1, 'rlimit')],
  ),
  sys(
    302,
    'prlimit64',
    [
      a.pid(),
      a.enum('resource', 'rlimit_resource'),
      a.struct('new_limit', 'rlimit'),
      a.struct('old_limit', 'rlimit'),
    ],
    'int',
    [inS(2, 'rlimit'), outS(3, 'rlimit')],
  ),
  sys(98, 'getrusage', [a.enum('who', 'rusage_who'), a.struct('usage', 'rusage')], 'int', [
    outS(1, 'rusage'),
  ]),
  // getpriority returns 20 - nice (1..40) so that no success looks like an error.
  sys(140, 'getpriority', [a.enum('which', 'prio_which'), a.int('who')], 'int'),
  sys(141, 'setpriority', [a.enum('which', 'prio_which'), a.int('who'), a.int('prio')], 'int'),
  sys(251, 'ioprio_set', [a.enum('which', 'ioprio_which'), a.int('who'), a.hex('ioprio')], 'int'),
  sys(252, 'ioprio_get', [a.enum('which', 'ioprio_which'), a.int('who')], 'int'),

  // --- scheduling ---
  sys(24, 'sched_yield', [], 'int'),
  sys(142, 'sched_setparam', [a.pid(), a.struct('param', 'sched_param')], 'int', [
    inS(1, 'sched_param'),
  ]),
  sys(143, 'sched_getparam', [a.pid(), a.struct('param', 'sched_param')], 'int', [
    outS(1, 'sched_param'),
  ]),
  sys(
    144,
    'sched_setscheduler',
    [a.pid(), a.flags('policy', 'sched_policy'), a.struct('param', 'sched_param')],
    'int',
    [inS(2, 'sched_param')],
  ),
  sys(145, 'sched_getscheduler', [a.pid()], 'int'),
  sys(146, 'sched_get_priority_max', [a.flags('policy', 'sched_policy')], 'int'),
  sys(147, 'sched_get_priority_min', [a.flags('policy', 'sched_policy')], 'int'),
  sys(148, 'sched_rr_get_interval', [a.pid(), a.struct('tp', 'timespec')], 'int', [
    outS(1, 'timespec'),
  ]),
  sys(
    203,
    'sched_setaffinity',
    [a.pid(), a.size('cpusetsize'), a.struct('mask', 'cpu_set')],
    'int',
    [inp(2, byArg(1))],
  ),
  // Returns the number of mask bytes copied (the kernel's cpumask size).
  sys(
    204,
    'sched_getaffinity',
    [a.pid(), a.size('cpusetsize'), a.struct('mask', 'cpu_set')],
    'size',
    [out(2, RET)],
  ),
  // The struct's size is in its first field (48 or 56 bytes); the 48-byte v0
  // prefix every caller provides is compared.
  sys(314, 'sched_setattr', [a.pid(), a.struct('attr', 'sched_attr'), a.hex('flags')], 'int', [
    inp(1, fixed(48)),
  ]),
  // The kernel copies min(size, its struct size); callers pass sizeof(struct sched_attr).
  sys(
    315,
    'sched_getattr',
    [a.pid(), a.struct('attr', 'sched_attr'), a.uint('size'), a.hex('flags')],
    'int',
    [out(1, byArg(2))],
  ),
  sys(309, 'getcpu', [a.struct('cpu', 'uint'), a.struct('node', 'uint'), a.ptr('tcache')], 'int', [
    outS(0, 'uint'),
    outS(1, 'uint'),
  ]),
];
