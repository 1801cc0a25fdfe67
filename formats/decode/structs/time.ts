/** Time structs: timespec, timeval, timezone, itimerval, itimerspec, tms, rusage. */
import type { LE } from '../bytes';
import { formatFields, type StructEntry } from './context';

const UTIME_NOW = 0x3fffffff;
const UTIME_OMIT = 0x3ffffffe;

function nsec(v: bigint): string {
  if (v === BigInt(UTIME_NOW)) return 'UTIME_NOW';
  if (v === BigInt(UTIME_OMIT)) return 'UTIME_OMIT';
  return v.toString();
}

/** `{tv_sec=1, tv_nsec=500000000}` at offset `o` */
export function formatTimespecAt(b: LE, o = 0): string {
  return formatFields([
    ['tv_sec', b.i64(o).toString()],
    ['tv_nsec', nsec(b.i64(o + 8))],
  ]);
}

/** `{tv_sec=0, tv_usec=250000}` at offset `o` */
export function formatTimevalAt(b: LE, o = 0): string {
  return formatFields([
    ['tv_sec', b.i64(o).toString()],
    ['tv_usec', b.i64(o + 8).toString()],
  ]);
}

export const timespec: StructEntry = { size: 16, decode: (b) => formatTimespecAt(b) };
export const timeval: StructEntry = { size: 16, decode: (b) => formatTimevalAt(b) };

export const timezone: StructEntry = {
  size: 8,
  decode(b) {
    return formatFields([
      ['tz_minuteswest', String(b.i32(0))],
      ['tz_dsttime', String(b.i32(4))],
    ]);
  },
};

export const itimerval: StructEntry = {
  size: 32,
  decode(b) {
    return formatFields([
      ['it_interval', formatTimevalAt(b, 0)],
      ['it_value', formatTimevalAt(b, 16)],
    ]);
  },
};

export const itimerspec: StructEntry = {
  size: 32,
  decode(b) {
    return formatFields([
      ['it_interval', formatTimespecAt(b, 0)],
      ['it_value', formatTimespecAt(b, 16)],
    ]);
  },
};

/** clock ticks with strace's seconds comment (USER_HZ is 100 on x86-64) */
function ticks(v: bigint): string {
  const whole = v / 100n;
  const frac = (v % 100n).toString().padStart(2, '0');
  return `${v} /* ${whole}.${frac} s */`;
}

export const tms: StructEntry = {
  size: 32,
  decode(b) {
    return formatFields([
      ['tms_utime', ticks(b.u64(0))],
      ['tms_stime', ticks(b.u64(8))],
      ['tms_cutime', ticks(b.u64(16))],
      ['tms_cstime', ticks(b.u64(24))],
    ]);
  },
};

/** struct rusage (144 bytes), abbreviated to the CPU times like strace */
export const rusage: StructEntry = {
  size: 144,
  decode(b) {
    return formatFields(
      [
        ['ru_utime', formatTimevalAt(b, 0)],
        ['ru_stime', formatTimevalAt(b, 16)],
      ],
      true,
    );
  },
};

/** struct utimbuf (utime): access and modification times in seconds */
export const utimbuf: StructEntry = {
  size: 16,
  decode(b) {
    return formatFields([
      ['actime', b.i64(0).toString()],
      ['modtime', b.i64(8).toString()],
    ]);
  },
};

/** the [access, modification] pairs of utimensat and utimes */
export const timespecPair: StructEntry = {
  size: 32,
  decode: (b) => `[${formatTimespecAt(b, 0)}, ${formatTimespecAt(b, 16)}]`,
};
export const timevalPair: StructEntry = {
  size: 32,
  decode: (b) => `[${formatTimevalAt(b, 0)}, ${formatTimevalAt(b, 16)}]`,
};
