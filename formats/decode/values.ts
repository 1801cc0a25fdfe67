/**
 * Formatting of single values the way strace prints them: registers read as
 * the C type of the argument, pointers, octal modes, flag sets and enums from
 * `CONST_SETS`, signals, errno, and C-escaped strings.
 *
 * Arguments arrive as full 64-bit registers (`Word`). The kernel reads an
 * `int` argument from the low 32 bits only, so int-like types are shown as the
 * low 32 bits sign-extended; sizes, offsets and addresses use all 64 bits.
 */
import type { ArgType } from '../syscalls/types';
import {
  CONST_SETS,
  errnoMessage,
  errnoName,
  signalName,
  type ConstSet,
} from '../syscalls/constants';
import type { Word } from '../trace/records';

/** strace's default `-s 32`: bytes of a string, and elements of an array, shown. */
export const DEFAULT_STR_SIZE = 32;

/** `AT_FDCWD` as the int the kernel reads. */
const AT_FDCWD = -100;

// ---------------------------------------------------------------------------
// Register views

/** the register as an unsigned 64-bit value */
export function u64(w: Word): bigint {
  return BigInt.asUintN(64, BigInt(w));
}

/** the register as a signed 64-bit value (long, off_t, ssize_t) */
export function i64(w: Word): bigint {
  return BigInt.asIntN(64, BigInt(w));
}

/** the low 32 bits, unsigned (unsigned int, uid_t) */
export function u32(w: Word): number {
  return typeof w === 'number' && Number.isSafeInteger(w)
    ? w >>> 0
    : Number(BigInt.asUintN(32, BigInt(w)));
}

/** the low 32 bits, sign-extended (int, pid_t, fds) */
export function i32(w: Word): number {
  return typeof w === 'number' && Number.isSafeInteger(w)
    ? w | 0
    : Number(BigInt.asIntN(32, BigInt(w)));
}

// ---------------------------------------------------------------------------
// Numbers

/** `%#x`: `0` for zero, else `0x…` (the value is taken as unsigned 64-bit) */
export function hex(v: Word): string {
  const n = u64(v);
  return n === 0n ? '0' : `0x${n.toString(16)}`;
}

/** an address: `NULL` for 0, else hex */
export function formatPointer(w: Word): string {
  const n = u64(w);
  return n === 0n ? 'NULL' : `0x${n.toString(16)}`;
}

/** `%#03o` as strace prints permission bits: `0644`, `022`, `000` */
export function formatOctal(mode: number): string {
  return (mode === 0 ? '0' : `0${mode.toString(8)}`).padStart(3, '0');
}

const S_IFMT = 0o170000;
/** file types of st_mode; not an argument set, so they live with the mode formatter */
const FILE_TYPES: Record<number, string> = {
  [0o140000]: 'S_IFSOCK',
  [0o120000]: 'S_IFLNK',
  [0o100000]: 'S_IFREG',
  [0o060000]: 'S_IFBLK',
  [0o040000]: 'S_IFDIR',
  [0o020000]: 'S_IFCHR',
  [0o010000]: 'S_IFIFO',
};

/** st_mode as strace shows it: `S_IFREG|0644`, `S_IFDIR|S_ISVTX|0777` */
export function formatFileMode(mode: number): string {
  const parts: string[] = [];
  const type = mode & S_IFMT;
  if (type) parts.push(FILE_TYPES[type] ?? formatOctal(type));
  if (mode & 0o4000) parts.push('S_ISUID');
  if (mode & 0o2000) parts.push('S_ISGID');
  if (mode & 0o1000) parts.push('S_ISVTX');
  parts.push(formatOctal(mode & 0o777));
  return parts.join('|');
}

/** a mode argument: plain octal (`0644`, `04755`) unless it carries a file type (mknod) */
export function formatModeArg(w: Word): string {
  const mode = u32(w);
  return mode & S_IFMT ? formatFileMode(mode) : formatOctal(mode);
}

/** a dev_t as `makedev(0x1, 0x3)` (glibc's encoding of major and minor) */
export function formatDev(w: Word): string {
  const dev = u64(w);
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn & 0xffffffffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn & 0xffffffffn);
  return `makedev(${hex(major)}, ${hex(minor)})`;
}

/** a uid_t/gid_t: `-1` for the "unchanged" value, as strace does */
export function formatId(w: Word): string {
  const id = u32(w);
  return id === 0xffffffff ? '-1' : String(id);
}

/** the directory fd of an *at() call: `AT_FDCWD` for -100 */
export function formatDirfd(w: Word): string {
  const fd = i32(w);
  return fd === AT_FDCWD ? 'AT_FDCWD' : String(fd);
}

/** a signal number by name (`SIGTERM`), `0` for none */
export function formatSignal(w: Word): string {
  const n = i32(w);
  return n === 0 ? '0' : signalName(n);
}

/** `ENOENT (No such file or directory)` */
export function formatErrno(errno: number): string {
  return `${errnoName(errno)} (${errnoMessage(errno)})`;
}

// ---------------------------------------------------------------------------
// Flag sets and enumerations

/** strace's `X_???` fallback label: the names' common prefix up to its last `_` */
function unknownLabel(set: ConstSet): string | undefined {
  const names = set.values.map(([n]) => n).concat((set.field?.values ?? []).map(([n]) => n));
  if (names.length === 0) return undefined;
  let prefix = names[0];
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf('_');
  return cut > 0 ? `${prefix.slice(0, cut + 1)}???` : undefined;
}

const fitsIn32 = (set: ConstSet): boolean =>
  [...set.values, ...(set.field?.values ?? [])].every(
    ([, v]) => v >= -0x80000000 && v <= 0xffffffff,
  );

/** whether `value` (a register) equals a set value, reading int-sized values as 32 bits */
function sameValue(value: bigint, setValue: number): boolean {
  if (BigInt.asUintN(64, BigInt(setValue)) === value) return true;
  return (
    setValue >= -0x80000000 &&
    setValue <= 0xffffffff &&
    BigInt(setValue >>> 0) === (value & 0xffffffffn)
  );
}

/** the name of `value` in enumeration `setName`, if it has one */
export function enumName(w: Word, setName: string): string | undefined {
  const set = CONST_SETS[setName];
  if (!set) return undefined;
  const v = u64(w);
  return (set.values.find(([, sv]) => sameValue(v, sv)) ??
    set.field?.values.find(([, sv]) => sameValue(v, sv)))?.[0];
}

/** an enumerated value: its name, or its hex value with strace's `SEEK_???`-style comment */
export function formatEnum(w: Word, setName: string): string {
  const name = enumName(w, setName);
  if (name) return name;
  const set = CONST_SETS[setName];
  const label = set && unknownLabel(set);
  const shown = set && fitsIn32(set) ? hex(u32(w)) : hex(w);
  return label ? `${shown} /* ${label} */` : shown;
}

/**
 * Bit flags as strace prints them: the field value first (O_RDONLY), then each
 * set flag in the set's order (a flag consumes its bits, so composite values
 * must come before their parts), then leftover bits in hex. Zero shows the
 * zero-valued name if the set has one, else `0`. Sets whose values all fit in
 * 32 bits describe `int` arguments: only the low 32 bits are decoded.
 */
export function formatFlags(w: Word, setName: string): string {
  const set = CONST_SETS[setName];
  if (!set) return hex(w);
  let rest = fitsIn32(set) ? u64(w) & 0xffffffffn : u64(w);
  const parts: string[] = [];
  if (set.field) {
    const mask = BigInt(set.field.mask);
    const fv = rest & mask;
    const named = set.field.values.find(([, v]) => BigInt(v) === fv);
    if (named) {
      parts.push(named[0]);
      rest &= ~mask;
    }
  }
  if (rest === 0n && parts.length === 0) {
    return set.values.find(([, v]) => v === 0)?.[0] ?? '0';
  }
  for (const [name, v] of set.values) {
    if (rest === 0n) break;
    const bits = BigInt.asUintN(64, BigInt(v));
    if (bits !== 0n && (rest & bits) === bits) {
      parts.push(name);
      rest &= ~bits;
    }
  }
  if (rest !== 0n) {
    if (parts.length === 0) {
      const label = unknownLabel(set);
      return label ? `${hex(rest)} /* ${label} */` : hex(rest);
    }
    parts.push(hex(rest));
  }
  return parts.join('|');
}

// ---------------------------------------------------------------------------
// Strings

/**
 * C escaping as strace does it: `\"`, `\\`, `\f\n\r\t\v`, printable ASCII as
 * is, anything else in octal, three digits only when an octal digit follows.
 */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x0b:
        out += '\\v';
        break;
      default:
        if (c >= 0x20 && c <= 0x7e) {
          out += String.fromCharCode(c);
        } else {
          const next = i + 1 < bytes.length ? bytes[i + 1] : -1;
          const octalDigitFollows = next >= 0x30 && next <= 0x37;
          out += `\\${octalDigitFollows ? c.toString(8).padStart(3, '0') : c.toString(8)}`;
        }
    }
  }
  return out;
}

/** a data buffer: at most `max` bytes, then `...` when there were more (`"abc"...`) */
export function quoteBytes(bytes: Uint8Array, max: number = DEFAULT_STR_SIZE): string {
  const shown = bytes.length > max ? bytes.subarray(0, max) : bytes;
  return `"${escapeBytes(shown)}"${bytes.length > max ? '...' : ''}`;
}

/** a NUL-terminated string: up to the NUL, capped like {@link quoteBytes} (no cap for paths) */
export function quoteCString(bytes: Uint8Array, max = Infinity): string {
  const nul = bytes.indexOf(0);
  return quoteBytes(nul < 0 ? bytes : bytes.subarray(0, nul), max);
}

/** a JS string (already decoded, e.g. an exec record's argv) quoted the same way */
export function quoteText(s: string, max = Infinity): string {
  return quoteBytes(Buffer.from(s, 'utf8'), max);
}

// ---------------------------------------------------------------------------
// By argument type

/**
 * A scalar argument by its table type. Memory-backed types (path, buf,
 * struct, ...) are shown as their pointer here; `line.ts` replaces that with
 * the contents when they were captured.
 */
export function formatScalar(type: ArgType, w: Word, set?: string): string {
  switch (type) {
    case 'int':
    case 'timeout':
    case 'fd':
    case 'pid':
      return String(i32(w));
    case 'uint':
      return String(u32(w));
    case 'size':
      return u64(w).toString();
    case 'off':
      return i64(w).toString();
    case 'hex':
      return hex(w);
    case 'dirfd':
      return formatDirfd(w);
    case 'uid':
    case 'gid':
      return formatId(w);
    case 'signal':
      return formatSignal(w);
    case 'mode':
      return formatModeArg(w);
    case 'dev':
      return formatDev(w);
    case 'clockid':
      return enumName(w, set ?? 'clockid') ?? String(i32(w));
    case 'flags':
      return set ? formatFlags(w, set) : hex(w);
    case 'enum':
      return set ? formatEnum(w, set) : String(i32(w));
    default:
      return formatPointer(w);
  }
}
