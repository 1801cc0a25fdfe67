/**
 * Writing `*.systape` files as a recording runs.
 *
 * Records are packed the moment they are appended (so the caller may reuse
 * its buffers at once) and their bytes gathered into one pending chunk, which
 * goes to disk as a single complete frame when it reaches `chunkBytes`, on
 * `flush()`, on the auto-flush timer, or on `close()`. Killing the recorder
 * therefore loses only the pending chunk, and readers never see a half-written
 * frame except at the end.
 * Writes are synchronous: one `write(2)` per ~256 KiB chunk is cheap and keeps
 * records in order without any queueing.
 */
import * as fs from 'node:fs';
import { TraceEncodeError, TraceWriteError, errnoOf } from '../errors';
import { wireRecord } from './codec';
import {
  ChunkKind,
  type ChunkCompression,
  FILE_MAGIC,
  FRAME_HEADER_SIZE,
  encodeChunk,
  payloadCrc,
  writeFrameHeader,
} from './frame';
import { CURRENT_FORMAT, encodeHeader } from './header';
import { packTransient, type ByteRange } from './msgpack';
import type { EndRecord, TraceHeader, TraceRecord } from './records';

/** Options of {@link TraceWriter.create}. */
export interface TraceWriterOptions {
  /** cut a chunk once this many payload bytes are pending (default 256 KiB) */
  chunkBytes?: number;
  /**
   * cut the first records chunk at this many payload bytes at most, and the second at four
   * times as many (a record larger than that goes in a chunk of its own): a recorder's trace
   * starts with small chunks, because replay hands the program its first calls once their
   * chunk is decompressed, and the program waits for that at its exec (default: none)
   */
  firstChunkBytes?: number;
  /** store record chunks compressed so where that makes them smaller (default 'none') */
  compression?: ChunkCompression;
}

/** The header the caller supplies; the writer stamps `format` with its own version. */
export type TraceHeaderInit = Omit<TraceHeader, 'format'> & { format?: TraceHeader['format'] };

const DEFAULT_CHUNK_BYTES = 256 * 1024;
/** frame header, then room for the largest array header (written when the chunk is cut) */
const PREFIX = FRAME_HEADER_SIZE + 5;
const MAX_PAYLOAD = 0xffff_ffff;

/*
 * A records payload is one MessagePack array of records. Records are packed
 * one at a time as they arrive, so the array header, whose size depends on the
 * final count, is written in front of them when the chunk is cut.
 */

/** Size of the MessagePack array header for `n` elements (fixarray, array 16, array 32). */
function arrayHeaderSize(n: number): number {
  return n < 16 ? 1 : n < 0x10000 ? 3 : 5;
}

/** Writes the MessagePack array header for `n` elements at `pos` of `buf`. */
function writeArrayHeader(buf: Buffer, pos: number, n: number): void {
  if (n < 16) {
    buf[pos] = 0x90 | n;
  } else if (n < 0x10000) {
    buf[pos] = 0xdc;
    buf.writeUInt16BE(n, pos + 1);
  } else {
    buf[pos] = 0xdd;
    buf.writeUInt32BE(n, pos + 1);
  }
}

function cannotCreate(path: string, err: unknown): TraceWriteError {
  return new TraceWriteError(
    'TRACE_WRITE',
    path,
    `cannot create trace file ${path}: ${describe(err)}`,
    {
      cause: err,
    },
  );
}

function describe(err: unknown): string {
  const errno = errnoOf(err);
  if (errno === 'ENOENT') return 'its directory does not exist';
  if (errno === 'EACCES' || errno === 'EPERM') return 'permission denied';
  if (errno === 'EISDIR') return 'it is a directory';
  if (errno === 'ENOSPC') return 'no space left on device';
  return err instanceof Error ? err.message : String(err);
}

/** Appends records to a new `*.systape` file. Not safe to share between threads. */
export class TraceWriter {
  /** the file being written */
  readonly path: string;
  /** the header as written, with this version's `format` */
  readonly header: TraceHeader;

  private fd: number | undefined;
  private readonly chunkBytes: number;
  private readonly firstChunkBytes: number | undefined;
  private readonly compression: ChunkCompression;
  /** the pending chunk: room for its frame and array header, then the packed records */
  private buf: Buffer;
  /** end of the packed records in `buf` */
  private pos = PREFIX;
  private pending = 0;
  private records = 0;
  private chunks = 0;
  private written = 0;
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;

  private constructor(path: string, fd: number, header: TraceHeader, options: TraceWriterOptions) {
    this.path = path;
    this.fd = fd;
    this.header = header;
    this.chunkBytes = Math.max(1, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    this.firstChunkBytes =
      options.firstChunkBytes === undefined ? undefined : Math.max(1, options.firstChunkBytes);
    this.compression = options.compression ?? 'none';
    this.buf = Buffer.allocUnsafe(this.initialBufferSize());
  }

  /**
   * Opens `path` for a trace, creating it with mode 0600 (traces hold environment and file
   * contents), without changing it yet: for a recorder to know that its trace can be written
   * before it starts the program, and to truncate an earlier trace there (which frees its
   * blocks: a quarter of a millisecond for 200 KiB) while the program starts. Hand the
   * descriptor to {@link create}. Throws {@link TraceWriteError}.
   */
  static openFile(path: string): number {
    try {
      return fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o600);
    } catch (err) {
      throw cannotCreate(path, err);
    }
  }

  /**
   * Creates (or truncates) `path` with mode 0600, or takes `fd` from {@link openFile} for it
   * (closed on failure), and writes the file magic and the header chunk at once.
   * Throws {@link TraceWriteError} when the file cannot be created.
   */
  static create(
    path: string,
    header: TraceHeaderInit,
    options: TraceWriterOptions = {},
    fd: number = TraceWriter.openFile(path),
  ): TraceWriter {
    let writer: TraceWriter | undefined;
    try {
      const full: TraceHeader = { ...header, format: { ...CURRENT_FORMAT } };
      const headerChunk = Buffer.concat([
        FILE_MAGIC,
        encodeChunk(ChunkKind.HEADER, encodeHeader(full)),
      ]);
      writer = new TraceWriter(path, fd, full, options);
      // A file loses what it held, and the mode open() keeps on an existing one; a device
      // (such as /dev/null) is written as it is.
      if (fs.fstatSync(fd).isFile()) {
        fs.ftruncateSync(fd, 0);
        fs.fchmodSync(fd, 0o600);
      }
      writer.writeAll(headerChunk);
    } catch (err) {
      if (writer) writer.fd = undefined;
      fs.closeSync(fd);
      throw err instanceof TraceWriteError || err instanceof TraceEncodeError
        ? err
        : cannotCreate(path, err);
    }
    return writer;
  }

  /** Records appended so far, including those not yet on disk. */
  get recordCount(): number {
    return this.records;
  }

  /** Record chunks written to disk so far. */
  get chunkCount(): number {
    return this.chunks;
  }

  /** Bytes on disk so far (magic, header and every written chunk). */
  get bytesWritten(): number {
    return this.written;
  }

  /** Records appended but not yet written. */
  get pendingRecords(): number {
    return this.pending;
  }

  /** Bytes of the records appended but not yet written, as packed. */
  get pendingBytes(): number {
    return this.pos - PREFIX;
  }

  /** True once {@link close} has run. */
  get closed(): boolean {
    return this.fd === undefined;
  }

  /**
   * Packs `rec` into the pending chunk, writing the chunk when it is full.
   * Throws {@link TraceEncodeError} (leaving the trace unchanged) when the record
   * holds values the format cannot store, and {@link TraceWriteError} when the
   * writer is closed or an earlier write failed.
   */
  append(rec: TraceRecord): void {
    this.checkUsable();
    let packed: ByteRange;
    try {
      packed = packTransient(wireRecord(rec));
    } catch (err) {
      const what = `cannot store ${String(rec?.t)} record (seq ${String(rec?.seq)})`;
      if (err instanceof TraceEncodeError) throw new TraceEncodeError(`${what}: ${err.message}`);
      if (err instanceof TypeError)
        throw new TraceEncodeError(`${what}: malformed record (${err.message})`);
      throw err;
    }
    const { start, end: packedEnd } = packed;
    this.cutBefore(packedEnd - start);
    const pos = this.pos;
    const end = pos + (packedEnd - start);
    if (end > this.buf.length) this.resize(end);
    const buf = this.buf;
    if (end - pos <= 64) {
      // most records are a few dozen bytes: a loop beats copy()'s call overhead
      for (let i = start, j = pos; i < packedEnd; i++, j++) buf[j] = packed[i];
    } else {
      packed.copy(buf, pos, start, packedEnd);
    }
    this.pos = end;
    this.pending++;
    this.records++;
    if (end - PREFIX >= this.cutAt()) this.writeChunk();
  }

  /**
   * Appends `count` records already packed in the trace's form (each a
   * MessagePack tuple as {@link wireRecord} gives it, one after the other), as
   * the recorder's C core sends the fast path's records. The bytes are not
   * checked: they must come from an encoder of this format.
   */
  appendPacked(bytes: Uint8Array, count: number): void {
    this.checkUsable();
    if (count === 0) return;
    this.cutBefore(bytes.length);
    const pos = this.pos;
    const end = pos + bytes.length;
    if (end > this.buf.length) this.resize(end);
    this.buf.set(bytes, pos);
    this.pos = end;
    this.pending += count;
    this.records += count;
    if (end - PREFIX >= this.cutAt()) this.writeChunk();
  }

  /** Writes the pending records as one chunk now (nothing when there are none). */
  flush(): void {
    this.checkUsable();
    if (this.pending > 0) this.writeChunk();
  }

  /**
   * Flushes every `intervalMs` (default 100) so that a killed recorder loses at
   * most that much. The timer does not keep the process alive. A failed flush
   * stops the timer; the error is thrown by the next call on the writer.
   */
  startAutoFlush(intervalMs = 100): void {
    this.checkUsable();
    this.stopAutoFlush();
    this.timer = setInterval(() => {
      try {
        if (this.pending > 0) this.flush();
      } catch {
        this.stopAutoFlush(); // kept in this.failure, rethrown by the next call
      }
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer started by {@link startAutoFlush}. */
  stopAutoFlush(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Writes everything pending, then `end` (when given) in a chunk of its own,
   * and closes the file. Calling it again does nothing. Throws an earlier
   * write failure, after closing the file.
   */
  close(end?: EndRecord): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.stopAutoFlush();
    try {
      this.flush();
      // (alone in the last chunk, it is read without inflating or walking the calls before it)
      if (end !== undefined) {
        this.append(end);
        this.flush();
      }
    } finally {
      this.fd = undefined;
      fs.closeSync(fd);
    }
  }

  private checkUsable(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.fd === undefined) {
      throw new TraceWriteError(
        'TRACE_WRITER_CLOSED',
        this.path,
        `trace writer for ${this.path} is closed`,
      );
    }
  }

  /**
   * Writes the first chunks, pending, before `bytes` more would take them past their size:
   * they stay small even when a large batch of records follows a few small ones.
   */
  private cutBefore(bytes: number): void {
    const first = this.firstCut();
    if (first !== undefined && this.pending > 0 && this.pos - PREFIX + bytes > first)
      this.writeChunk();
  }

  /** Payload bytes from which the pending chunk is cut. */
  private cutAt(): number {
    return this.firstCut() ?? this.chunkBytes;
  }

  /** The size of the pending chunk while it is one of the first two (see `firstChunkBytes`). */
  private firstCut(): number | undefined {
    if (this.firstChunkBytes === undefined || this.chunks >= 2) return undefined;
    return Math.min(this.chunkBytes, this.firstChunkBytes * 4 ** this.chunks);
  }

  private initialBufferSize(): number {
    return Math.min(this.chunkBytes, DEFAULT_CHUNK_BYTES * 4) + 64 * 1024;
  }

  /** Moves the pending chunk to a buffer of the initial size doubled until it holds `size` bytes. */
  private resize(size: number): void {
    let next = this.initialBufferSize();
    while (next < size) next *= 2;
    const buf = Buffer.allocUnsafe(next);
    this.buf.copy(buf, 0, 0, this.pos);
    this.buf = buf;
  }

  /** Frames the pending records and writes them with one write call. */
  private writeChunk(): void {
    const buf = this.buf;
    const count = this.pending;
    const payloadStart = PREFIX - arrayHeaderSize(count);
    writeArrayHeader(buf, payloadStart, count);
    const payload = buf.subarray(payloadStart, this.pos);
    if (payload.length > MAX_PAYLOAD) {
      throw new TraceEncodeError(
        `a chunk of ${payload.length} bytes exceeds the 4 GiB frame limit`,
      );
    }
    if (this.compression !== 'none') {
      this.writeAll(encodeChunk(ChunkKind.RECORDS, payload, this.compression));
    } else {
      const frameStart = payloadStart - FRAME_HEADER_SIZE;
      writeFrameHeader(buf, frameStart, payload.length, payloadCrc(payload), ChunkKind.RECORDS, 0);
      this.writeAll(buf.subarray(frameStart, this.pos));
    }
    this.chunks++;
    this.pending = 0;
    this.pos = PREFIX;
    // after an oversized record, give the big buffer back
    if (buf.length > 4 * this.initialBufferSize()) this.resize(0);
  }

  private writeAll(data: Uint8Array): void {
    const fd = this.fd as number;
    try {
      let off = 0;
      while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
      this.written += data.length;
    } catch (err) {
      // a partial frame may now end the file: readers report it as truncated
      this.failure = new TraceWriteError(
        'TRACE_WRITE',
        this.path,
        `cannot write trace file ${this.path}: ${describe(err)}`,
        { cause: err },
      );
      throw this.failure;
    }
  }
}
