/**
 * Constant sets for signal, time, IPC and system syscalls (merged into
 * CONST_SETS by constants.ts).
 */
import type { ConstSet } from './constants';
import { SIGNAL_VALUES } from './constants-signals';

const O_NONBLOCK = 0o4000;
const O_CLOEXEC = 0o2000000;

/** IPC_* control commands shared by shmctl, semctl and msgctl. */
const IPC_CMDS: readonly (readonly [string, number])[] = [
  ['IPC_RMID', 0],
  ['IPC_SET', 1],
  ['IPC_STAT', 2],
  ['IPC_INFO', 3],
];

export const MISC_SETS: Record<string, ConstSet> = {
  // --- signals ---
  /** Signal numbers 1..31 as a set (arguments typed 'signal' use SIGNALS directly). */
  signals: { kind: 'enum', values: SIGNAL_VALUES },
  sigprocmask_how: {
    kind: 'enum',
    values: [
      ['SIG_BLOCK', 0],
      ['SIG_UNBLOCK', 1],
      ['SIG_SETMASK', 2],
    ],
  },
  /** struct sigaction sa_flags (kernel values). */
  sa_flags: {
    kind: 'flags',
    values: [
      ['SA_NOCLDSTOP', 0x1],
      ['SA_NOCLDWAIT', 0x2],
      ['SA_SIGINFO', 0x4],
      ['SA_UNSUPPORTED', 0x400],
      ['SA_EXPOSE_TAGBITS', 0x800],
      ['SA_RESTORER', 0x04000000],
      ['SA_ONSTACK', 0x08000000],
      ['SA_RESTART', 0x10000000],
      ['SA_NODEFER', 0x40000000],
      ['SA_RESETHAND', 0x80000000],
    ],
  },
  /** stack_t ss_flags. */
  ss_flags: {
    kind: 'flags',
    values: [
      ['SS_ONSTACK', 1],
      ['SS_DISABLE', 2],
      ['SS_AUTODISARM', 0x80000000],
    ],
  },
  signalfd_flags: {
    kind: 'flags',
    values: [
      ['SFD_NONBLOCK', O_NONBLOCK],
      ['SFD_CLOEXEC', O_CLOEXEC],
    ],
  },

  // --- time ---
  /** Static clock ids; negative ids encode a CPU-time clock of a pid or a clock fd. */
  clockid: {
    kind: 'enum',
    values: [
      ['CLOCK_REALTIME', 0],
      ['CLOCK_MONOTONIC', 1],
      ['CLOCK_PROCESS_CPUTIME_ID', 2],
      ['CLOCK_THREAD_CPUTIME_ID', 3],
      ['CLOCK_MONOTONIC_RAW', 4],
      ['CLOCK_REALTIME_COARSE', 5],
      ['CLOCK_MONOTONIC_COARSE', 6],
      ['CLOCK_BOOTTIME', 7],
      ['CLOCK_REALTIME_ALARM', 8],
      ['CLOCK_BOOTTIME_ALARM', 9],
      ['CLOCK_SGI_CYCLE', 10],
      ['CLOCK_TAI', 11],
    ],
  },
  timer_flags: { kind: 'flags', values: [['TIMER_ABSTIME', 1]] },
  timerfd_flags: {
    kind: 'flags',
    values: [
      ['TFD_NONBLOCK', O_NONBLOCK],
      ['TFD_CLOEXEC', O_CLOEXEC],
    ],
  },
  timerfd_settime_flags: {
    kind: 'flags',
    values: [
      ['TFD_TIMER_ABSTIME', 1],
      ['TFD_TIMER_CANCEL_ON_SET', 2],
    ],
  },
  itimer_which: {
    kind: 'enum',
    values: [
      ['ITIMER_REAL', 0],
      ['ITIMER_VIRTUAL', 1],
      ['ITIMER_PROF', 2],
    ],
  },

  // --- futexes, eventfd ---
  /** The operation in the low 7 bits, plus FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME. */
  futex_op: {
    kind: 'flags',
    field: {
      mask: 0x7f,
      values: [
        ['FUTEX_WAIT', 0],
        ['FUTEX_WAKE', 1],
        ['FUTEX_FD', 2],
        ['FUTEX_REQUEUE', 3],
        ['FUTEX_CMP_REQUEUE', 4],
        ['FUTEX_WAKE_OP', 5],
        ['FUTEX_LOCK_PI', 6],
        ['FUTEX_UNLOCK_PI', 7],
        ['FUTEX_TRYLOCK_PI', 8],
        ['FUTEX_WAIT_BITSET', 9],
        ['FUTEX_WAKE_BITSET', 10],
        ['FUTEX_WAIT_REQUEUE_PI', 11],
        ['FUTEX_CMP_REQUEUE_PI', 12],
        ['FUTEX_LOCK_PI2', 13],
      ],
    },
    values: [
      ['FUTEX_PRIVATE_FLAG', 128],
      ['FUTEX_CLOCK_REALTIME', 256],
    ],
  },
  /** futex2 flags: the word size in the low 2 bits. */
  futex2_flags: {
    kind: 'flags',
    field: {
      mask: 0x3,
      values: [
        ['FUTEX2_SIZE_U8', 0],
        ['FUTEX2_SIZE_U16', 1],
        ['FUTEX2_SIZE_U32', 2],
        ['FUTEX2_SIZE_U64', 3],
      ],
    },
    values: [
      ['FUTEX2_NUMA', 0x4],
      ['FUTEX2_MPOL', 0x8],
      ['FUTEX2_PRIVATE', 128],
    ],
  },
  eventfd_flags: {
    kind: 'flags',
    values: [
      ['EFD_SEMAPHORE', 1],
      ['EFD_NONBLOCK', O_NONBLOCK],
      ['EFD_CLOEXEC', O_CLOEXEC],
    ],
  },

  // --- System V IPC (the low 9 bits of the *get flags are permissions) ---
  ipc_flags: {
    kind: 'flags',
    values: [
      ['IPC_CREAT', 0o1000],
      ['IPC_EXCL', 0o2000],
    ],
  },
  shmget_flags: {
    kind: 'flags',
    values: [
      ['IPC_CREAT', 0o1000],
      ['IPC_EXCL', 0o2000],
      ['SHM_HUGETLB', 0o4000],
      ['SHM_NORESERVE', 0o10000],
    ],
  },
  shmat_flags: {
    kind: 'flags',
    values: [
      ['SHM_RDONLY', 0o10000],
      ['SHM_RND', 0o20000],
      ['SHM_REMAP', 0o40000],
      ['SHM_EXEC', 0o100000],
    ],
  },
  /** msgsnd/msgrcv flags. */
  msg_ipc_flags: {
    kind: 'flags',
    values: [
      ['IPC_NOWAIT', 0o4000],
      ['MSG_NOERROR', 0o10000],
      ['MSG_EXCEPT', 0o20000],
      ['MSG_COPY', 0o40000],
    ],
  },
  shmctl_cmd: {
    kind: 'enum',
    values: [
      ...IPC_CMDS,
      ['SHM_LOCK', 11],
      ['SHM_UNLOCK', 12],
      ['SHM_STAT', 13],
      ['SHM_INFO', 14],
      ['SHM_STAT_ANY', 15],
    ],
  },
  semctl_cmd: {
    kind: 'enum',
    values: [
      ...IPC_CMDS,
      ['GETPID', 11],
      ['GETVAL', 12],
      ['GETALL', 13],
      ['GETNCNT', 14],
      ['GETZCNT', 15],
      ['SETVAL', 16],
      ['SETALL', 17],
      ['SEM_STAT', 18],
      ['SEM_INFO', 19],
      ['SEM_STAT_ANY', 20],
    ],
  },
  msgctl_cmd: {
    kind: 'enum',
    values: [...IPC_CMDS, ['MSG_STAT', 11], ['MSG_INFO', 12], ['MSG_STAT_ANY', 13]],
  },

  // --- system ---
  getrandom_flags: {
    kind: 'flags',
    values: [
      ['GRND_NONBLOCK', 1],
      ['GRND_RANDOM', 2],
      ['GRND_INSECURE', 4],
    ],
  },
  syslog_action: {
    kind: 'enum',
    values: [
      ['SYSLOG_ACTION_CLOSE', 0],
      ['SYSLOG_ACTION_OPEN', 1],
      ['SYSLOG_ACTION_READ', 2],
      ['SYSLOG_ACTION_READ_ALL', 3],
      ['SYSLOG_ACTION_READ_CLEAR', 4],
      ['SYSLOG_ACTION_CLEAR', 5],
      ['SYSLOG_ACTION_CONSOLE_OFF', 6],
      ['SYSLOG_ACTION_CONSOLE_ON', 7],
      ['SYSLOG_ACTION_CONSOLE_LEVEL', 8],
      ['SYSLOG_ACTION_SIZE_UNREAD', 9],
      ['SYSLOG_ACTION_SIZE_BUFFER', 10],
    ],
  },
  reboot_cmd: {
    kind: 'enum',
    values: [
      ['LINUX_REBOOT_CMD_CAD_OFF', 0x00000000],
      ['LINUX_REBOOT_CMD_RESTART', 0x01234567],
      ['LINUX_REBOOT_CMD_POWER_OFF', 0x4321fedc],
      ['LINUX_REBOOT_CMD_KEXEC', 0x45584543],
      ['LINUX_REBOOT_CMD_CAD_ON', 0x89abcdef],
      ['LINUX_REBOOT_CMD_RESTART2', 0xa1b2c3d4],
      ['LINUX_REBOOT_CMD_HALT', 0xcdef0123],
      ['LINUX_REBOOT_CMD_SW_SUSPEND', 0xd000fce2],
    ],
  },
  keyctl_op: {
    kind: 'enum',
    values: [
      ['KEYCTL_GET_KEYRING_ID', 0],
      ['KEYCTL_JOIN_SESSION_KEYRING', 1],
      ['KEYCTL_UPDATE', 2],
      ['KEYCTL_REVOKE', 3],
      ['KEYCTL_CHOWN', 4],
      ['KEYCTL_SETPERM', 5],
      ['KEYCTL_DESCRIBE', 6],
      ['KEYCTL_CLEAR', 7],
      ['KEYCTL_LINK', 8],
      ['KEYCTL_UNLINK', 9],
      ['KEYCTL_SEARCH', 10],
      ['KEYCTL_READ', 11],
      ['KEYCTL_INSTANTIATE', 12],
      ['KEYCTL_NEGATE', 13],
      ['KEYCTL_SET_REQKEY_KEYRING', 14],
      ['KEYCTL_SET_TIMEOUT', 15],
      ['KEYCTL_ASSUME_AUTHORITY', 16],
      ['KEYCTL_GET_SECURITY', 17],
      ['KEYCTL_SESSION_TO_PARENT', 18],
      ['KEYCTL_REJECT', 19],
      ['KEYCTL_INSTANTIATE_IOV', 20],
      ['KEYCTL_INVALIDATE', 21],
      ['KEYCTL_GET_PERSISTENT', 22],
      ['KEYCTL_DH_COMPUTE', 23],
      ['KEYCTL_PKEY_QUERY', 24],
      ['KEYCTL_PKEY_ENCRYPT', 25],
      ['KEYCTL_PKEY_DECRYPT', 26],
      ['KEYCTL_PKEY_SIGN', 27],
      ['KEYCTL_PKEY_VERIFY', 28],
      ['KEYCTL_RESTRICT_KEYRING', 29],
      ['KEYCTL_MOVE', 30],
      ['KEYCTL_CAPABILITIES', 31],
      ['KEYCTL_WATCH_KEY', 32],
    ],
  },
  bpf_cmd: {
    kind: 'enum',
    values: [
      ['BPF_MAP_CREATE', 0],
      ['BPF_MAP_LOOKUP_ELEM', 1],
      ['BPF_MAP_UPDATE_ELEM', 2],
      ['BPF_MAP_DELETE_ELEM', 3],
      ['BPF_MAP_GET_NEXT_KEY', 4],
      ['BPF_PROG_LOAD', 5],
      ['BPF_OBJ_PIN', 6],
      ['BPF_OBJ_GET', 7],
      ['BPF_PROG_ATTACH', 8],
      ['BPF_PROG_DETACH', 9],
      ['BPF_PROG_TEST_RUN', 10],
      ['BPF_PROG_GET_NEXT_ID', 11],
      ['BPF_MAP_GET_NEXT_ID', 12],
      ['BPF_PROG_GET_FD_BY_ID', 13],
      ['BPF_MAP_GET_FD_BY_ID', 14],
      ['BPF_OBJ_GET_INFO_BY_FD', 15],
      ['BPF_PROG_QUERY', 16],
      ['BPF_RAW_TRACEPOINT_OPEN', 17],
      ['BPF_BTF_LOAD', 18],
      ['BPF_BTF_GET_FD_BY_ID', 19],
      ['BPF_TASK_FD_QUERY', 20],
      ['BPF_MAP_LOOKUP_AND_DELETE_ELEM', 21],
      ['BPF_MAP_FREEZE', 22],
      ['BPF_BTF_GET_NEXT_ID', 23],
      ['BPF_MAP_LOOKUP_BATCH', 24],
      ['BPF_MAP_LOOKUP_AND_DELETE_BATCH', 25],
      ['BPF_MAP_UPDATE_BATCH', 26],
      ['BPF_MAP_DELETE_BATCH', 27],
      ['BPF_LINK_CREATE', 28],
      ['BPF_LINK_UPDATE', 29],
      ['BPF_LINK_GET_FD_BY_ID', 30],
      ['BPF_LINK_GET_NEXT_ID', 31],
      ['BPF_ENABLE_STATS', 32],
      ['BPF_ITER_CREATE', 33],
      ['BPF_LINK_DETACH', 34],
      ['BPF_PROG_BIND_MAP', 35],
      ['BPF_TOKEN_CREATE', 36],
      ['BPF_PROG_STREAM_READ_BY_FD', 37],
    ],
  },
  landlock_rule_type: {
    kind: 'enum',
    values: [
      ['LANDLOCK_RULE_PATH_BENEATH', 1],
      ['LANDLOCK_RULE_NET_PORT', 2],
    ],
  },
  lsm_attr: {
    kind: 'enum',
    values: [
      ['LSM_ATTR_CURRENT', 100],
      ['LSM_ATTR_EXEC', 101],
      ['LSM_ATTR_FSCREATE', 102],
      ['LSM_ATTR_KEYCREATE', 103],
      ['LSM_ATTR_PREV', 104],
      ['LSM_ATTR_SOCKCREATE', 105],
    ],
  },
};
