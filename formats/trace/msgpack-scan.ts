/**
 * Reading MessagePack without decoding it into values (see Cursor).
 */
/** Thrown when the bytes are not in a form the cursor reads. */
const UNEXPECTED = new Error('MessagePack in a form the cursor does not read');

/**
 * A cursor over MessagePack, for readers that look at a few fields of many
 * values without decoding them: it reads integers, array lengths and bins,
 * and skips any value.
 * Integers come out as numbers (approximate beyond 2^53, which is enough for
 * what the scan decides).
 */
export class Cursor {
  pos = 0;
  constructor(private readonly b: Buffer) {}

  byte(): number {
    if (this.pos >= this.b.length) throw UNEXPECTED;
    return this.b[this.pos++];
  }

  int(): number {
    const b = this.b;
    const p = this.pos;
    if (p >= b.length) throw UNEXPECTED;
    const tag = b[p];
    // (bytes read by hand: Buffer's readUInt32BE and friends check their bounds on every call)
    if (tag < 0x80) {
      this.pos = p + 1;
      return tag;
    }
    if (tag >= 0xe0) {
      this.pos = p + 1;
      return tag - 0x100;
    }
    let n: number;
    let v: number;
    switch (tag) {
      case 0xcc:
        n = 1;
        v = b[p + 1];
        break;
      case 0xcd:
        n = 2;
        v = (b[p + 1] << 8) | b[p + 2];
        break;
      case 0xce:
        n = 4;
        v = ((b[p + 1] << 24) | (b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4]) >>> 0;
        break;
      case 0xcf:
      case 0xd3: {
        if (p + 9 > b.length) throw UNEXPECTED;
        this.pos = p + 9;
        const hi = (b[p + 1] << 24) | (b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4];
        const lo = (b[p + 5] << 24) | (b[p + 6] << 16) | (b[p + 7] << 8) | b[p + 8];
        return (tag === 0xcf ? hi >>> 0 : hi) * 0x1_0000_0000 + (lo >>> 0);
      }
      case 0xd0:
        n = 1;
        v = (b[p + 1] << 24) >> 24;
        break;
      case 0xd1:
        n = 2;
        v = (((b[p + 1] << 8) | b[p + 2]) << 16) >> 16;
        break;
      case 0xd2:
        n = 4;
        v = (b[p + 1] << 24) | (b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4];
        break;
      default:
        throw UNEXPECTED;
    }
    if (p + 1 + n > b.length) throw UNEXPECTED;
    this.pos = p + 1 + n;
    return v;
  }

  array(): number {
    const tag = this.byte();
    if ((tag & 0xf0) === 0x90) return tag & 0x0f;
    if (tag === 0xdc) return this.u(2);
    if (tag === 0xdd) return this.u(4);
    throw UNEXPECTED;
  }

  /** Skip a bin value; returns where its bytes start. */
  bin(): number {
    const tag = this.byte();
    if (tag < 0xc4 || tag > 0xc6) throw UNEXPECTED;
    const n = this.u(1 << (tag - 0xc4));
    this.need(n);
    this.pos += n;
    return this.pos - n;
  }

  /** Skip any one value. */
  skip(): void {
    const tag = this.byte();
    if (tag < 0x80 || tag >= 0xe0 || tag === 0xc0 || tag === 0xc2 || tag === 0xc3) return;
    if ((tag & 0xf0) === 0x90) return this.skipN(tag & 0x0f);
    if ((tag & 0xf0) === 0x80) return this.skipN(2 * (tag & 0x0f));
    if ((tag & 0xe0) === 0xa0) return this.advance(tag & 0x1f);
    switch (tag) {
      case 0xc4:
      case 0xd9:
        return this.advance(this.u(1));
      case 0xc5:
      case 0xda:
        return this.advance(this.u(2));
      case 0xc6:
      case 0xdb:
        return this.advance(this.u(4));
      case 0xc7:
        return this.advance(this.u(1) + 1);
      case 0xc8:
        return this.advance(this.u(2) + 1);
      case 0xc9:
        return this.advance(this.u(4) + 1);
      case 0xca:
        return this.advance(4);
      case 0xcb:
        return this.advance(8);
      case 0xcc:
      case 0xd0:
        return this.advance(1);
      case 0xcd:
      case 0xd1:
        return this.advance(2);
      case 0xce:
      case 0xd2:
        return this.advance(4);
      case 0xcf:
      case 0xd3:
        return this.advance(8);
      case 0xd4:
        return this.advance(2);
      case 0xd5:
        return this.advance(3);
      case 0xd6:
        return this.advance(5);
      case 0xd7:
        return this.advance(9);
      case 0xd8:
        return this.advance(17);
      case 0xdc:
        return this.skipN(this.u(2));
      case 0xdd:
        return this.skipN(this.u(4));
      case 0xde:
        return this.skipN(2 * this.u(2));
      case 0xdf:
        return this.skipN(2 * this.u(4));
      default:
        throw UNEXPECTED;
    }
  }

  private skipN(n: number): void {
    for (let i = 0; i < n; i++) this.skip();
  }

  private advance(n: number): void {
    this.need(n);
    this.pos += n;
  }

  private u(n: number): number {
    this.need(n);
    const b = this.b;
    const p = this.pos;
    this.pos += n;
    if (n === 1) return b[p];
    if (n === 2) return (b[p] << 8) | b[p + 1];
    return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  }

  private need(n: number): void {
    if (this.pos + n > this.b.length) throw UNEXPECTED;
  }
}
