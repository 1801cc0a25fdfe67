/**
 * One syscall record seen through its table entry: argument values by type,
 * the memory captured for each argument, and whether the call succeeded.
 * `line.ts` and the per-call tweaks in `special-calls.ts` format through it.
 */
import { isErrorResult } from '../syscalls';
import type { ArgDef, MemEffect, SyscallDef } from '../syscalls/types';
import type { SyscallRecord, Word } from '../trace/records';
import { LE } from './bytes';
import { MemView, type Dir } from './memory';
import { formatStruct } from './structs';
import type { StructContext } from './structs/context';
import { formatList } from './structs/context';
import { formatIovecs } from './structs/io';
import { formatMsghdr, formatSockaddr } from './structs/net';
import { formatPointer, formatScalar, hex, i64, quoteBytes, quoteCString, u64 } from './values';

/** struct names (formats/syscalls/structs.ts) that are one pointed-to number: `[in => out]` when the kernel changed it */
const VALUE_RESULT_STRUCTS = new Set([
  'int',
  'uint',
  'uid_t',
  'gid_t',
  'socklen_t',
  'timer_t',
  'loff_t',
  'size_t',
  'time_t',
  'u64',
]);

/** A syscall record with its table entry, formatting arguments by type. */
export class SyscallView {
  readonly mem: MemView;
  /** the result as a signed 64-bit value */
  readonly ret: bigint;
  /** false when the result is -errno (for calls whose result can be an error) */
  readonly success: boolean;

  constructor(
    readonly rec: SyscallRecord,
    readonly def: SyscallDef,
    readonly strSize: number,
  ) {
    this.mem = new MemView(rec.mem);
    this.ret = i64(rec.ret);
    this.success = def.ret === 'value' || !isErrorResult(rec.ret);
  }

  get name(): string {
    return this.def.name;
  }

  arg(i: number): Word {
    return this.rec.args[i] ?? 0;
  }

  argDef(i: number): ArgDef | undefined {
    return this.def.args[i];
  }

  effects(i: number, dir: Dir): MemEffect[] {
    return (this.def.effects ?? []).filter((e) => e.arg === i && e.dir === dir);
  }

  /** whether memory the kernel wrote through argument `i` is shown: on success, or when always captured */
  outShown(i: number): boolean {
    return this.success || this.effects(i, 'out').some((e) => e.when === 'always');
  }

  /**
   * Whether the table says memory at argument `i` moves in direction `dir`:
   * an effect on the argument, or an indirect layout (ioctl, sockopt, ...)
   * whose regions cannot be pinned to one argument. Other arguments are never
   * shown from memory, even if a captured region happens to sit at their address.
   */
  private mayHaveMemory(i: number, dir: Dir): boolean {
    return (this.def.effects ?? []).some(
      (e) => e.dir === dir && (e.arg === i || e.layout !== undefined),
    );
  }

  /** captured bytes of pointer argument `i` in direction `dir` */
  bytes(i: number, dir: Dir): Uint8Array | undefined {
    if (u64(this.arg(i)) === 0n || !this.mayHaveMemory(i, dir)) return undefined;
    if (dir === 'out' && !this.outShown(i)) return undefined;
    return this.mem.argBytes(i, this.arg(i), dir);
  }

  /** what to show for argument `i`: what the kernel wrote when shown, else what it read */
  shownBytes(i: number): { bytes: Uint8Array; dir: Dir } | undefined {
    const out = this.bytes(i, 'out');
    if (out) return { bytes: out, dir: 'out' };
    const inp = this.bytes(i, 'in');
    return inp ? { bytes: inp, dir: 'in' } : undefined;
  }

  /** the call succeeded with 0 and the kernel would have written `ret` bytes or elements: nothing to capture */
  private emptyResultOut(i: number): boolean {
    return (
      this.success &&
      this.ret === 0n &&
      this.effects(i, 'out').some(
        (e) => e.size !== undefined && ('ret' in e.size || 'retMaxArg' in e.size),
      )
    );
  }

  structContext(dir: Dir): StructContext {
    return {
      mem: this.mem,
      strSize: this.strSize,
      dir,
      dataLimit: dir === 'out' && this.success && this.ret >= 0n ? Number(this.ret) : undefined,
      syscall: this.name,
    };
  }

  /** argument `i` formatted by its table type */
  formatArg(i: number): string {
    const def = this.argDef(i);
    const value = this.arg(i);
    if (!def) return hex(value);
    switch (def.type) {
      case 'path':
      case 'str': {
        const b = this.bytes(i, 'in');
        if (!b) return formatPointer(value);
        return quoteCString(b, def.type === 'path' ? Infinity : this.strSize);
      }
      case 'buf': {
        const shown = this.shownBytes(i);
        if (shown) return quoteBytes(shown.bytes, this.strSize);
        return this.emptyResultOut(i) ? '""' : formatPointer(value);
      }
      case 'struct':
        return this.formatStructArg(i, def.struct ?? '');
      case 'sockaddr': {
        const shown = this.shownBytes(i);
        return shown && shown.bytes.length > 0
          ? formatSockaddr(new LE(shown.bytes))
          : formatPointer(value);
      }
      case 'iovec':
        return this.formatIovecArg(i);
      case 'msghdr': {
        const shown = this.shownBytes(i);
        if (!shown || shown.bytes.length < 56) return formatPointer(value);
        return formatMsghdr(new LE(shown.bytes), this.structContext(shown.dir));
      }
      case 'argv':
        return this.formatArgvArg(i, /^env/.test(def.name));
      case 'fd': {
        // the file behind it, when recorded (an mmap's), as strace -y shows it: 3</lib/libc.so.6>
        const path = this.rec.mem.find((m) => m.dir === 'path' && m.arg === i);
        const fd = formatScalar(def.type, value, def.set);
        return path ? `${fd}<${Buffer.from(path.bytes).toString('utf8')}>` : fd;
      }
      case 'hex':
        // memory behind a hex argument (ioctl's, fcntl's) when the call's layout captured some
        return this.formatUntypedMemory(i) ?? formatScalar(def.type, value, def.set);
      default:
        return formatScalar(def.type, value, def.set);
    }
  }

  /** a struct argument, including value-result numbers (`[128 => 16]`) and empty results (`[]`) */
  formatStructArg(i: number, name: string): string {
    const value = this.arg(i);
    if (u64(value) === 0n) return 'NULL';
    if (VALUE_RESULT_STRUCTS.has(name)) {
      const before = this.bytes(i, 'in');
      const after = this.bytes(i, 'out');
      const show = (b: Uint8Array): string =>
        formatStruct(name, value, b, this.structContext('in'));
      if (before && after && show(before) !== show(after))
        return `${show(before).slice(0, -1)} => ${show(after).slice(1)}`;
    }
    const shown = this.shownBytes(i);
    if (!shown) return this.emptyResultOut(i) ? '[]' : formatPointer(value);
    return formatStruct(name, value, shown.bytes, this.structContext(shown.dir));
  }

  /** pointer-typed memory the table gives no struct for: an int, a 64-bit word, or bytes */
  private formatUntypedMemory(i: number): string | undefined {
    const shown = this.shownBytes(i);
    if (!shown) return undefined;
    const b = new LE(shown.bytes);
    if (b.length === 4) return `[${b.i32(0)}]`;
    if (b.length === 8) return `[${hex(b.u64(0))}]`;
    return quoteBytes(shown.bytes, this.strSize);
  }

  private formatIovecArg(i: number): string {
    const value = this.arg(i);
    if (u64(value) === 0n) return 'NULL';
    const countArg = (this.def.effects ?? []).find(
      (e) => e.arg === i && e.countArg !== undefined,
    )?.countArg;
    const count = countArg !== undefined ? Number(u64(this.arg(countArg))) : undefined;
    const writes = this.effects(i, 'out').length > 0;
    const dir: Dir = writes ? 'out' : 'in';
    const array =
      count !== undefined ? this.mem.read(value, count * 16, 'in') : this.mem.readFrom(value, 'in');
    if (!array) return formatPointer(value);
    const ctx = this.structContext(dir);
    // a failed read filled nothing: show the buffers' addresses
    if (writes && !this.outShown(i)) ctx.dataLimit = undefined;
    return formatIovecs(new LE(array), ctx, count);
  }

  /**
   * argv: `["ls", "-la"]`; an environment only counted, as strace does by default.
   * The recorder stores an argv/envp argument as one 'in' region at the array's
   * address holding every string, each followed by its NUL.
   */
  private formatArgvArg(i: number, isEnv: boolean): string {
    const value = this.arg(i);
    if (u64(value) === 0n) return 'NULL';
    // Exactly this argument's region: argv's strings can extend past envp's address.
    const raw = this.mem.forArg(i, 'in').find((r) => u64(r.addr) === u64(value))?.bytes;
    if (!raw) return formatPointer(value);
    const strings: Uint8Array[] = [];
    let start = 0;
    for (let o = 0; o < raw.length; o++) {
      if (raw[o] === 0) {
        strings.push(raw.subarray(start, o));
        start = o + 1;
      }
    }
    if (isEnv) return `${formatPointer(value)} /* ${strings.length} vars */`;
    return formatList(
      strings.slice(0, this.strSize).map((s) => quoteCString(s, this.strSize)),
      strings.length,
      this.strSize,
    );
  }
}
