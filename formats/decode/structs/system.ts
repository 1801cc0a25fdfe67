/** System structs: utsname, sysinfo, rlimit, CPU masks, termios, winsize, clone_args, sched_param. */
import type { LE } from '../bytes';
import { formatFlags, formatPointer, formatSignal, hex, quoteCString } from '../values';
import { formatArray, formatFields, type StructEntry } from './context';

const UTS_FIELD = 65;

/** struct utsname (6 × 65 bytes), abbreviated like strace: sysname and nodename */
export const utsname: StructEntry = {
  size: 2 * UTS_FIELD,
  decode(b) {
    return formatFields(
      [
        ['sysname', quoteCString(b.slice(0, UTS_FIELD))],
        ['nodename', quoteCString(b.slice(UTS_FIELD, UTS_FIELD))],
      ],
      true,
    );
  },
};

/** struct sysinfo (112 bytes), in full like strace */
export const sysinfo: StructEntry = {
  size: 112,
  decode(b) {
    return formatFields([
      ['uptime', b.i64(0).toString()],
      ['loads', `[${b.u64(8)}, ${b.u64(16)}, ${b.u64(24)}]`],
      ['totalram', b.u64(32).toString()],
      ['freeram', b.u64(40).toString()],
      ['sharedram', b.u64(48).toString()],
      ['bufferram', b.u64(56).toString()],
      ['totalswap', b.u64(64).toString()],
      ['freeswap', b.u64(72).toString()],
      ['procs', String(b.u16(80))],
      ['totalhigh', b.u64(88).toString()],
      ['freehigh', b.u64(96).toString()],
      ['mem_unit', String(b.u32(104))],
    ]);
  },
};

const RLIM64_INFINITY = 0xffffffffffffffffn;

/** a limit as strace prints it: `RLIM64_INFINITY`, `8192*1024`, or decimal */
function rlim(v: bigint): string {
  if (v === RLIM64_INFINITY) return 'RLIM64_INFINITY';
  if (v > 1024n && v % 1024n === 0n) return `${v / 1024n}*1024`;
  return v.toString();
}

/** struct rlimit / rlimit64 (16 bytes; the same layout on x86-64) */
export const rlimit: StructEntry = {
  size: 16,
  decode(b) {
    return formatFields([
      ['rlim_cur', rlim(b.u64(0))],
      ['rlim_max', rlim(b.u64(8))],
    ]);
  },
};

/** a CPU mask (sched_{get,set}affinity): the set CPUs, `[0 1]` */
export const cpuMask: StructEntry = {
  size: 0,
  decode(b) {
    const cpus: number[] = [];
    for (let i = 0; i < b.length; i++) {
      const byte = b.u8(i);
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) cpus.push(i * 8 + bit);
    }
    return `[${cpus.join(' ')}]`;
  },
};

/** kernel struct termios (TCGETS, 36 bytes), briefly: the four flag words in hex */
export const termios: StructEntry = {
  size: 16,
  decode(b) {
    return formatFields(
      [
        ['c_iflag', hex(b.u32(0))],
        ['c_oflag', hex(b.u32(4))],
        ['c_cflag', hex(b.u32(8))],
        ['c_lflag', hex(b.u32(12))],
      ],
      true,
    );
  },
};

export const winsize: StructEntry = {
  size: 8,
  decode(b) {
    return formatFields([
      ['ws_row', String(b.u16(0))],
      ['ws_col', String(b.u16(2))],
      ['ws_xpixel', String(b.u16(4))],
      ['ws_ypixel', String(b.u16(6))],
    ]);
  },
};

const CLONE_PIDFD = 0x1000n;
const CLONE_SETTLS = 0x80000n;
const CLONE_PARENT_SETTID = 0x100000n;
const CLONE_CHILD_CLEARTID = 0x200000n;
const CLONE_CHILD_SETTID = 0x1000000n;

/**
 * struct clone_args (clone3, 64 bytes and up), like strace: pointer fields
 * only when their flag makes the kernel use them.
 */
export const cloneArgs: StructEntry = {
  size: 64,
  decode(b: LE) {
    const flags = b.u64(0);
    const fields: [string, string][] = [['flags', formatFlags(flags, 'clone_flags')]];
    if (flags & CLONE_PIDFD) fields.push(['pidfd', formatPointer(b.u64(8))]);
    if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
      fields.push(['child_tid', formatPointer(b.u64(16))]);
    if (flags & CLONE_PARENT_SETTID) fields.push(['parent_tid', formatPointer(b.u64(24))]);
    fields.push(['exit_signal', formatSignal(b.u64(32))]);
    fields.push(['stack', formatPointer(b.u64(40))]);
    fields.push(['stack_size', hex(b.u64(48))]);
    if (flags & CLONE_SETTLS) fields.push(['tls', formatPointer(b.u64(56))]);
    return formatFields(fields);
  },
};

export const schedParam: StructEntry = {
  size: 4,
  decode(b) {
    return formatFields([['sched_priority', String(b.i32(0))]]);
  },
};

const O_NONBLOCK = 0o4000n;

/** struct mq_attr (POSIX message queues) */
export const mqAttr: StructEntry = {
  size: 32,
  decode(b) {
    const flags = b.i64(0);
    return formatFields([
      ['mq_flags', flags === O_NONBLOCK ? 'O_NONBLOCK' : flags.toString()],
      ['mq_maxmsg', b.i64(8).toString()],
      ['mq_msgsize', b.i64(16).toString()],
      ['mq_curmsgs', b.i64(24).toString()],
    ]);
  },
};

const IPC_NOWAIT = 0o4000;
const SEM_UNDO = 0x1000;

function semFlags(f: number): string {
  const parts: string[] = [];
  if (f & IPC_NOWAIT) parts.push('IPC_NOWAIT');
  if (f & SEM_UNDO) parts.push('SEM_UNDO');
  const rest = f & ~(IPC_NOWAIT | SEM_UNDO);
  if (rest) parts.push(hex(rest & 0xffff));
  return parts.length ? parts.join('|') : '0';
}

/** struct sembuf array (semop, 6 bytes each) */
export const sembuf: StructEntry = {
  size: 6,
  decode(b, ctx) {
    return formatArray(b, 6, ctx.strSize, (e) =>
      formatFields([
        ['sem_num', String(e.u16(0))],
        ['sem_op', String(e.i16(2))],
        ['sem_flg', semFlags(e.u16(4))],
      ]),
    );
  },
};
