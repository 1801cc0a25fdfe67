/**
 * Files kept inside a trace (format 1.2, chunk kind 2): the programs a recording ran and the
 * files it mapped, so that the trace replays on a machine without them (`systape pack`).
 *
 * A file chunk's payload is the MessagePack array `[sha256, size, encoding, bytes]`: the
 * SHA-256 of the contents (lowercase hex), their size, and the bytes as they are (encoding
 * 0) or raw-deflated (1). The frame itself is never deflated, so the hash and size can be
 * read from the first bytes of the payload without reading the rest.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { TraceFormatError } from '../errors';
import { ChunkKind, encodeChunk } from './frame';
import { pack } from './msgpack';
import { Cursor } from './msgpack-scan';
import { listChunks, readChunkPayload } from './reader';

/** A file kept in a trace. */
export interface KeptFile {
  sha256: string;
  size: number;
  /** bytes it takes in the trace */
  stored: number;
  /** byte offset of its chunk's frame */
  offset: number;
}

/** Files are deflated when that saves at least this share of their size. */
const DEFLATE_GAIN = 0.1;

/** The chunk keeping `bytes` (whose SHA-256 is `sha256`) in a trace. */
export function encodeFileChunk(sha256: string, bytes: Buffer): Buffer {
  // level 1: a 100 MB program packs in about a second, at 40% of its size
  const deflated = deflateRawSync(bytes, { level: 1 });
  const smaller = deflated.length < bytes.length * (1 - DEFLATE_GAIN);
  return encodeChunk(
    ChunkKind.FILE,
    pack([sha256, bytes.length, smaller ? 1 : 0, smaller ? deflated : bytes]),
  );
}

/** The files kept in the trace at `trace`, by their chunks' first bytes. */
export function keptFiles(trace: string): KeptFile[] {
  const out: KeptFile[] = [];
  for (const chunk of listChunks(trace).chunks) {
    if (chunk.kind !== ChunkKind.FILE) continue;
    const prefix = readChunkPayload(trace, chunk.offset, 96);
    const c = new Cursor(prefix);
    try {
      if (c.array() !== 4) throw new Error('not a file chunk');
      // the hash: a str8 of 64 hex digits
      if (prefix[c.pos] !== 0xd9 || prefix[c.pos + 1] !== 64) throw new Error('no hash');
      const sha256 = prefix.subarray(c.pos + 2, c.pos + 66).toString('latin1');
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('no hash');
      c.pos += 66;
      out.push({ sha256, size: c.int(), stored: chunk.length, offset: chunk.offset });
    } catch (err) {
      throw new TraceFormatError(
        'TRACE_CORRUPT',
        `${trace}: the file chunk at byte offset ${chunk.offset} is damaged`,
        { path: trace, offset: chunk.offset, cause: err },
      );
    }
  }
  return out;
}

/**
 * Write the contents of `file` (kept in `trace`) to `dest`, checked against its hash;
 * written to a temporary name first, so `dest` is either whole or absent.
 */
export function extractKeptFile(trace: string, file: KeptFile, dest: string): void {
  const payload = readChunkPayload(trace, file.offset);
  const c = new Cursor(payload);
  c.array();
  c.pos += 2 + 64; // the hash
  c.int(); // size
  const encoding = c.int();
  const at = c.bin();
  const stored = payload.subarray(at, c.pos);
  const bytes = encoding === 1 ? inflateRawSync(stored) : stored;
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== file.sha256 || bytes.length !== file.size) {
    throw new TraceFormatError(
      'TRACE_CORRUPT',
      `${trace}: the file kept at byte offset ${file.offset} does not match its hash`,
      { path: trace, offset: file.offset },
    );
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, bytes, { mode: 0o500 });
  fs.renameSync(tmp, dest);
}
