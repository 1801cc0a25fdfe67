/** Data-carrying structs: iovec arrays, and small int arrays (pipe fds, value-result lengths). */
import { LE } from '../bytes';
import { formatPointer, quoteBytes } from '../values';
import { formatArray, formatFields, type StructContext, type StructEntry } from './context';

/**
 * An iovec array: `[{iov_base="hello", iov_len=5}, …]`. Buffers the kernel
 * read show all their bytes (each cut at strSize); buffers it filled show only
 * the part the result covers (`ctx.dataLimit`), and only when the call succeeded.
 */
export function formatIovecs(
  b: LE,
  ctx: StructContext,
  maxCount = Infinity,
  follow = true,
): string {
  let remaining = !follow ? -1 : ctx.dir === 'out' ? (ctx.dataLimit ?? -1) : Infinity;
  const elems = new LE(b.slice(0, Math.min(b.length, maxCount * 16)));
  return formatArray(elems, 16, ctx.strSize, (e) => {
    const base = e.u64(0);
    const len = e.u64(8);
    let shownBase = formatPointer(base);
    if (base !== 0n && remaining >= 0) {
      const want = Math.min(Number(len), remaining);
      const data = want === 0 ? new Uint8Array(0) : ctx.mem.readFrom(base, ctx.dir, want);
      if (data) {
        shownBase = quoteBytes(data.subarray(0, want), ctx.strSize);
        remaining -= want;
      }
    }
    return formatFields([
      ['iov_base', shownBase],
      ['iov_len', len.toString()],
    ]);
  });
}

export const iovec: StructEntry = { size: 0, decode: (b, ctx) => formatIovecs(b, ctx) };

/** iovecs describing another process's memory (process_vm_readv/writev): addresses only */
export const remoteIovecs: StructEntry = {
  size: 0,
  decode: (b, ctx) => formatIovecs(b, ctx, Infinity, false),
};

/** int arrays such as pipe's `[3, 4]` */
export const intArray: StructEntry = {
  size: 4,
  decode(b) {
    const n = Math.floor(b.length / 4);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(String(b.i32(i * 4)));
    return `[${items.join(', ')}]`;
  },
};

/** a pointed-to int/socklen_t (value-result lengths, ioctl ints): `[16]` */
export const int32: StructEntry = { size: 4, decode: (b) => `[${b.i32(0)}]` };
export const uint32: StructEntry = { size: 4, decode: (b) => `[${b.u32(0)}]` };
/** a pointed-to 64-bit value (loff_t, u64 counters): `[4096]` */
export const int64: StructEntry = { size: 8, decode: (b) => `[${b.i64(0)}]` };
export const uint64: StructEntry = { size: 8, decode: (b) => `[${b.u64(0)}]` };
/** a pointed-to address: `[0x7f…]` */
export const pointer: StructEntry = { size: 8, decode: (b) => `[${formatPointer(b.u64(0))}]` };
