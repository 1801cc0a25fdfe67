/**
 * Replay's input to the C core (recorder/native/replay_chunk.c): the tables
 * that say how each call is replayed, the files to fill mappings from, and
 * the trace's records chunks as they are in the file, which the C core reads
 * itself.
 */
import { descriptorEffect } from '../formats/trace/descriptors';
import { callFlags, outputFdArg } from './policy';

function pad8(n: number): number {
  return (n + 7) & ~7;
}

/** Input for the C core encoded back to back into one growing buffer, sent in batches. */
export class ExpectationBatch {
  buf = Buffer.allocUnsafe(1 << 20);
  len = 0;

  /** Room for a record of `size` bytes, zeroed; returns where it starts. */
  reserve(size: number): number {
    if (this.len + size > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.len + size));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    const at = this.len;
    this.buf.fill(0, at, at + size);
    this.len += size;
    return at;
  }

  /** The bytes so far (a copy), and start over. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.len));
    this.len = 0;
    return out;
  }
}

const EV_TABLES = 17;
const EV_FILL = 18;
const EV_CHUNK = 19;
/** Syscall numbers the tables cover (REPLAY_TABLE_NRS). */
const TABLE_NRS = 512;

/**
 * The tables the C core replays chunks with (struct replay_tables): per syscall number its
 * replay flags, the argument naming its output descriptor, and what it does to descriptors.
 * Sent once, before the first chunk.
 */
export function encodeTables(out: ExpectationBatch): void {
  const size = 8 + TABLE_NRS * 4;
  const at = out.reserve(size);
  const buf = out.buf;
  buf.writeUInt32LE(size, at);
  buf.writeUInt16LE(EV_TABLES, at + 4);
  for (let nr = 0; nr < TABLE_NRS; nr++) {
    buf.writeUInt16LE(callFlags(nr, null, 0), at + 8 + 2 * nr);
    buf.writeInt8(outputFdArg(nr) ?? -1, at + 8 + 2 * TABLE_NRS + nr);
    buf.writeUInt8(descriptorEffect(nr), at + 8 + 3 * TABLE_NRS + nr);
  }
}

/** Mappings of the file at `file` are filled from `source` (a copy of it as recorded). */
export function encodeFill(file: string, source: string, out: ExpectationBatch): void {
  const a = Buffer.from(`${file}\0`);
  const b = Buffer.from(`${source}\0`);
  const size = 16 + pad8(a.length + b.length);
  const at = out.reserve(size);
  const buf = out.buf;
  buf.writeUInt32LE(size, at);
  buf.writeUInt16LE(EV_FILL, at + 4);
  buf.writeUInt32LE(a.length, at + 8);
  buf.writeUInt32LE(b.length, at + 12);
  a.copy(buf, at + 16);
  b.copy(buf, at + 16 + a.length);
}

/** A records chunk's MessagePack as it is in the trace: the C core reads its records. */
export function encodeChunk(payload: Buffer, out: ExpectationBatch): void {
  const size = 16 + pad8(payload.length);
  const at = out.reserve(size);
  const buf = out.buf;
  buf.writeUInt32LE(size, at);
  buf.writeUInt16LE(EV_CHUNK, at + 4);
  buf.writeUInt32LE(payload.length, at + 8);
  payload.copy(buf, at + 16);
}
