/**
 * Plain MessagePack in and out, as the trace format uses it.
 *
 * Hand-written rather than msgpackr: a trace holds millions of small records,
 * and writing them straight into one buffer, or reading them straight into
 * record objects, is several times faster than going through generic arrays.
 * It also stores every integer as a MessagePack integer (msgpackr writes
 * integers above 32 bits as float64), which matters to readers in other
 * languages. The output is plain MessagePack: any decoder reads it (the tests
 * check that with msgpackr).
 */
import { TraceEncodeError, TraceFormatError } from '../errors';

const TWO_32 = 0x1_0000_0000;
const TWO_64 = 0x1_0000_0000_0000_0000n;
const MIN_INT64 = -0x8000_0000_0000_0000n;

/** A growable buffer that MessagePack values are appended to. */
export class MsgpackWriter {
  buf: Buffer;
  /** next byte to write */
  pos: number;
  private view: DataView;

  constructor(initialSize = 64 * 1024, startPos = 0) {
    this.buf = Buffer.allocUnsafe(Math.max(initialSize, startPos + 16));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.pos = startPos;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    this.replaceBuffer(size);
  }

  /** Swaps in a fresh buffer of `size` bytes, keeping the bytes before `pos`. */
  replaceBuffer(size: number): void {
    const next = Buffer.allocUnsafe(Math.max(size, this.pos));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  nil(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0xc0;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 0xc3 : 0xc2;
  }

  /** An integer in the smallest MessagePack integer form (int64/uint64 beyond 32 bits). */
  int(v: number): void {
    if (!Number.isInteger(v)) throw new TraceEncodeError(`expected an integer, got ${v}`);
    this.ensure(9);
    const b = this.buf;
    if (v >= 0) {
      if (v < 0x80) {
        b[this.pos++] = v;
      } else if (v < 0x100) {
        b[this.pos++] = 0xcc;
        b[this.pos++] = v;
      } else if (v < 0x10000) {
        b[this.pos++] = 0xcd;
        b[this.pos++] = v >>> 8;
        b[this.pos++] = v & 0xff;
      } else if (v < TWO_32) {
        b[this.pos++] = 0xce;
        this.view.setUint32(this.pos, v);
        this.pos += 4;
      } else if (v < 2 ** 64) {
        // exact for every integer-valued double below 2^64
        b[this.pos++] = 0xcf;
        this.view.setUint32(this.pos, Math.floor(v / TWO_32));
        this.view.setUint32(this.pos + 4, v % TWO_32);
        this.pos += 8;
      } else {
        throw new TraceEncodeError(`integer ${v} does not fit in 64 bits`);
      }
    } else if (v >= -0x20) {
      b[this.pos++] = v & 0xff;
    } else if (v >= -0x80) {
      b[this.pos++] = 0xd0;
      b[this.pos++] = v & 0xff;
    } else if (v >= -0x8000) {
      b[this.pos++] = 0xd1;
      this.view.setInt16(this.pos, v);
      this.pos += 2;
    } else if (v >= -0x8000_0000) {
      b[this.pos++] = 0xd2;
      this.view.setInt32(this.pos, v);
      this.pos += 4;
    } else {
      this.bigint(BigInt(v));
    }
  }

  /** A bigint as an integer, in the same forms {@link int} uses for numbers. */
  bigint(v: bigint): void {
    if (v >= -0x8000_0000n && v < 0x1_0000_0000n) {
      this.int(Number(v));
      return;
    }
    this.ensure(9);
    if (v > 0n && v < TWO_64) {
      this.buf[this.pos++] = 0xcf;
      this.view.setBigUint64(this.pos, v);
    } else if (v < 0n && v >= MIN_INT64) {
      this.buf[this.pos++] = 0xd3;
      this.view.setBigInt64(this.pos, v);
    } else {
      throw new TraceEncodeError(`integer ${v} does not fit in 64 bits`);
    }
    this.pos += 8;
  }

  /** A 64-bit register value: `number` or `bigint`, always stored as an integer. */
  word(v: number | bigint): void {
    if (typeof v === 'number') this.int(v);
    else if (typeof v === 'bigint') this.bigint(v);
    else throw new TraceEncodeError(`expected a number or bigint, got ${typeof v}`);
  }

  /** Any number: integers as integers, others as float64. */
  number(v: number): void {
    if (Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 64) {
      this.int(v);
      return;
    }
    this.ensure(9);
    this.buf[this.pos++] = 0xcb;
    this.view.setFloat64(this.pos, v);
    this.pos += 8;
  }

  str(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(n + 5);
    const b = this.buf;
    if (n < 32) {
      b[this.pos++] = 0xa0 | n;
    } else if (n < 0x100) {
      b[this.pos++] = 0xd9;
      b[this.pos++] = n;
    } else if (n < 0x10000) {
      b[this.pos++] = 0xda;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      b[this.pos++] = 0xdb;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
    this.pos += b.write(s, this.pos, n, 'utf8');
  }

  bin(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n + 5);
    const b = this.buf;
    if (n < 0x100) {
      b[this.pos++] = 0xc4;
      b[this.pos++] = n;
    } else if (n < 0x10000) {
      b[this.pos++] = 0xc5;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      b[this.pos++] = 0xc6;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
    b.set(bytes, this.pos);
    this.pos += n;
  }

  arrayHeader(n: number): void {
    this.ensure(5);
    this.pos += writeArrayHeader(this.buf, this.pos, n);
  }

  mapHeader(n: number): void {
    this.ensure(5);
    const b = this.buf;
    if (n < 16) {
      b[this.pos++] = 0x80 | n;
    } else if (n < 0x10000) {
      b[this.pos++] = 0xde;
      this.view.setUint16(this.pos, n);
      this.pos += 2;
    } else {
      b[this.pos++] = 0xdf;
      this.view.setUint32(this.pos, n);
      this.pos += 4;
    }
  }

  /**
   * Any plain value: null, boolean, number, bigint, string, Uint8Array, array,
   * or plain object (as a map with string keys; `undefined` properties are
   * left out, as JSON does).
   */
  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        this.number(v);
        return;
      case 'bigint':
        this.bigint(v);
        return;
      case 'string':
        this.str(v);
        return;
      case 'boolean':
        this.bool(v);
        return;
      case 'object':
        if (v === null) {
          this.nil();
        } else if (Array.isArray(v)) {
          this.arrayHeader(v.length);
          for (const item of v) this.value(item);
        } else if (v instanceof Uint8Array) {
          this.bin(v);
        } else {
          const entries = Object.entries(v).filter(([, x]) => x !== undefined);
          this.mapHeader(entries.length);
          for (const [key, x] of entries) {
            this.str(key);
            this.value(x);
          }
        }
        return;
      default:
        throw new TraceEncodeError(`cannot store a value of type ${typeof v} in a trace`);
    }
  }
}

/** Size of the MessagePack array header for `n` elements. */
export function arrayHeaderSize(n: number): number {
  return n < 16 ? 1 : n < 0x10000 ? 3 : 5;
}

/** Writes an array header at `pos`; returns its size. */
export function writeArrayHeader(b: Buffer, pos: number, n: number): number {
  if (n < 16) {
    b[pos] = 0x90 | n;
    return 1;
  }
  if (n < 0x10000) {
    b[pos] = 0xdc;
    b.writeUInt16BE(n, pos + 1);
    return 3;
  }
  b[pos] = 0xdd;
  b.writeUInt32BE(n, pos + 1);
  return 5;
}

/** Encodes one plain value (see {@link MsgpackWriter.value}). */
export function pack(v: unknown): Buffer {
  const w = new MsgpackWriter(256);
  w.value(v);
  return w.buf.subarray(0, w.pos);
}

const TWO_53_HI = 0x20_0000; // 2^53 / 2^32

/**
 * Reads MessagePack values from a buffer. Integers come back as `number` when
 * within ±2^53 and as `bigint` beyond; binary as views into the buffer (so each
 * chunk gets its own buffer); maps as plain objects with string keys.
 * Malformed or truncated data throws {@link TraceFormatError} (`TRACE_CORRUPT`).
 */
export class MsgpackReader {
  pos = 0;
  readonly end: number;
  private readonly view: DataView;

  constructor(readonly buf: Buffer) {
    this.end = buf.length;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  fail(message: string, at = this.pos): never {
    throw new TraceFormatError('TRACE_CORRUPT', `${message} (payload byte ${at})`);
  }

  private need(n: number): void {
    if (this.pos + n > this.end) this.fail('MessagePack data ends early');
  }

  /** The type byte of the next value, without consuming it. */
  peek(): number {
    this.need(1);
    return this.buf[this.pos];
  }

  /** Consumes a nil and returns true, or returns false leaving the position alone. */
  nil(): boolean {
    if (this.peek() !== 0xc0) return false;
    this.pos++;
    return true;
  }

  arrayHeader(field = 'value'): number {
    this.need(1);
    const t = this.buf[this.pos];
    if (t >= 0x90 && t <= 0x9f) {
      this.pos++;
      return t & 0x0f;
    }
    if (t === 0xdc) {
      this.need(3);
      const n = this.view.getUint16(this.pos + 1);
      this.pos += 3;
      return n;
    }
    if (t === 0xdd) {
      this.need(5);
      const n = this.view.getUint32(this.pos + 1);
      this.pos += 5;
      return n;
    }
    return this.fail(`${field} is not an array`);
  }

  /** An integer field; 64-bit values beyond ±2^53 come back as bigint. */
  word(field = 'value'): number | bigint {
    this.need(1);
    const b = this.buf;
    const t = b[this.pos];
    if (t < 0x80) {
      this.pos++;
      return t;
    }
    if (t >= 0xe0) {
      this.pos++;
      return t - 0x100;
    }
    const v = this.view;
    const p = this.pos + 1;
    switch (t) {
      case 0xcc:
        this.need(2);
        this.pos += 2;
        return b[p];
      case 0xcd:
        this.need(3);
        this.pos += 3;
        return v.getUint16(p);
      case 0xce:
        this.need(5);
        this.pos += 5;
        return v.getUint32(p);
      case 0xcf: {
        this.need(9);
        this.pos += 9;
        const hi = v.getUint32(p);
        const lo = v.getUint32(p + 4);
        if (hi < TWO_53_HI || (hi === TWO_53_HI && lo === 0)) return hi * 0x1_0000_0000 + lo;
        return v.getBigUint64(p);
      }
      case 0xd0:
        this.need(2);
        this.pos += 2;
        return v.getInt8(p);
      case 0xd1:
        this.need(3);
        this.pos += 3;
        return v.getInt16(p);
      case 0xd2:
        this.need(5);
        this.pos += 5;
        return v.getInt32(p);
      case 0xd3: {
        this.need(9);
        this.pos += 9;
        const hi = v.getInt32(p);
        const lo = v.getUint32(p + 4);
        if ((hi >= -TWO_53_HI && hi < TWO_53_HI) || (hi === TWO_53_HI && lo === 0)) {
          return hi * 0x1_0000_0000 + lo;
        }
        return v.getBigInt64(p);
      }
      default:
        return this.fail(`${field} is not an integer`);
    }
  }

  /** An integer field that must fit a double exactly. */
  int(field = 'value'): number {
    const at = this.pos;
    const v = this.word(field);
    if (typeof v === 'number') return v;
    return this.fail(`${field} is out of range`, at);
  }

  bool(field = 'value'): boolean {
    const t = this.peek();
    if (t === 0xc2 || t === 0xc3) {
      this.pos++;
      return t === 0xc3;
    }
    return this.fail(`${field} is not a boolean`);
  }

  /** Any number: integers and floats. */
  number(field = 'value'): number {
    const t = this.peek();
    const p = this.pos + 1;
    if (t === 0xca) {
      this.need(5);
      this.pos += 5;
      return this.view.getFloat32(p);
    }
    if (t === 0xcb) {
      this.need(9);
      this.pos += 9;
      return this.view.getFloat64(p);
    }
    return this.int(field);
  }

  bin(field = 'value'): Uint8Array {
    const t = this.peek();
    let n: number;
    let h: number;
    if (t === 0xc4) {
      this.need(2);
      n = this.buf[this.pos + 1];
      h = 2;
    } else if (t === 0xc5) {
      this.need(3);
      n = this.view.getUint16(this.pos + 1);
      h = 3;
    } else if (t === 0xc6) {
      this.need(5);
      n = this.view.getUint32(this.pos + 1);
      h = 5;
    } else {
      return this.fail(`${field} is not binary`);
    }
    this.need(h + n);
    const start = this.pos + h;
    this.pos = start + n;
    return this.buf.subarray(start, start + n);
  }

  str(field = 'value'): string {
    const t = this.peek();
    let n: number;
    let h: number;
    if (t >= 0xa0 && t <= 0xbf) {
      n = t & 0x1f;
      h = 1;
    } else if (t === 0xd9) {
      this.need(2);
      n = this.buf[this.pos + 1];
      h = 2;
    } else if (t === 0xda) {
      this.need(3);
      n = this.view.getUint16(this.pos + 1);
      h = 3;
    } else if (t === 0xdb) {
      this.need(5);
      n = this.view.getUint32(this.pos + 1);
      h = 5;
    } else {
      return this.fail(`${field} is not a string`);
    }
    this.need(h + n);
    const start = this.pos + h;
    this.pos = start + n;
    return this.buf.toString('utf8', start, start + n);
  }

  mapHeader(field = 'value'): number {
    const t = this.peek();
    if (t >= 0x80 && t <= 0x8f) {
      this.pos++;
      return t & 0x0f;
    }
    if (t === 0xde) {
      this.need(3);
      const n = this.view.getUint16(this.pos + 1);
      this.pos += 3;
      return n;
    }
    if (t === 0xdf) {
      this.need(5);
      const n = this.view.getUint32(this.pos + 1);
      this.pos += 5;
      return n;
    }
    return this.fail(`${field} is not a map`);
  }

  /** Any value this format uses (extension types are refused). */
  value(depth = 0): unknown {
    if (depth > 64) this.fail('MessagePack data nests too deeply');
    const t = this.peek();
    if (t < 0x80 || t >= 0xe0) return this.word();
    if (t <= 0x8f || t === 0xde || t === 0xdf) {
      const n = this.mapHeader();
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const key = this.str('map key');
        const val = this.value(depth + 1);
        // a key named __proto__ must stay data, not replace the prototype
        Object.defineProperty(obj, key, {
          value: val,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return obj;
    }
    if (t <= 0x9f || t === 0xdc || t === 0xdd) {
      const n = this.arrayHeader();
      // no preallocation from the untrusted count: it may be corrupt
      const arr: unknown[] = [];
      for (let i = 0; i < n; i++) arr.push(this.value(depth + 1));
      return arr;
    }
    if (t <= 0xbf || (t >= 0xd9 && t <= 0xdb)) return this.str();
    switch (t) {
      case 0xc0:
        this.pos++;
        return null;
      case 0xc2:
      case 0xc3:
        return this.bool();
      case 0xc4:
      case 0xc5:
      case 0xc6:
        return this.bin();
      case 0xca:
      case 0xcb:
        return this.number();
      default:
        if ((t >= 0xcc && t <= 0xcf) || (t >= 0xd0 && t <= 0xd3)) return this.word();
        return this.fail(`unsupported MessagePack type 0x${t.toString(16)}`);
    }
  }

  /** Skips one value of any kind. */
  skip(): void {
    this.value();
  }
}

/** Decodes one MessagePack value that must span all of `payload`. */
export function unpack(payload: Buffer): unknown {
  const r = new MsgpackReader(payload);
  const v = r.value();
  if (r.pos !== r.end) r.fail('trailing bytes after the MessagePack value');
  return v;
}
