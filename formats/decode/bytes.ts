/**
 * Little-endian field access over captured tracee memory (x86-64 layout).
 * Every accessor returns 0 for bytes beyond the buffer so a short capture
 * degrades to zeros instead of throwing; decoders check {@link LE.has} first
 * when a short struct must not be shown at all.
 */
export class LE {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** whether `n` bytes from `offset` were captured */
  has(offset: number, n: number): boolean {
    return offset >= 0 && offset + n <= this.bytes.length;
  }

  u8(o: number): number {
    return this.has(o, 1) ? this.view.getUint8(o) : 0;
  }
  u16(o: number): number {
    return this.has(o, 2) ? this.view.getUint16(o, true) : 0;
  }
  i16(o: number): number {
    return this.has(o, 2) ? this.view.getInt16(o, true) : 0;
  }
  u32(o: number): number {
    return this.has(o, 4) ? this.view.getUint32(o, true) : 0;
  }
  i32(o: number): number {
    return this.has(o, 4) ? this.view.getInt32(o, true) : 0;
  }
  u64(o: number): bigint {
    return this.has(o, 8) ? this.view.getBigUint64(o, true) : 0n;
  }
  i64(o: number): bigint {
    return this.has(o, 8) ? this.view.getBigInt64(o, true) : 0n;
  }
  /** network byte order, for ports and IPv4 addresses */
  u16be(o: number): number {
    return this.has(o, 2) ? this.view.getUint16(o, false) : 0;
  }
  u32be(o: number): number {
    return this.has(o, 4) ? this.view.getUint32(o, false) : 0;
  }

  /** a view of `len` bytes from `o`, clipped to what was captured */
  slice(o: number, len: number = this.bytes.length - o): Uint8Array {
    const start = Math.min(Math.max(o, 0), this.bytes.length);
    return this.bytes.subarray(start, Math.min(start + Math.max(len, 0), this.bytes.length));
  }

  /** bytes from `o` up to (not including) the first NUL within `max` bytes */
  cstr(o: number, max: number = this.bytes.length - o): Uint8Array {
    const s = this.slice(o, max);
    const nul = s.indexOf(0);
    return nul < 0 ? s : s.subarray(0, nul);
  }
}
