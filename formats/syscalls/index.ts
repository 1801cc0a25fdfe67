/**
 * The x86-64 syscall table: every syscall of the 64-bit ABI ("common" and "64"
 * entries of the kernel's arch/x86/entry/syscalls/syscall_64.tbl, up to Linux
 * 6.18; not the x32 numbers from 512), with argument types and memory effects.
 *
 * `described` (default true) means every byte the kernel writes is captured
 * exactly, so replay can emulate the call, and the main inputs are compared.
 * Inputs reached only through a second pointer (pselect6's sigset, the buffers
 * inside clone_args) are not compared. Calls whose writes depend on an
 * operation code the schema cannot follow (prctl, ptrace, shmctl, ...) are
 * `described: false`: recorded with their raw arguments and flagged.
 */
import { CONST_SETS, ERRNO, errnoName } from './constants';
import { FILE_SYSCALLS } from './files';
import { IPC_SYSCALLS } from './ipc';
import { MEMORY_SYSCALLS } from './memory';
import { NETWORK_SYSCALLS } from './network';
import { PROCESS_SYSCALLS } from './process';
import { SIGNAL_SYSCALLS } from './signals';
import { STRUCTS } from './structs';
import { rawName, rawNumber } from './raw-names';
import { SYSTEM_SYSCALLS } from './system';
import { TIME_SYSCALLS } from './time';
import type { Family, MemEffect, SyscallDef } from './types';

export type * from './types';
export {
  CONST_SETS,
  ERRNO,
  SIGNALS,
  errnoMessage,
  errnoName,
  errnoNumber,
  signalName,
} from './constants';
export type { ConstSet } from './constants';
export { STRUCTS } from './structs';
export type { StructDef } from './structs';
export { IOCTLS, ioctlByRequest, ioctlEffect } from './ioctls';
export type { IoctlDef } from './ioctls';

/** Every syscall, sorted by number. */
export const SYSCALLS: readonly SyscallDef[] = [
  ...FILE_SYSCALLS,
  ...NETWORK_SYSCALLS,
  ...PROCESS_SYSCALLS,
  ...MEMORY_SYSCALLS,
  ...SIGNAL_SYSCALLS,
  ...TIME_SYSCALLS,
  ...IPC_SYSCALLS,
  ...SYSTEM_SYSCALLS,
].sort((x, y) => x.nr - y.nr);

/** The highest syscall number in the table. */
export const MAX_SYSCALL_NR: number = SYSCALLS[SYSCALLS.length - 1].nr;

const BY_NUMBER = new Map(SYSCALLS.map((s) => [s.nr, s]));
const BY_NAME = new Map(SYSCALLS.map((s) => [s.name, s]));

/** The syscall with this number, or undefined (unassigned numbers, x32 numbers). */
export function syscallByNumber(nr: number): SyscallDef | undefined {
  return BY_NUMBER.get(nr);
}

/** The syscall with this name (kernel spelling: `newfstatat`, `pread64`, `umount2`). */
export function syscallByName(name: string): SyscallDef | undefined {
  return BY_NAME.get(name);
}

/** The name of a syscall number, or `syscall_<nr>` when the table has none. */
export function syscallName(nr: number): string {
  return BY_NUMBER.get(nr)?.name ?? rawName(nr);
}

/** The number of a syscall name (also accepts `syscall_<nr>`), or undefined. */
export function syscallNumber(name: string): number | undefined {
  return BY_NAME.get(name)?.nr ?? rawNumber(name);
}

/** The syscalls of one family, sorted by number. */
export function syscallsInFamily(family: Family): SyscallDef[] {
  return SYSCALLS.filter((s) => s.family === family);
}

/** Whether a syscall is described (see the module comment). */
export function isDescribed(def: SyscallDef): boolean {
  return def.described !== false;
}

/**
 * Whether a raw syscall result is an error: -4095..-1 as a signed 64-bit value.
 * Accepts the result as a signed number, or as an unsigned register value
 * (number or bigint).
 */
export function isErrorResult(ret: number | bigint): boolean {
  let v: bigint;
  if (typeof ret === 'bigint') v = BigInt.asIntN(64, ret);
  else if (Number.isInteger(ret)) v = BigInt.asIntN(64, BigInt(ret));
  else return false;
  return v >= -4095n && v <= -1n;
}

/** Optimal-string-alignment distance: edits, counting a swap of neighbours as one. */
function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * Syscall names close to a misspelled one, best first, for "unknown syscall"
 * messages: `nearSyscallNames('opne')` gives `['open', ...]`.
 */
export function nearSyscallNames(name: string, limit = 5): string[] {
  return nearNames(
    name.trim().toLowerCase(),
    SYSCALLS.map((s) => s.name),
    limit,
  );
}

/** Errno names close to a misspelled one (`ENOSPACE` gives `['ENOSPC', ...]`). */
export function nearErrnoNames(name: string, limit = 5): string[] {
  const names = Object.keys(ERRNO).map((n) => errnoName(Number(n)));
  return nearNames(name.trim().toUpperCase(), names, limit);
}

/** The candidates within a few edits of `wanted`, best first. */
function nearNames(wanted: string, candidates: readonly string[], limit: number): string[] {
  // Short names tolerate one edit, longer ones a third of their length, at most 3.
  const maxDistance = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  return candidates
    .map((name) => ({ name, d: editDistance(wanted, name) }))
    .filter((c) => c.d <= maxDistance && c.d > 0)
    .sort((x, y) => x.d - y.d || x.name.length - y.name.length || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map((c) => c.name);
}

function checkEffect(def: SyscallDef, e: MemEffect, where: string): string[] {
  const problems: string[] = [];
  const argOk = (i: number | undefined): boolean =>
    i !== undefined && Number.isInteger(i) && i >= 0 && i < def.args.length;
  if (!argOk(e.arg)) problems.push(`${where}: arg ${e.arg} out of range`);
  if (e.dir !== 'path' && (e.size === undefined) === (e.layout === undefined)) {
    problems.push(`${where}: needs exactly one of size and layout`);
  }
  if (e.when !== undefined && e.dir !== 'out') problems.push(`${where}: 'when' on an in effect`);
  if (e.dir === 'path') {
    if (e.size || e.layout) problems.push(`${where}: a path has no size`);
    if (def.args[e.arg]?.type !== 'fd') problems.push(`${where}: a path is of a descriptor`);
  } else if (e.dir === 'data') {
    if (!argOk(e.offsetArg)) problems.push(`${where}: data needs offsetArg`);
    if (!e.size || !('ret' in e.size) || e.layout)
      problems.push(`${where}: data is sized by the result`);
    if (def.args[e.arg]?.type !== 'fd') problems.push(`${where}: data comes from a descriptor`);
  } else if (e.offsetArg !== undefined) {
    problems.push(`${where}: offsetArg is for data effects`);
  }
  const s = e.size;
  if (s) {
    const kinds = Object.keys(s).filter((k) => k !== 'times');
    if (kinds.length !== 1) problems.push(`${where}: size must have one kind`);
    if ('fixed' in s && !(Number.isInteger(s.fixed) && s.fixed > 0 && s.fixed <= 4096)) {
      problems.push(`${where}: fixed size ${s.fixed} not in 1..4096`);
    }
    if ('arg' in s && !argOk(s.arg)) problems.push(`${where}: size arg ${s.arg} out of range`);
    if ('retMaxArg' in s && !argOk(s.retMaxArg)) problems.push(`${where}: retMaxArg out of range`);
    if ('lenPtrArg' in s && !argOk(s.lenPtrArg)) problems.push(`${where}: lenPtrArg out of range`);
    if ('times' in s && !(Number.isInteger(s.times) && (s.times ?? 0) > 0)) {
      problems.push(`${where}: times must be a positive integer`);
    }
    if (e.dir === 'in' && ('ret' in s || 'retMaxArg' in s)) {
      problems.push(`${where}: an in effect cannot be sized by the result`);
    }
    if (e.dir === 'out' && 'cstr' in s) problems.push(`${where}: cstr is in only`);
    const arg = def.args[e.arg];
    const struct = arg?.type === 'struct' ? STRUCTS[arg.struct ?? '']?.size : undefined;
    if ('fixed' in s && struct !== undefined && s.fixed % struct !== 0) {
      problems.push(`${where}: ${s.fixed} bytes is not a whole number of ${arg.struct}`);
    }
  }
  if (e.layout === 'iovec' && !argOk(e.countArg)) problems.push(`${where}: iovec needs countArg`);
  if (e.layout === 'mmsghdr' && e.dir === 'in' && !argOk(e.countArg)) {
    problems.push(`${where}: mmsghdr in needs countArg`);
  }
  if (e.countArg !== undefined && !argOk(e.countArg)) {
    problems.push(`${where}: countArg out of range`);
  }
  if (e.layout === 'sockopt' && (e.dir !== 'out' || def.args.length < 5)) {
    problems.push(`${where}: sockopt is out only, on getsockopt-shaped calls`);
  }
  if (e.layout === 'epoll_ctl' && e.dir !== 'in') problems.push(`${where}: epoll_ctl is in only`);
  if (e.layout === 'argv' && e.dir !== 'in') problems.push(`${where}: argv is in only`);
  return problems;
}

/**
 * Consistency problems of the table, empty when it is sound: unique names and
 * numbers, every `set` in CONST_SETS, every `struct` in STRUCTS, every effect's
 * argument indices in range and its size spec well-formed. Tests assert it is
 * empty; tools may call it to validate a modified table.
 */
export function checkTable(table: readonly SyscallDef[] = SYSCALLS): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const def of table) {
    if (names.has(def.name)) problems.push(`${def.name}: duplicate name`);
    if (numbers.has(def.nr)) problems.push(`${def.name}: duplicate number ${def.nr}`);
    names.add(def.name);
    numbers.add(def.nr);
    if (!/^[a-z_][a-z0-9_]*$/.test(def.name)) problems.push(`${def.name}: bad name`);
    if (def.args.length > 6) problems.push(`${def.name}: more than 6 arguments`);
    const argNames = new Set<string>();
    def.args.forEach((arg, i) => {
      const where = `${def.name} arg ${i} (${arg.name})`;
      if (argNames.has(arg.name)) problems.push(`${where}: duplicate argument name`);
      argNames.add(arg.name);
      if (arg.type === 'flags' || arg.type === 'enum') {
        if (!arg.set) problems.push(`${where}: ${arg.type} without set`);
        else if (!CONST_SETS[arg.set]) problems.push(`${where}: unknown set ${arg.set}`);
      } else if (arg.set) problems.push(`${where}: set on a ${arg.type} argument`);
      if (arg.type === 'struct') {
        if (!arg.struct) problems.push(`${where}: struct without struct name`);
        else if (!STRUCTS[arg.struct]) problems.push(`${where}: unknown struct ${arg.struct}`);
      } else if (arg.struct) problems.push(`${where}: struct name on a ${arg.type} argument`);
    });
    (def.effects ?? []).forEach((e, i) => {
      problems.push(...checkEffect(def, e, `${def.name} effect ${i}`));
    });
  }
  return problems;
}
