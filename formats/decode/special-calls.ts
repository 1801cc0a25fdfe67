/**
 * Calls whose arguments depend on each other (fcntl's third argument on the
 * command, futex's on the operation, ioctl's on the request) or whose result
 * strace annotates (poll's returned events, F_GETFL's flags). The generic
 * decoder in `call.ts` handles everything else from the table alone.
 */
import { LE } from './bytes';
import type { SyscallView } from './call';
import { formatStruct } from './structs';
import { formatList } from './structs/context';
import { formatFdSet, formatPollRevents } from './structs/net';
import { formatWaitStatus } from './structs/signals';
import { formatTimespecAt, formatTimevalAt } from './structs/time';
import {
  enumName,
  formatEnum,
  formatFlags,
  formatOctal,
  formatPointer,
  formatSignal,
  hex,
  i32,
  quoteCString,
  u32,
  u64,
} from './values';

/** Per-call overrides of the generic decoding; each hook is optional. */
export interface SpecialCall {
  /** the formatted arguments, replacing the generic ones */
  args?(c: SyscallView): string[];
  /** the result, replacing the generic one (successful calls only) */
  result?(c: SyscallView): string | undefined;
  /** a parenthesised note after a successful result */
  detail?(c: SyscallView): string | undefined;
}

const pointerOrStruct = (
  c: SyscallView,
  i: number,
  name: string,
  dir: 'in' | 'out' = 'in',
): string => {
  const v = c.arg(i);
  if (u64(v) === 0n) return 'NULL';
  return formatStruct(name, v, c.bytes(i, dir), c.structContext(dir));
};

// --- fcntl -------------------------------------------------------------------

const FCNTL_NO_ARG = new Set([
  'F_GETFD',
  'F_GETFL',
  'F_GETOWN',
  'F_GETSIG',
  'F_GETLEASE',
  'F_GETPIPE_SZ',
  'F_GET_SEALS',
]);
const FCNTL_LOCKS = new Set([
  'F_GETLK',
  'F_SETLK',
  'F_SETLKW',
  'F_OFD_GETLK',
  'F_OFD_SETLK',
  'F_OFD_SETLKW',
]);

const fcntl: SpecialCall = {
  args(c) {
    const cmd = enumName(c.arg(1), 'fcntl_cmd');
    const out = [c.formatArg(0), formatEnum(c.arg(1), 'fcntl_cmd')];
    if (cmd && FCNTL_NO_ARG.has(cmd)) return out;
    const arg = c.arg(2);
    if (cmd === 'F_SETFD') out.push(formatFlags(arg, 'fd_flags'));
    else if (cmd === 'F_SETFL') out.push(formatFlags(arg, 'open_flags'));
    else if (cmd === 'F_SETSIG') out.push(formatSignal(arg));
    else if (cmd && FCNTL_LOCKS.has(cmd))
      out.push(pointerOrStruct(c, 2, 'flock', cmd.includes('GETLK') && c.success ? 'out' : 'in'));
    else if (cmd === 'F_GETOWN_EX' || cmd === 'F_SETOWN_EX')
      out.push(
        pointerOrStruct(c, 2, 'f_owner_ex', cmd === 'F_GETOWN_EX' && c.success ? 'out' : 'in'),
      );
    else out.push(String(i32(arg)));
    return out;
  },
  result(c) {
    const cmd = enumName(c.arg(1), 'fcntl_cmd');
    return cmd === 'F_GETFD' || cmd === 'F_GETFL' ? hex(c.ret) : undefined;
  },
  detail(c) {
    const cmd = enumName(c.arg(1), 'fcntl_cmd');
    if (cmd === 'F_GETFL') return `(flags ${formatFlags(c.ret, 'open_flags')})`;
    if (cmd === 'F_GETFD' && c.ret !== 0n) return `(flags ${formatFlags(c.ret, 'fd_flags')})`;
    return undefined;
  },
};

// --- ioctl -------------------------------------------------------------------

const IOCTL_NO_ARG = new Set(['FIOCLEX', 'FIONCLEX', 'TIOCNOTTY', 'TIOCEXCL', 'TIOCNXCL']);
/** requests whose argument points to a known struct; the rest show captured bytes or the raw value */
const IOCTL_STRUCTS: Record<string, string> = {
  TCGETS: 'termios',
  TCSETS: 'termios',
  TCSETSW: 'termios',
  TCSETSF: 'termios',
  TCGETS2: 'termios2',
  TCSETS2: 'termios2',
  TCSETSW2: 'termios2',
  TCSETSF2: 'termios2',
  TIOCGWINSZ: 'winsize',
  TIOCSWINSZ: 'winsize',
  FIONREAD: 'int',
  TIOCOUTQ: 'int',
  TIOCGPGRP: 'int',
  TIOCSPGRP: 'int',
  TIOCGSID: 'int',
  TIOCGPTN: 'int',
  TIOCSPTLCK: 'int',
  TIOCMGET: 'int',
  TIOCMSET: 'int',
  FIONBIO: 'int',
  FIOASYNC: 'int',
};

const ioctl: SpecialCall = {
  args(c) {
    const req = enumName(c.arg(1), 'ioctl_request');
    const out = [c.formatArg(0), formatEnum(c.arg(1), 'ioctl_request')];
    if (req && IOCTL_NO_ARG.has(req)) return out;
    const struct = req ? IOCTL_STRUCTS[req] : undefined;
    if (struct) {
      out.push(c.formatStructArg(2, struct));
    } else {
      const shown = c.shownBytes(2);
      out.push(shown ? c.formatArg(2) : hex(c.arg(2)));
    }
    return out;
  },
};

// --- futex -------------------------------------------------------------------

const FUTEX_PRIVATE_FLAG = 128;
const FUTEX_CLOCK_REALTIME = 256;
const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

/**
 * The futex op as strace prints it: the command's name, `_PRIVATE` when the
 * private bit is set, then `|FUTEX_CLOCK_REALTIME`. Built here rather than
 * looked up whole, because the table may list the modifier bits on their own.
 */
function futexOp(op: number): string {
  const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  const cmdName = enumName(cmd, 'futex_op');
  if (!cmdName) return hex(op);
  let text = op & FUTEX_PRIVATE_FLAG ? `${cmdName}_PRIVATE` : cmdName;
  if (op & FUTEX_CLOCK_REALTIME) text += '|FUTEX_CLOCK_REALTIME';
  return text;
}

const bitset = (v: number): string =>
  v === FUTEX_BITSET_MATCH_ANY ? 'FUTEX_BITSET_MATCH_ANY' : hex(v);

const futex: SpecialCall = {
  args(c) {
    const op = u32(c.arg(1));
    const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    const uaddr = formatPointer(c.arg(0));
    const val = String(i32(c.arg(2)));
    const timeout = (): string => pointerOrStruct(c, 3, 'timespec');
    const val2 = String(u32(c.arg(3)));
    const uaddr2 = formatPointer(c.arg(4));
    const val3 = u32(c.arg(5));
    const head = [uaddr, futexOp(op)];
    switch (cmd) {
      case 0: // WAIT
        return [...head, val, timeout()];
      case 1: // WAKE
      case 2: // FD
        return [...head, val];
      case 3: // REQUEUE
        return [...head, val, val2, uaddr2];
      case 4: // CMP_REQUEUE
      case 12: // CMP_REQUEUE_PI
        return [...head, val, val2, uaddr2, String(val3)];
      case 5: // WAKE_OP
        return [...head, val, val2, uaddr2, hex(val3)];
      case 6: // LOCK_PI
      case 13: // LOCK_PI2
        return [...head, timeout()];
      case 7: // UNLOCK_PI
      case 8: // TRYLOCK_PI
        return head;
      case 9: // WAIT_BITSET
        return [...head, val, timeout(), bitset(val3)];
      case 10: // WAKE_BITSET
        return [...head, val, bitset(val3)];
      case 11: // WAIT_REQUEUE_PI
        return [...head, val, timeout(), uaddr2];
      default:
        return [uaddr, futexOp(op), val, formatPointer(c.arg(3)), uaddr2, hex(val3)];
    }
  },
};

// --- clone -------------------------------------------------------------------

const CLONE_SETTLS = 0x80000n;
const CLONE_PARENT_SETTID = 0x100000n;
const CLONE_CHILD_CLEARTID = 0x200000n;
const CLONE_CHILD_SETTID = 0x1000000n;

/** clone's flags: the CLONE_* bits, then the exit signal held in the low byte (`…|SIGCHLD`) */
export function formatCloneFlags(flags: bigint): string {
  const signal = Number(flags & 0xffn);
  const rest = flags & ~0xffn;
  const parts: string[] = [];
  if (rest !== 0n) parts.push(formatFlags(rest, 'clone_flags'));
  if (signal !== 0) parts.push(formatSignal(signal));
  return parts.length ? parts.join('|') : '0';
}

/** x86-64 raw clone(flags, stack, parent_tid, child_tid, tls), printed with names like strace */
const clone: SpecialCall = {
  args(c) {
    const flags = u64(c.arg(0));
    const out = [`child_stack=${formatPointer(c.arg(1))}`, `flags=${formatCloneFlags(flags)}`];
    if (flags & CLONE_PARENT_SETTID) {
      const tid = c.bytes(2, 'out');
      out.push(
        `parent_tid=${tid && tid.length >= 4 ? `[${new LE(tid).i32(0)}]` : formatPointer(c.arg(2))}`,
      );
    }
    if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
      out.push(`child_tidptr=${formatPointer(c.arg(3))}`);
    if (flags & CLONE_SETTLS) out.push(`tls=${formatPointer(c.arg(4))}`);
    return out;
  },
};

// --- poll and select -----------------------------------------------------------

/** poll/ppoll: the fds as passed in, and the returned events after the result */
const poll: SpecialCall = {
  args(c) {
    const out = c.def.args.map((_, i) => c.formatArg(i));
    out[0] = pointerOrStruct(c, 0, 'pollfd', 'in');
    if (c.name === 'ppoll' && c.def.args.length > 2)
      out[2] = pointerOrStruct(c, 2, 'timespec', 'in');
    return out;
  },
  detail(c) {
    if (c.ret === 0n) return '(Timeout)';
    const after = c.bytes(0, 'out');
    return after ? `(${formatPollRevents(new LE(after), c.strSize)})` : undefined;
  },
};

/** select/pselect6: the fd sets as passed in; after the result, the ready ones and the time left */
const select: SpecialCall = {
  args(c) {
    const out = c.def.args.map((_, i) => c.formatArg(i));
    for (const i of [1, 2, 3]) {
      if (u64(c.arg(i)) === 0n) out[i] = 'NULL';
      else {
        const b = c.bytes(i, 'in');
        out[i] = b ? formatFdSet(new LE(b)) : formatPointer(c.arg(i));
      }
    }
    out[4] = pointerOrStruct(c, 4, c.name === 'select' ? 'timeval' : 'timespec', 'in');
    return out;
  },
  detail(c) {
    if (c.ret === 0n) return '(Timeout)';
    const parts: string[] = [];
    ['in', 'out', 'except'].forEach((label, k) => {
      const b = c.bytes(k + 1, 'out');
      if (b && formatFdSet(new LE(b)) !== '[]') parts.push(`${label} ${formatFdSet(new LE(b))}`);
    });
    const left = c.bytes(4, 'out');
    if (left && left.length >= 16)
      parts.push(
        `left ${c.name === 'select' ? formatTimevalAt(new LE(left)) : formatTimespecAt(new LE(left))}`,
      );
    return parts.length ? `(${parts.join(', ')})` : undefined;
  },
};

// --- small ones ----------------------------------------------------------------

/** wait4's status is an int the table cannot type further: shown as strace's W* macros */
const wait4: SpecialCall = {
  args(c) {
    const out = c.def.args.map((_, i) => c.formatArg(i));
    const status = c.bytes(1, 'out');
    if (status && status.length >= 4) out[1] = formatWaitStatus(new LE(status).i32(0));
    return out;
  },
};

const O_CREAT = 0o100n;
const O_TMPFILE_BIT = 0o20000000n;

/** open/openat: the mode only when the flags make the kernel use it, as strace shows it */
const open: SpecialCall = {
  args(c) {
    const out = c.def.args.map((_, i) => c.formatArg(i));
    const flagsAt = c.def.args.findIndex((d) => d.set === 'open_flags');
    const flags = flagsAt >= 0 ? u64(c.arg(flagsAt)) : 0n;
    if (flagsAt >= 0 && !(flags & (O_CREAT | O_TMPFILE_BIT))) out.length = flagsAt + 1;
    return out;
  },
};

const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;

/** mknod/mknodat: the device number only for device files */
const mknod: SpecialCall = {
  args(c) {
    const out = c.def.args.map((_, i) => c.formatArg(i));
    const modeAt = c.def.args.findIndex((d) => d.type === 'mode');
    const type = modeAt >= 0 ? u32(c.arg(modeAt)) & S_IFMT : 0;
    if (modeAt >= 0 && type !== S_IFCHR && type !== S_IFBLK) out.length = modeAt + 1;
    return out;
  },
};

/** mmap's offset is page-aligned: strace shows it in hex */
const mmap: SpecialCall = {
  args(c) {
    const out = c.def.args.map((_, i) => c.formatArg(i));
    if (out.length === 6) out[5] = hex(c.arg(5));
    return out;
  },
};

/** umask returns the previous mask: octal like its argument */
const umask: SpecialCall = { result: (c) => formatOctal(Number(c.ret & 0o7777n)) };

/** getcwd fills a NUL-terminated string: shown without the NUL */
const getcwd: SpecialCall = {
  args(c) {
    const b = c.bytes(0, 'out');
    return [b ? quoteCString(b, Infinity) : formatPointer(c.arg(0)), c.formatArg(1)];
  },
};

/** get/setsockopt: a 4-byte option value is an int, `[1]` */
const sockopt: SpecialCall = {
  args(c) {
    const out = c.def.args.map((_, i) => c.formatArg(i));
    const v = c.shownBytes(3);
    if (v && v.bytes.length === 4) out[3] = `[${new LE(v.bytes).i32(0)}]`;
    return out;
  },
};

/** get/setgroups: the gid array, `[0, 1000]` */
const groups: SpecialCall = {
  args(c) {
    const out = c.def.args.map((_, i) => c.formatArg(i));
    const shown = c.shownBytes(1);
    if (shown) {
      const b = new LE(shown.bytes);
      const gids: string[] = [];
      for (let o = 0; o + 4 <= b.length; o += 4) gids.push(String(b.u32(o)));
      out[1] = formatList(gids.slice(0, c.strSize), gids.length, c.strSize);
    }
    return out;
  },
};

/** Overrides by syscall name. */
export const SPECIAL_CALLS: Readonly<Record<string, SpecialCall>> = {
  fcntl,
  ioctl,
  futex,
  clone,
  poll,
  ppoll: poll,
  select,
  pselect6: select,
  open,
  openat: open,
  mknod,
  mknodat: mknod,
  mmap,
  umask,
  getcwd,
  wait4,
  getsockopt: sockopt,
  setsockopt: sockopt,
  getgroups: groups,
  setgroups: groups,
};
