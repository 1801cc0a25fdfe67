/** Signal structs: sigset, kernel sigaction, siginfo, wait status, stack_t. */
import { syscallByNumber } from '../../syscalls';
import { signalName } from '../../syscalls/constants';
import { LE } from '../bytes';
import { formatFlags, formatPointer, formatSignal, hex } from '../values';
import { formatFields, type StructEntry } from './context';

/** bytes of the kernel's sigset_t on x86-64 (_NSIG / 8) */
const NSIG_BYTES = 8;

/**
 * A signal mask like strace: `[INT TERM]`; when two thirds or more of the
 * bits are set, the complement with `~` (`~[KILL STOP]`, `~[]` for all).
 */
export function formatSigsetBytes(b: LE): string {
  const bytes = Math.min(b.length, NSIG_BYTES);
  const bits = Math.ceil(bytes / 4) * 32;
  const isSet = (i: number): boolean => ((b.u8(i >> 3) >> (i & 7)) & 1) === 1;
  let count = 0;
  for (let i = 0; i < bits; i++) if (isSet(i)) count++;
  const invert = count >= Math.floor((bits * 2) / 3);
  const names: string[] = [];
  for (let i = 0; i < bits; i++) {
    if (isSet(i) !== invert) names.push(signalName(i + 1).replace(/^SIG/, ''));
  }
  return `${invert ? '~' : ''}[${names.join(' ')}]`;
}

export const sigset: StructEntry = { size: 4, decode: formatSigsetBytes };

/**
 * {sigset pointer, size} pairs (pselect6's sixth argument, io_pgetevents'):
 * the set itself is one indirection further and not captured, so strace's
 * `{[INT], 8}` becomes `{0x7ffd…, 8}`.
 */
export const sigmaskPointer: StructEntry = {
  size: 16,
  decode: (b) => `{${formatPointer(b.u64(0))}, ${b.u64(8)}}`,
};

const SA_RESTORER = 0x04000000n;

function handler(v: bigint): string {
  if (v === 0n) return 'SIG_DFL';
  if (v === 1n) return 'SIG_IGN';
  if (v === 0xffffffffffffffffn) return 'SIG_ERR';
  return formatPointer(v);
}

/** the kernel's struct sigaction (x86-64: handler, flags, restorer, mask; 32 bytes) */
export const sigaction: StructEntry = {
  size: 24,
  decode(b) {
    const flags = b.u64(8);
    const fields: [string, string][] = [
      ['sa_handler', handler(b.u64(0))],
      ['sa_mask', formatSigsetBytes(new LE(b.slice(24, NSIG_BYTES)))],
      ['sa_flags', formatFlags(flags, 'sa_flags')],
    ];
    if (flags & SA_RESTORER) fields.push(['sa_restorer', formatPointer(b.u64(16))]);
    return formatFields(fields);
  },
};

const SS_FLAGS: [string, number][] = [
  ['SS_ONSTACK', 1],
  ['SS_DISABLE', 2],
  ['SS_AUTODISARM', 0x80000000],
];

/** stack_t (sigaltstack, 24 bytes) */
export const stackT: StructEntry = {
  size: 24,
  decode(b) {
    const f = b.u32(8);
    const names = SS_FLAGS.filter(([, v]) => (f & v) >>> 0 === v).map(([n]) => n);
    const rest = SS_FLAGS.reduce((r, [, v]) => (r & ~v) >>> 0, f);
    if (rest) names.push(hex(rest));
    return formatFields([
      ['ss_sp', formatPointer(b.u64(0))],
      ['ss_flags', names.length ? names.join('|') : '0'],
      ['ss_size', b.u64(16).toString()],
    ]);
  },
};

// --- siginfo ---------------------------------------------------------------

const SIGILL = 4;
const SIGTRAP = 5;
const SIGBUS = 7;
const SIGFPE = 8;
const SIGSEGV = 11;
const SIGCHLD = 17;
const SIGPOLL = 29;
const SIGSYS = 31;

/** si_code values that any signal may carry (<= 0, and SI_KERNEL) */
const SI_CODES: Record<number, string> = {
  0: 'SI_USER',
  0x80: 'SI_KERNEL',
  [-1]: 'SI_QUEUE',
  [-2]: 'SI_TIMER',
  [-3]: 'SI_MESGQ',
  [-4]: 'SI_ASYNCIO',
  [-5]: 'SI_SIGIO',
  [-6]: 'SI_TKILL',
  [-7]: 'SI_DETHREAD',
  [-60]: 'SI_ASYNCNL',
};

/** per-signal si_code names, starting at 1 (siginfo.h) */
const SIGNAL_CODES: Record<number, string[]> = {
  [SIGILL]: [
    'ILL_ILLOPC',
    'ILL_ILLOPN',
    'ILL_ILLADR',
    'ILL_ILLTRP',
    'ILL_PRVOPC',
    'ILL_PRVREG',
    'ILL_COPROC',
    'ILL_BADSTK',
  ],
  [SIGFPE]: [
    'FPE_INTDIV',
    'FPE_INTOVF',
    'FPE_FLTDIV',
    'FPE_FLTOVF',
    'FPE_FLTUND',
    'FPE_FLTRES',
    'FPE_FLTINV',
    'FPE_FLTSUB',
  ],
  [SIGSEGV]: ['SEGV_MAPERR', 'SEGV_ACCERR', 'SEGV_BNDERR', 'SEGV_PKUERR'],
  [SIGBUS]: ['BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR', 'BUS_MCEERR_AR', 'BUS_MCEERR_AO'],
  [SIGTRAP]: ['TRAP_BRKPT', 'TRAP_TRACE', 'TRAP_BRANCH', 'TRAP_HWBKPT'],
  [SIGCHLD]: [
    'CLD_EXITED',
    'CLD_KILLED',
    'CLD_DUMPED',
    'CLD_TRAPPED',
    'CLD_STOPPED',
    'CLD_CONTINUED',
  ],
  [SIGPOLL]: ['POLL_IN', 'POLL_OUT', 'POLL_MSG', 'POLL_ERR', 'POLL_PRI', 'POLL_HUP'],
  [SIGSYS]: ['SYS_SECCOMP'],
};

/** si_code by name, e.g. `CLD_EXITED`, `SI_USER`, or the number */
export function siCodeName(signo: number, code: number): string {
  if (code > 0 && code !== 0x80) {
    const name = SIGNAL_CODES[signo]?.[code - 1];
    if (name) return name;
  }
  return SI_CODES[code] ?? String(code);
}

/** whether a siginfo with this code names a sending process (si_pid, si_uid) */
export function siCodeHasSender(signo: number, code: number): boolean {
  return (
    code === 0 ||
    code === -1 ||
    code === -3 ||
    code === -6 ||
    (signo === SIGCHLD && code > 0 && code < 0x80)
  );
}

const CLD_EXITED = 1;
const AUDIT_ARCH: Record<number, string> = {
  0xc000003e: 'AUDIT_ARCH_X86_64',
  0x40000003: 'AUDIT_ARCH_I386',
};

/** siginfo_t (128 bytes): the fields that the signal and code make meaningful, like strace */
export const siginfo: StructEntry = {
  size: 16,
  decode(b) {
    const signo = b.i32(0);
    const code = b.i32(8);
    const fields: [string, string][] = [
      ['si_signo', formatSignal(signo)],
      ['si_code', siCodeName(signo, code)],
    ];
    const errno = b.i32(4);
    if (errno !== 0) fields.push(['si_errno', String(errno)]);
    if (signo === SIGCHLD && code > 0 && code < 0x80) {
      const status = b.i32(24);
      fields.push(
        ['si_pid', String(b.i32(16))],
        ['si_uid', String(b.u32(20))],
        ['si_status', code === CLD_EXITED ? String(status) : formatSignal(status)],
        ['si_utime', b.i64(32).toString()],
        ['si_stime', b.i64(40).toString()],
      );
    } else if (code === -2) {
      fields.push(
        ['si_timerid', hex(b.u32(16))],
        ['si_overrun', String(b.i32(20))],
        ['si_int', String(b.i32(24))],
        ['si_ptr', formatPointer(b.u64(24))],
      );
    } else if (code <= 0) {
      fields.push(['si_pid', String(b.i32(16))], ['si_uid', String(b.u32(20))]);
      if (code === -1 || code === -3)
        fields.push(['si_int', String(b.i32(24))], ['si_ptr', formatPointer(b.u64(24))]);
    } else if (signo === SIGSYS && code === 1) {
      const arch = b.u32(28);
      const nr = b.i32(24);
      fields.push(
        ['si_call_addr', formatPointer(b.u64(16))],
        ['si_syscall', syscallByNumber(nr) ? `__NR_${syscallByNumber(nr)?.name}` : String(nr)],
        ['si_arch', AUDIT_ARCH[arch] ?? hex(arch)],
      );
    } else if (signo === SIGPOLL) {
      fields.push(['si_band', b.i64(16).toString()], ['si_fd', String(b.i32(24))]);
    } else if ([SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP].includes(signo)) {
      fields.push(['si_addr', formatPointer(b.u64(16))]);
    }
    return formatFields(fields);
  },
};

// --- wait status -------------------------------------------------------------

const PTRACE_EVENTS: Record<number, string> = {
  1: 'PTRACE_EVENT_FORK',
  2: 'PTRACE_EVENT_VFORK',
  3: 'PTRACE_EVENT_CLONE',
  4: 'PTRACE_EVENT_EXEC',
  5: 'PTRACE_EVENT_VFORK_DONE',
  6: 'PTRACE_EVENT_EXIT',
  7: 'PTRACE_EVENT_SECCOMP',
  0x80: 'PTRACE_EVENT_STOP',
};

/** an int wait status as strace shows it: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]` */
export function formatWaitStatus(s: number): string {
  const low = s & 0x7f;
  let text: string;
  let rest = 0;
  if ((s & 0xffff) === 0xffff) {
    text = '{WIFCONTINUED(s)}';
  } else if ((s & 0xff) === 0x7f) {
    text = `{WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName((s >> 8) & 0xff)}}`;
    const event = (s >>> 16) & 0xffff;
    if (event) text += `|${PTRACE_EVENTS[event] ?? hex(event)} << 16`;
  } else if (low === 0) {
    text = `{WIFEXITED(s) && WEXITSTATUS(s) == ${(s >> 8) & 0xff}}`;
    rest = s & ~0xffff;
  } else {
    text = `{WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(low)}${s & 0x80 ? ' && WCOREDUMP(s)' : ''}}`;
    rest = s & ~0xffff;
  }
  if (rest) text += `|${hex(rest >>> 0)}`;
  return `[${text}]`;
}
