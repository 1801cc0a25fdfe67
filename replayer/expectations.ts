/**
 * Replay's input to the C core (recorder/native/replay_chunk.c): the tables
 * that say how each call is replayed, the files to fill mappings from, and
 * the trace's records chunks as they are in the file, which the C core reads
 * itself. Each message is an event header (size, type) and its body, padded
 * to 8 bytes.
 */
import { descriptorEffect } from '../formats/trace/descriptors';
import { callFlags, outputFdArg } from './policy';

const EV_TABLES = 17;
const EV_FILL = 18;
const EV_CHUNK = 19;
/** Syscall numbers the tables cover (REPLAY_TABLE_NRS). */
const TABLE_NRS = 512;

function pad8(n: number): number {
  return (n + 7) & ~7;
}

/** A zeroed message of `size` bytes with its header written. */
function message(size: number, type: number): Buffer {
  const buf = Buffer.alloc(size);
  buf.writeUInt32LE(size, 0);
  buf.writeUInt16LE(type, 4);
  return buf;
}

/** encodeTables' buffer, once made. */
let tables: Buffer | undefined;

/**
 * The tables the C core replays chunks with (struct replay_tables): per syscall number its
 * replay flags, the argument naming its output descriptor, and what it does to descriptors.
 * Sent once, before the first chunk. The same for every replay: made once per process (the
 * buffer is only ever written out, never changed).
 */
export function encodeTables(): Buffer {
  if (tables) return tables;
  const buf = message(8 + TABLE_NRS * 4, EV_TABLES);
  for (let nr = 0; nr < TABLE_NRS; nr++) {
    buf.writeUInt16LE(callFlags(nr, null, 0), 8 + 2 * nr);
    buf.writeInt8(outputFdArg(nr) ?? -1, 8 + 2 * TABLE_NRS + nr);
    buf.writeUInt8(descriptorEffect(nr), 8 + 3 * TABLE_NRS + nr);
  }
  tables = buf;
  return buf;
}

/** Mappings of the file at `file` are filled from `source` (a copy of it as recorded). */
export function encodeFill(file: string, source: string): Buffer {
  const a = Buffer.from(`${file}\0`);
  const b = Buffer.from(`${source}\0`);
  const buf = message(16 + pad8(a.length + b.length), EV_FILL);
  buf.writeUInt32LE(a.length, 8);
  buf.writeUInt32LE(b.length, 12);
  a.copy(buf, 16);
  b.copy(buf, 16 + a.length);
  return buf;
}

/**
 * A records chunk's MessagePack, as it is in the trace, framed for the C core: the parts to
 * write one after the other (the payload itself is not copied).
 */
export function encodeChunk(payload: Buffer): Buffer[] {
  const head = message(16, EV_CHUNK);
  head.writeUInt32LE(16 + pad8(payload.length), 0);
  head.writeUInt32LE(payload.length, 8);
  const padding = pad8(payload.length) - payload.length;
  return padding ? [head, payload, Buffer.alloc(padding)] : [head, payload];
}
