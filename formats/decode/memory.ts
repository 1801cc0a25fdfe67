/**
 * Address-based access to the memory captured with one syscall.
 *
 * A record's regions carry the real tracee addresses, so a decoder that
 * follows a pointer (an iovec's base, a msghdr's name, an argv string) finds
 * the bytes by address, whatever order or grouping the recorder chose.
 */
import type { MemRegion, Word } from '../trace/records';

/** 'in': memory the kernel read at entry; 'out': memory it wrote, captured at exit. */
export type Dir = 'in' | 'out';

const other = (d: Dir): Dir => (d === 'in' ? 'out' : 'in');

/** The memory regions of one syscall record, looked up by tracee address. */
export class MemView {
  constructor(private readonly regions: readonly MemRegion[]) {}

  /** regions hanging from argument `arg` in direction `dir`, in record order */
  forArg(arg: number, dir: Dir): MemRegion[] {
    return this.regions.filter((r) => r.arg === arg && r.dir === dir);
  }

  /**
   * The captured bytes of pointer argument `arg` (value `addr`) in direction
   * `dir`: the region starting at `addr`, else one containing it, else the
   * argument's only region of that direction (whatever its address).
   */
  argBytes(arg: number, addr: Word, dir: Dir): Uint8Array | undefined {
    const a = BigInt(addr);
    const exact = this.regions.find((r) => r.dir === dir && BigInt(r.addr) === a);
    if (exact) return exact.bytes;
    if (a !== 0n) {
      const inside = this.readFromDir(a, dir);
      if (inside) return inside;
    }
    const own = this.forArg(arg, dir);
    return own.length === 1 ? own[0].bytes : undefined;
  }

  /** the bytes [addr, addr+len) if one region covers them, looking in `prefer` first */
  read(addr: Word, len: number, prefer: Dir = 'in'): Uint8Array | undefined {
    const from = this.readFrom(addr, prefer, len);
    return from && from.length >= len ? from.subarray(0, len) : undefined;
  }

  /**
   * All captured bytes from `addr` to the end of the region holding it,
   * looking in `prefer` first. With `want`, a region holding `want` bytes
   * wins over one that holds fewer.
   */
  readFrom(addr: Word, prefer: Dir = 'in', want = 1): Uint8Array | undefined {
    const a = BigInt(addr);
    let best: Uint8Array | undefined;
    for (const dir of [prefer, other(prefer)]) {
      const bytes = this.readFromDir(a, dir, want);
      if (bytes && bytes.length >= want) return bytes;
      if (bytes && (!best || bytes.length > best.length)) best = bytes;
    }
    return best;
  }

  private readFromDir(a: bigint, dir: Dir, want = 1): Uint8Array | undefined {
    let best: Uint8Array | undefined;
    for (const r of this.regions) {
      if (r.dir !== dir) continue;
      const off = a - BigInt(r.addr);
      if (off < 0n || off >= BigInt(r.bytes.length)) continue;
      const bytes = r.bytes.subarray(Number(off));
      if (bytes.length >= want) return bytes;
      if (!best || bytes.length > best.length) best = bytes;
    }
    return best;
  }
}
