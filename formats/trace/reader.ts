/**
 * Reading `*.systape` files.
 *
 * The file is read chunk by chunk with positional reads, so a multi-gigabyte
 * trace streams in constant memory. A file that stops in the middle of its
 * last chunk (the recorder was killed) is not an error: every complete record
 * is returned and the cut is reported as `truncated`. Damage anywhere else is
 * a {@link TraceFormatError} naming the byte offset.
 */
import * as fs from 'node:fs';
import { brotliDecompressSync, inflateRawSync } from 'node:zlib';
import { TraceFormatError, TraceNotFoundError, TraceUnreadableError, errnoOf } from '../errors';
import { MAX_RECORD_TAG, decodeRecord, recordTag } from './codec';
import {
  CHUNK_MAGIC,
  ChunkFlags,
  ChunkKind,
  FILE_MAGIC,
  FRAME_HEADER_SIZE,
  KNOWN_CHUNK_FLAGS,
  payloadCrc,
  readFrameHeader,
  type FrameHeader,
} from './frame';
import { CURRENT_FORMAT, decodeHeader } from './header';
import { isPlain, unpack, unpackRaw } from './msgpack';
import { Cursor } from './msgpack-scan';
import type { EndRecord, TraceHeader, TraceRecord } from './records';

/** Where and why a trace stops early: the file ends inside its last chunk. */
export interface TraceTruncation {
  /** byte offset of the incomplete chunk: everything before it was read */
  offset: number;
  /** what was wrong, for people */
  reason: string;
}

/** A whole trace in memory. */
export interface TraceContents {
  header: TraceHeader;
  records: TraceRecord[];
  /** present when the file ends in an incomplete chunk (e.g. the recorder was killed) */
  truncated?: TraceTruncation;
}

/** Options of {@link iterateTrace}. */
export interface IterateTraceOptions {
  /** called once, when iteration reaches an incomplete final chunk */
  onTruncated?: (truncation: TraceTruncation) => void;
}

/**
 * Records of a trace, read lazily chunk by chunk. Iterate it to the end, or
 * break out of a `for...of`, or call {@link TraceIterator.close}, to release the file.
 */
export interface TraceIterator<T = TraceRecord> extends IterableIterator<T> {
  readonly path: string;
  /** read when the iterator was created */
  readonly header: TraceHeader;
  /** set once iteration has reached an incomplete final chunk */
  readonly truncated: TraceTruncation | undefined;
  /** Releases the file; further `next()` calls report the end. */
  close(): void;
}

/** An open trace file: its descriptor and the size it had when opened. */
class TraceFile {
  private constructor(
    readonly path: string,
    private fd: number | undefined,
    readonly size: number,
  ) {}

  static open(path: string): TraceFile {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (err) {
      throw ioError(path, err);
    }
    try {
      const st = fs.fstatSync(fd);
      if (st.isDirectory()) {
        throw new TraceUnreadableError(path, 'it is a directory', { errno: 'EISDIR' });
      }
      if (!st.isFile()) throw new TraceUnreadableError(path, 'it is not a regular file');
      return new TraceFile(path, fd, st.size);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  /** Up to `length` bytes at `position`; fewer only at the end of the file. */
  read(position: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    try {
      while (got < length) {
        const n = fs.readSync(this.fd as number, buf, got, length - got, position + got);
        if (n === 0) break;
        got += n;
      }
    } catch (err) {
      throw ioError(this.path, err);
    }
    return got === length ? buf : buf.subarray(0, got);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

function ioError(path: string, err: unknown): Error {
  const errno = errnoOf(err);
  switch (errno) {
    case 'ENOENT':
      return new TraceNotFoundError(path, { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new TraceUnreadableError(path, 'permission denied', { cause: err, errno });
    case 'EISDIR':
      return new TraceUnreadableError(path, 'it is a directory', { cause: err, errno });
    default:
      return new TraceUnreadableError(path, err instanceof Error ? err.message : String(err), {
        cause: err,
        errno,
      });
  }
}

function corrupt(path: string, offset: number, message: string, cause?: unknown): TraceFormatError {
  return new TraceFormatError('TRACE_CORRUPT', `${path}: ${message}`, { path, offset, cause });
}

const hex = (b: Buffer): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/** What the start of the file says. */
interface Opening {
  header: TraceHeader;
  /** written by a newer minor version: unknown record tags and chunk kinds are skipped */
  newerMinor: boolean;
  /** offset of the first chunk after the header */
  dataOffset: number;
}

/** Checks the magic and reads the header chunk; throws when there is no usable header. */
function readOpening(file: TraceFile): Opening {
  const { path, size } = file;
  const magic = file.read(0, FILE_MAGIC.length);
  if (size === 0) {
    throw new TraceFormatError('TRACE_NOT_SYSTAPE', `${path} is empty, not a systape trace`, {
      path,
      offset: 0,
    });
  }
  if (!magic.equals(FILE_MAGIC)) {
    if (magic.length < FILE_MAGIC.length && FILE_MAGIC.subarray(0, magic.length).equals(magic)) {
      throw new TraceFormatError(
        'TRACE_TRUNCATED',
        `${path} is a systape trace cut off before its header`,
        { path, offset: 0 },
      );
    }
    throw new TraceFormatError(
      'TRACE_NOT_SYSTAPE',
      `${path} is not a systape trace (it starts with ${hex(magic)}, expected ${hex(FILE_MAGIC)})`,
      { path, offset: 0 },
    );
  }
  const offset = FILE_MAGIC.length;
  const cut = (): TraceFormatError =>
    new TraceFormatError(
      'TRACE_TRUNCATED',
      `${path} is a systape trace cut off inside its header chunk (recorder killed at start?)`,
      { path, offset },
    );
  const frameBytes = file.read(offset, FRAME_HEADER_SIZE);
  if (frameBytes.length < FRAME_HEADER_SIZE) throw cut();
  const frame = readFrameHeader(frameBytes);
  if (frame.magic !== CHUNK_MAGIC) {
    throw corrupt(path, offset, `bad chunk magic at byte offset ${offset} (the header chunk)`);
  }
  if (frame.kind !== ChunkKind.HEADER) {
    throw corrupt(path, offset, `the first chunk is of kind ${frame.kind}, not a header`);
  }
  const end = offset + FRAME_HEADER_SIZE + frame.length;
  if (end > size) throw cut();
  const stored = file.read(offset + FRAME_HEADER_SIZE, frame.length);
  if (stored.length < frame.length) throw cut();
  if (payloadCrc(stored) !== frame.crc) {
    if (end === size) throw cut();
    throw corrupt(path, offset, `the header chunk at byte offset ${offset} fails its CRC check`);
  }
  // (the same header bytes decode to the same header: a reader that opens a trace again, as
  // replay does four times, takes a copy of what it found before)
  const key = `${frame.crc}:${frame.length}:${frame.flags}`;
  let header = decodedHeaders.get(key);
  if (!header) {
    const value = decodeHeaderPayload(path, offset, chunkPayload(path, offset, frame, stored));
    header = decodeHeader(value, path);
    if (decodedHeaders.size >= DECODED_HEADERS) decodedHeaders.clear();
    decodedHeaders.set(key, header);
  }
  return {
    header: structuredClone(header),
    newerMinor: header.format.minor > CURRENT_FORMAT.minor,
    dataOffset: end,
  };
}

/** Headers decoded lately, by their chunk's CRC, length and flags. */
const decodedHeaders = new Map<string, TraceHeader>();
const DECODED_HEADERS = 16;

/**
 * Room zlib inflates a chunk of `stored` bytes into at a time. Its default, 16 KiB, leaves a
 * records chunk in dozens of pieces to be copied together again; traces deflate about 7 to 1,
 * so 8 times the stored size usually takes the whole chunk at once (2.5 times faster).
 */
function inflatedRoom(stored: number): number {
  return Math.min(16 << 20, Math.max(64 << 10, stored * 8));
}

/** The payload of a chunk whose CRC has been checked, inflated when flagged. */
function chunkPayload(path: string, offset: number, frame: FrameHeader, stored: Buffer): Buffer {
  if ((frame.flags & ~KNOWN_CHUNK_FLAGS) !== 0 || frame.flags === KNOWN_CHUNK_FLAGS) {
    throw corrupt(
      path,
      offset,
      `chunk at byte offset ${offset} has unknown flags 0x${frame.flags.toString(16)}`,
    );
  }
  if (frame.flags === 0) return stored;
  const options = { chunkSize: inflatedRoom(stored.length) };
  try {
    return frame.flags === ChunkFlags.BROTLI
      ? brotliDecompressSync(stored, options)
      : inflateRawSync(stored, options);
  } catch (err) {
    throw corrupt(path, offset, `chunk at byte offset ${offset} does not inflate`, err);
  }
}

/** Decodes a header chunk's payload into a map. */
function decodeHeaderPayload(path: string, offset: number, payload: Buffer): unknown {
  let value: unknown;
  try {
    value = unpack(payload);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw corrupt(path, offset, `the header chunk is not valid MessagePack: ${why}`, err);
  }
  if (!isPlain(value)) {
    throw corrupt(path, offset, 'the header chunk holds values of MessagePack extension types');
  }
  return value;
}

/** True when the file holds only zero bytes from `offset` on. */
function zeroFrom(file: TraceFile, offset: number): boolean {
  const piece = 1 << 20;
  const zeros = Buffer.alloc(piece);
  for (let pos = offset; pos < file.size; pos += piece) {
    const bytes = file.read(pos, Math.min(piece, file.size - pos));
    if (bytes.length === 0 || !bytes.equals(zeros.subarray(0, bytes.length))) return false;
  }
  return true;
}

/**
 * Yields the records of each chunk after the header, as one array per chunk;
 * returns the truncation when the file ends inside a chunk.
 */
function* recordChunks<T>(
  file: TraceFile,
  opening: Opening,
  decode: ChunkDecoder<T>,
): Generator<Iterable<T>, TraceTruncation | undefined> {
  const { path, size } = file;
  let offset = opening.dataOffset;
  while (offset < size) {
    const frameBytes = file.read(offset, FRAME_HEADER_SIZE);
    if (frameBytes.length < FRAME_HEADER_SIZE) {
      return {
        offset,
        reason: `file ends inside a chunk frame header (${frameBytes.length} of ${FRAME_HEADER_SIZE} bytes)`,
      };
    }
    const frame = readFrameHeader(frameBytes);
    if (frame.magic !== CHUNK_MAGIC) {
      // a crash of the whole machine can leave a zero-filled tail
      if (zeroFrom(file, offset)) {
        return { offset, reason: 'file ends in zero bytes where a chunk should start' };
      }
      throw corrupt(path, offset, `bad chunk magic at byte offset ${offset}`);
    }
    const payloadOffset = offset + FRAME_HEADER_SIZE;
    const end = payloadOffset + frame.length;
    if (end > size) {
      return {
        offset,
        reason: `file ends inside a chunk payload (${size - payloadOffset} of ${frame.length} bytes)`,
      };
    }
    const stored = file.read(payloadOffset, frame.length);
    if (stored.length < frame.length) {
      return { offset, reason: 'file shrank while being read' };
    }
    if (payloadCrc(stored) !== frame.crc) {
      if (end === size)
        return { offset, reason: 'the last chunk fails its CRC check (torn write)' };
      throw corrupt(path, offset, `chunk at byte offset ${offset} fails its CRC check`);
    }
    if (frame.kind === ChunkKind.RECORDS) {
      const payload = chunkPayload(path, offset, frame, stored);
      yield decode(payload, () => decodeChunk(path, offset, opening, payload));
    } else if (frame.kind === ChunkKind.FILE) {
      // a file kept in the trace (files.ts): not records
    } else if (frame.kind === ChunkKind.HEADER) {
      throw corrupt(path, offset, `second header chunk at byte offset ${offset}`);
    } else if (!opening.newerMinor) {
      throw corrupt(path, offset, `chunk at byte offset ${offset} has unknown kind ${frame.kind}`);
    } // else: a chunk kind from a newer minor version, skipped
    offset = end;
  }
  return undefined;
}

/** The last record of a chunk's payload, decoding only it; undefined if that fails. */
function lastRecord(payload: Buffer): TraceRecord | undefined {
  try {
    const c = new Cursor(payload);
    const n = c.array();
    for (let i = 0; i + 1 < n; i++) c.skip();
    const start = c.pos;
    c.skip();
    return decodeRecord(unpackRaw(payload.subarray(start, c.pos)));
  } catch {
    return undefined; // (decoding the whole chunk says what is wrong)
  }
}

/** The records of a record chunk's payload: one MessagePack array of records. */
function decodeChunk(
  path: string,
  offset: number,
  opening: Opening,
  payload: Buffer,
): TraceRecord[] {
  let i = -1;
  try {
    // decodeRecord takes int64/uint64 as bigints and narrows them itself
    const list = unpackRaw(payload);
    if (!Array.isArray(list)) {
      throw new TraceFormatError('TRACE_CORRUPT', 'the payload is not an array of records');
    }
    const records: TraceRecord[] = [];
    for (i = 0; i < list.length; i++) {
      const value: unknown = list[i];
      // a record type added by a newer minor version
      if (opening.newerMinor && recordTag(value) > MAX_RECORD_TAG) continue;
      records.push(decodeRecord(value));
    }
    return records;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const where = i >= 0 ? `, record ${i}` : '';
    throw corrupt(path, offset, `chunk at byte offset ${offset}${where}: ${why}`, err);
  }
}

class RecordIterator<T> implements TraceIterator<T> {
  readonly path: string;
  truncated: TraceTruncation | undefined = undefined;
  private file: TraceFile | undefined;
  private readonly chunks: Generator<Iterable<T>, TraceTruncation | undefined>;
  private items: Iterator<T> | undefined;

  constructor(
    file: TraceFile,
    private readonly opening: Opening,
    private readonly options: IterateTraceOptions,
    decode: ChunkDecoder<T>,
  ) {
    this.path = file.path;
    this.file = file;
    this.chunks = recordChunks(file, opening, decode);
  }

  get header(): TraceHeader {
    return this.opening.header;
  }

  next(): IteratorResult<T, undefined> {
    for (;;) {
      if (this.file === undefined) return { done: true, value: undefined };
      let step: IteratorResult<Iterable<T>, TraceTruncation | undefined>;
      try {
        if (this.items) {
          const item = this.items.next();
          if (!item.done) return { done: false, value: item.value };
          this.items = undefined;
        }
        step = this.chunks.next();
      } catch (err) {
        this.close();
        throw err;
      }
      if (step.done) {
        this.close();
        this.truncated = step.value;
        if (step.value !== undefined) this.options.onTruncated?.(step.value);
        return { done: true, value: undefined };
      }
      this.items = step.value[Symbol.iterator]();
    }
  }

  return(): IteratorResult<T, undefined> {
    this.close();
    return { done: true, value: undefined };
  }

  [Symbol.iterator](): this {
    return this;
  }

  close(): void {
    this.file?.close();
    this.file = undefined;
    this.items = undefined;
  }
}

function withFile<T>(path: string, fn: (file: TraceFile) => T): T {
  const file = TraceFile.open(path);
  try {
    return fn(file);
  } finally {
    file.close();
  }
}

/**
 * Reads only the header of the trace at `path`.
 * Throws {@link TraceNotFoundError}, {@link TraceUnreadableError},
 * {@link TraceFormatError} or {@link TraceVersionError}.
 */
export function readHeader(path: string): TraceHeader {
  return withFile(path, (file) => readOpening(file).header);
}

/**
 * Streams the records of the trace at `path`, one chunk in memory at a time.
 * The header is read (and errors about the file as a whole are thrown) now;
 * damage to a later chunk is thrown by `next()`. A final incomplete chunk ends
 * iteration normally and is reported through `truncated` and `onTruncated`.
 */
export function iterateTrace(path: string, options: IterateTraceOptions = {}): TraceIterator {
  return iterateTraceChunks(path, (_payload, records) => records(), options);
}

/**
 * What a reader makes of one records chunk: given its (inflated, checked)
 * MessagePack payload and a way to decode it into records, the items to hand
 * out. Throws {@link TraceFormatError} like `records()` for a damaged chunk.
 */
export type ChunkDecoder<T> = (payload: Buffer, records: () => TraceRecord[]) => Iterable<T>;

/**
 * Like {@link iterateTrace}, but each records chunk goes through `decode`,
 * for readers that handle some records straight from their MessagePack form
 * (replay hands most calls to the C core that way).
 */
export function iterateTraceChunks<T>(
  path: string,
  decode: ChunkDecoder<T>,
  options: IterateTraceOptions = {},
): TraceIterator<T> {
  const file = TraceFile.open(path);
  let opening: Opening;
  try {
    opening = readOpening(file);
  } catch (err) {
    file.close();
    throw err;
  }
  return new RecordIterator(file, opening, options, decode);
}

/**
 * The frames of the chunks after the header, read without their payloads (skipped by their
 * lengths); stops at the first frame that is damaged or cut off.
 */
function* frames(
  file: TraceFile,
  opening: Opening,
): Generator<{ offset: number; frame: FrameHeader }> {
  let offset = opening.dataOffset;
  while (offset + FRAME_HEADER_SIZE <= file.size) {
    const frame = readFrameHeader(file.read(offset, FRAME_HEADER_SIZE));
    const end = offset + FRAME_HEADER_SIZE + frame.length;
    if (frame.magic !== CHUNK_MAGIC || end > file.size) return;
    yield { offset, frame };
    offset = end;
  }
}

/**
 * The end record of the trace at `path`, reading only its last records chunk
 * (the chunks before it are skipped by their frames' lengths). Undefined when
 * the recording did not finish (no end record, or a damaged tail). Throws like
 * {@link readHeader}.
 */
export function readEnd(path: string): EndRecord | undefined {
  return withFile(path, (file) => {
    const opening = readOpening(file);
    let last: { offset: number; frame: FrameHeader } | undefined;
    for (const chunk of frames(file, opening))
      if (chunk.frame.kind === ChunkKind.RECORDS) last = chunk;
    if (!last) return undefined;
    const stored = file.read(last.offset + FRAME_HEADER_SIZE, last.frame.length);
    if (payloadCrc(stored) !== last.frame.crc) return undefined;
    const payload = chunkPayload(path, last.offset, last.frame, stored);
    const rec = lastRecord(payload) ?? decodeChunk(path, last.offset, opening, payload).at(-1);
    return rec?.t === 'end' ? rec : undefined;
  });
}

/**
 * Reads the whole trace at `path` into memory. A file that ends inside its
 * last chunk yields every complete record plus `truncated`. Throws like
 * {@link iterateTrace}.
 */
export function readTrace(path: string): TraceContents {
  const it = iterateTrace(path);
  const records: TraceRecord[] = [];
  for (const rec of it) records.push(rec);
  const contents: TraceContents = { header: it.header, records };
  if (it.truncated !== undefined) contents.truncated = it.truncated;
  return contents;
}

/** A chunk as its frame describes it. */
export interface ChunkInfo {
  /** byte offset of its frame */
  offset: number;
  kind: number;
  /** payload bytes as stored */
  length: number;
}

/**
 * The header of the trace at `path` and its chunks after the header, from their frames
 * alone (payloads are not read); stops at the first frame that is damaged or cut off.
 */
export function listChunks(path: string): { header: TraceHeader; chunks: ChunkInfo[] } {
  return withFile(path, (file) => {
    const opening = readOpening(file);
    const chunks = [...frames(file, opening)].map(({ offset, frame }) => ({
      offset,
      kind: frame.kind,
      length: frame.length,
    }));
    return { header: opening.header, chunks };
  });
}

/**
 * The payload of the chunk whose frame is at `offset` (inflated when stored deflated), after
 * its CRC check; the first `prefix` bytes of it only, unchecked, when asked.
 */
export function readChunkPayload(path: string, offset: number, prefix?: number): Buffer {
  return withFile(path, (file) => {
    const frame = readFrameHeader(file.read(offset, FRAME_HEADER_SIZE));
    if (frame.magic !== CHUNK_MAGIC)
      throw corrupt(path, offset, `bad chunk magic at byte offset ${offset}`);
    if (prefix !== undefined && frame.flags === 0)
      return file.read(offset + FRAME_HEADER_SIZE, Math.min(prefix, frame.length));
    const stored = file.read(offset + FRAME_HEADER_SIZE, frame.length);
    if (stored.length < frame.length || payloadCrc(stored) !== frame.crc)
      throw corrupt(path, offset, `chunk at byte offset ${offset} fails its CRC check`);
    return chunkPayload(path, offset, frame, stored);
  });
}
