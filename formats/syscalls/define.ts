/**
 * Small builders that keep the family tables (files.ts, network.ts, ...) short
 * and regular. They only assemble {@link SyscallDef} objects; all knowledge
 * lives in the tables themselves.
 */
import { STRUCTS } from './structs';
import type { ArgDef, Family, Layout, MemEffect, RetType, SizeSpec, SyscallDef } from './types';

/** Argument builders, one per {@link ArgDef} type. */
export const a = {
  int: (name: string): ArgDef => ({ name, type: 'int' }),
  timeout: (name = 'timeout'): ArgDef => ({ name, type: 'timeout' }),
  uint: (name: string): ArgDef => ({ name, type: 'uint' }),
  hex: (name: string): ArgDef => ({ name, type: 'hex' }),
  size: (name: string): ArgDef => ({ name, type: 'size' }),
  off: (name: string): ArgDef => ({ name, type: 'off' }),
  fd: (name = 'fd'): ArgDef => ({ name, type: 'fd' }),
  dirfd: (name = 'dirfd'): ArgDef => ({ name, type: 'dirfd' }),
  pid: (name = 'pid'): ArgDef => ({ name, type: 'pid' }),
  uid: (name: string): ArgDef => ({ name, type: 'uid' }),
  gid: (name: string): ArgDef => ({ name, type: 'gid' }),
  signal: (name = 'sig'): ArgDef => ({ name, type: 'signal' }),
  mode: (name = 'mode'): ArgDef => ({ name, type: 'mode' }),
  dev: (name = 'dev'): ArgDef => ({ name, type: 'dev' }),
  clockid: (name = 'clockid'): ArgDef => ({ name, type: 'clockid' }),
  ptr: (name: string): ArgDef => ({ name, type: 'ptr' }),
  path: (name = 'pathname'): ArgDef => ({ name, type: 'path' }),
  str: (name: string): ArgDef => ({ name, type: 'str' }),
  buf: (name = 'buf'): ArgDef => ({ name, type: 'buf' }),
  argv: (name: string): ArgDef => ({ name, type: 'argv' }),
  iovec: (name = 'iov'): ArgDef => ({ name, type: 'iovec' }),
  msghdr: (name = 'msg'): ArgDef => ({ name, type: 'msghdr' }),
  sockaddr: (name = 'addr'): ArgDef => ({ name, type: 'sockaddr' }),
  struct: (name: string, struct: string): ArgDef => ({ name, type: 'struct', struct }),
  flags: (name: string, set: string): ArgDef => ({ name, type: 'flags', set }),
  enum: (name: string, set: string): ArgDef => ({ name, type: 'enum', set }),
};

/** Six raw arguments, for calls the table does not describe. */
export const RAW_ARGS: ArgDef[] = [0, 1, 2, 3, 4, 5].map((i) => a.hex(`arg${i}`));

/** Size specs used again and again. */
export const RET: SizeSpec = { ret: true };
export const CSTR: SizeSpec = { cstr: true };
export const fixed = (bytes: number): SizeSpec => ({ fixed: bytes });
export const byArg = (arg: number, times?: number): SizeSpec =>
  times === undefined ? { arg } : { arg, times };
export const byRet = (times: number): SizeSpec => ({ ret: true, times });

/** Size of a struct from `structs.ts`; throws on a variable-size or unknown one. */
export function sizeOf(struct: string): number {
  const size = STRUCTS[struct]?.size;
  if (size === undefined) throw new Error(`struct ${struct} has no fixed size`);
  return size;
}

/** The kernel reads `size` bytes at argument `arg` (captured at entry, compared on replay). */
export const inp = (arg: number, size: SizeSpec): MemEffect => ({ dir: 'in', arg, size });

/** The kernel writes `size` bytes at argument `arg` (captured at exit, written back on replay). */
export const out = (arg: number, size: SizeSpec, when?: 'always'): MemEffect =>
  when ? { dir: 'out', arg, size, when } : { dir: 'out', arg, size };

/** The kernel reads a NUL-terminated string at argument `arg`. */
export const cstr = (arg: number): MemEffect => inp(arg, CSTR);

/** The kernel reads the whole struct at argument `arg`. */
export const inS = (arg: number, struct: string): MemEffect => inp(arg, fixed(sizeOf(struct)));

/** The kernel writes the whole struct at argument `arg`. */
export const outS = (arg: number, struct: string, when?: 'always'): MemEffect =>
  out(arg, fixed(sizeOf(struct)), when);

/**
 * The kernel moves the result's count of bytes from the file at descriptor
 * argument `fdArg`, starting at the offset `offsetArg` points to (or the
 * descriptor's position when it is NULL), to another descriptor.
 */
export const moved = (fdArg: number, offsetArg: number): MemEffect => ({
  dir: 'data',
  arg: fdArg,
  offsetArg,
  size: RET,
});

/** The path of the file open at descriptor argument `fdArg` (read from /proc at exit). */
export const fdPath = (fdArg: number): MemEffect => ({ dir: 'path', arg: fdArg });

/** An indirect layout read at entry. */
export const inL = (arg: number, layout: Layout, countArg?: number): MemEffect =>
  countArg === undefined ? { dir: 'in', arg, layout } : { dir: 'in', arg, layout, countArg };

/** An indirect layout written by the kernel. */
export const outL = (arg: number, layout: Layout, countArg?: number): MemEffect =>
  countArg === undefined ? { dir: 'out', arg, layout } : { dir: 'out', arg, layout, countArg };

/** Options of {@link family}'s builder. */
export interface DefOptions {
  /** false: arguments or memory effects not fully known; the call is flagged when recorded */
  described?: boolean;
}

/**
 * A builder for one family: `sys(nr, name, args, ret, effects?, options?)`.
 * Calls with `described: false` keep whatever arguments are known so the
 * decoder can still name them.
 */
export function family(fam: Family) {
  return (
    nr: number,
    name: string,
    args: ArgDef[],
    ret: RetType,
    effects: MemEffect[] = [],
    options: DefOptions = {},
  ): SyscallDef => {
    const def: SyscallDef = { nr, name, family: fam, args, ret };
    if (effects.length > 0) def.effects = effects;
    if (options.described === false) def.described = false;
    return def;
  };
}

/**
 * A call the x86-64 kernel does not implement (no entry point in syscall_64.tbl,
 * or sys_ni_syscall): it always fails with ENOSYS and touches no memory.
 */
export function unimplemented(fam: Family, nr: number, name: string): SyscallDef {
  return { nr, name, family: fam, args: RAW_ARGS, ret: 'int', described: false };
}
