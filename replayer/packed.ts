/**
 * Handing replay's calls to the C core in the trace's own MessagePack form.
 *
 * A trace can hold millions of calls; decoding each into an object and
 * encoding it again for the C core would cost more than replaying it. Most
 * calls need nothing from TypeScript but their replay flags, so a records
 * chunk is scanned here without decoding: runs of such calls go to the C core
 * as they are (recorder/native/unpack.c reads them), with the flags beside
 * them. Records that TypeScript must see decoded (process events, calls that
 * change the descriptor table, file mappings, execve) are decoded one by one.
 * A chunk that is not what the scan expects is decoded whole, the usual way,
 * which reports any damage.
 */
import { callNumber as syscallNumber } from '../formats/syscalls/summary';
import { decodeRecord, type TraceRecord } from '../formats/trace';
import { MAX_RECORD_TAG } from '../formats/trace/codec';
import { changesFileTable } from '../formats/trace/descriptors';
import { unpackRaw } from '../formats/trace/msgpack';
import { outputFdArg } from './policy';

/** Calls whose records go to the C core as they are, in trace order. */
export interface PackedCalls {
  t: 'packed';
  /** the records' MessagePack, back to back */
  bytes: Buffer;
  count: number;
  /** per call: its process, number, result sign, and the descriptor it writes its output to */
  pid: Int32Array;
  nr: Int32Array;
  /** 1 when the call returned more than 0 */
  positive: Uint8Array;
  /** the output descriptor argument (write, sendfile...), or {@link NO_FD} */
  outFd: Int32Array;
}

export const NO_FD = -0x8000_0000;

/** What replay feeds the C core: decoded records and runs of packed calls. */
export type ReplayItem = TraceRecord | PackedCalls;

const MAX_NR = 512;
/** Calls that can go packed: TypeScript needs nothing from them but flags. */
const PACKABLE = new Uint8Array(MAX_NR);
/** The argument holding the output descriptor, or -1. */
const OUT_ARG = new Int8Array(MAX_NR).fill(-1);
{
  const decodedHere = ['mmap', 'execve', 'execveat'].map((n) => syscallNumber(n));
  for (let nr = 0; nr < MAX_NR; nr++) {
    PACKABLE[nr] = changesFileTable(nr) || decodedHere.includes(nr) ? 0 : 1;
    OUT_ARG[nr] = outputFdArg(nr) ?? -1;
  }
}

/** Thrown (and caught below) when the bytes are not what the scan expects. */
const UNEXPECTED = new Error('not a record the scan follows');

/**
 * A cursor over MessagePack, reading only the forms syscall records use.
 * Integers come out as numbers (approximate beyond 2^53, which is enough for
 * what the scan decides) with their low 32 bits in `low32`.
 */
class Cursor {
  pos = 0;
  low32 = 0;
  constructor(private readonly b: Buffer) {}

  byte(): number {
    if (this.pos >= this.b.length) throw UNEXPECTED;
    return this.b[this.pos++];
  }

  int(): number {
    const b = this.b;
    const tag = this.byte();
    if (tag < 0x80) return (this.low32 = tag);
    if (tag >= 0xe0) return (this.low32 = tag - 0x100);
    const p = this.pos;
    let v: number;
    switch (tag) {
      case 0xcc:
        this.advance(1);
        v = b[p];
        break;
      case 0xcd:
        this.advance(2);
        v = b.readUInt16BE(p);
        break;
      case 0xce:
        this.advance(4);
        v = b.readUInt32BE(p);
        break;
      case 0xcf:
        this.advance(8);
        this.low32 = b.readInt32BE(p + 4);
        return b.readUInt32BE(p) * 0x1_0000_0000 + b.readUInt32BE(p + 4);
      case 0xd0:
        this.advance(1);
        v = b.readInt8(p);
        break;
      case 0xd1:
        this.advance(2);
        v = b.readInt16BE(p);
        break;
      case 0xd2:
        this.advance(4);
        v = b.readInt32BE(p);
        break;
      case 0xd3:
        this.advance(8);
        this.low32 = b.readInt32BE(p + 4);
        return b.readInt32BE(p) * 0x1_0000_0000 + b.readUInt32BE(p + 4);
      default:
        throw UNEXPECTED;
    }
    this.low32 = v | 0;
    return v;
  }

  array(): number {
    const tag = this.byte();
    if ((tag & 0xf0) === 0x90) return tag & 0x0f;
    if (tag === 0xdc) return this.u(2);
    if (tag === 0xdd) return this.u(4);
    throw UNEXPECTED;
  }

  /** Skip a bin value. */
  bin(): void {
    const tag = this.byte();
    if (tag < 0xc4 || tag > 0xc6) throw UNEXPECTED;
    const n = this.u(1 << (tag - 0xc4));
    this.need(n);
    this.pos += n;
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
    const p = this.pos;
    this.pos += n;
    if (n === 1) return this.b[p];
    if (n === 2) return this.b.readUInt16BE(p);
    return this.b.readUInt32BE(p);
  }

  private need(n: number): void {
    if (this.pos + n > this.b.length) throw UNEXPECTED;
  }
}

/**
 * Scan a syscall record at the cursor, in the form unpack.c reads; leaves the
 * cursor after it. Returns its number when it can go packed, else -1 (the
 * cursor is then anywhere: the caller skips the record from its start).
 */
function scanSyscall(c: Cursor, out: { pid: number; outFd: number; positive: number }): number {
  const n = c.array();
  if (n < 7 || n > 9 || c.byte() !== 0) return -1;
  c.int(); // seq
  out.pid = c.int();
  c.int(); // tid
  const nr = c.int();
  if (nr < 0 || nr >= MAX_NR || !PACKABLE[nr]) return -1;
  const nargs = c.array();
  if (nargs > 6) return -1;
  const outArg = OUT_ARG[nr];
  out.outFd = NO_FD;
  for (let i = 0; i < nargs; i++) {
    c.int();
    if (i === outArg) out.outFd = c.low32;
  }
  out.positive = c.int() > 0 ? 1 : 0;
  if (n >= 8) {
    const nmem = c.array();
    for (let i = 0; i < nmem; i++) {
      if (c.array() !== 4) return -1;
      const dir = c.int();
      const arg = c.int();
      if (dir < 0 || dir > 3 || arg < 0 || arg > 255) return -1;
      if (c.byte() !== 0xc0) {
        c.pos--;
        c.int(); // an address of its own
      }
      c.bin();
    }
  }
  if (n === 9) c.int();
  return nr;
}

/**
 * The items of one records chunk (its MessagePack payload): runs of packed
 * calls and decoded records, in trace order. `records` decodes the whole
 * chunk the usual way, for a chunk the scan does not follow.
 */
export function scanChunk(payload: Buffer, records: () => TraceRecord[]): ReplayItem[] {
  try {
    return scan(payload);
  } catch (e) {
    if (process.env.SYSTAPE_DEBUG_SCAN) console.error(e);
    return records(); // (which says what is wrong with a damaged chunk)
  }
}

function scan(payload: Buffer): ReplayItem[] {
  const c = new Cursor(payload);
  const total = c.array();
  const items: ReplayItem[] = [];
  const call = { pid: 0, outFd: NO_FD, positive: 0 };
  let runStart = -1;
  let pid: number[] = [];
  let nr: number[] = [];
  let positive: number[] = [];
  let outFd: number[] = [];
  const endRun = (end: number) => {
    if (runStart < 0) return;
    items.push({
      t: 'packed',
      bytes: payload.subarray(runStart, end),
      count: nr.length,
      pid: Int32Array.from(pid),
      nr: Int32Array.from(nr),
      positive: Uint8Array.from(positive),
      outFd: Int32Array.from(outFd),
    });
    runStart = -1;
    pid = [];
    nr = [];
    positive = [];
    outFd = [];
  };
  for (let i = 0; i < total; i++) {
    const start = c.pos;
    // a syscall record starts [0, ... (tag 0 after the array header)
    const tagged = payload[start] >= 0x97 && payload[start] <= 0x99 && payload[start + 1] === 0;
    const n = tagged ? scanSyscall(c, call) : -1;
    if (n >= 0) {
      if (runStart < 0) runStart = start;
      pid.push(call.pid);
      nr.push(n);
      positive.push(call.positive);
      outFd.push(call.outFd);
      continue;
    }
    endRun(start);
    c.pos = start;
    c.skip();
    const value = unpackRaw(payload.subarray(start, c.pos));
    // a record type from a newer minor version: the usual decoding skips it
    if (!Array.isArray(value) || typeof value[0] !== 'number' || value[0] > MAX_RECORD_TAG)
      throw UNEXPECTED;
    items.push(decodeRecord(value));
  }
  endRun(c.pos);
  return items;
}
