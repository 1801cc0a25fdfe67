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

/** A file kept in a trace, or in the pack directory it shares with others. */
export interface KeptFile {
  sha256: string;
  size: number;
  /** bytes it takes */
  stored: number;
  /** the file holding its chunk: the trace, or one in a pack directory */
  where: string;
  /** byte offset of its chunk's frame there */
  offset: number;
}

/**
 * Where a pack directory keeps the file whose SHA-256 is `sha256`: one file chunk (frame
 * and payload), alone in a file named by the hash.
 */
export function packDirEntry(dir: string, sha256: string): string {
  return path.join(dir, sha256);
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

/** The file kept by the chunk at `offset` of `where`, from its first bytes. */
function keptAt(where: string, offset: number, stored: number): KeptFile {
  const prefix = readChunkPayload(where, offset, 96);
  const c = new Cursor(prefix);
  try {
    if (c.array() !== 4) throw new Error('not a file chunk');
    // the hash: a str8 of 64 hex digits
    if (prefix[c.pos] !== 0xd9 || prefix[c.pos + 1] !== 64) throw new Error('no hash');
    const sha256 = prefix.subarray(c.pos + 2, c.pos + 66).toString('latin1');
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('no hash');
    c.pos += 66;
    return { sha256, size: c.int(), stored, where, offset };
  } catch (err) {
    throw new TraceFormatError(
      'TRACE_CORRUPT',
      `${where}: the file chunk at byte offset ${offset} is damaged`,
      { path: where, offset, cause: err },
    );
  }
}

/**
 * The files kept for the trace at `trace`: in its own chunks, and in the pack directory its
 * header names (`packDir`, relative to the trace's directory) for the hashes `wanted`.
 */
export function keptFiles(trace: string, wanted: Iterable<string> = []): KeptFile[] {
  const { header, chunks } = listChunks(trace);
  const out: KeptFile[] = [];
  for (const chunk of chunks) {
    if (chunk.kind === ChunkKind.FILE) out.push(keptAt(trace, chunk.offset, chunk.length));
  }
  if (header.packDir !== undefined) {
    const dir = path.resolve(path.dirname(trace), header.packDir);
    const have = new Set(out.map((f) => f.sha256));
    for (const sha256 of wanted) {
      const entry = packDirEntry(dir, sha256);
      if (have.has(sha256) || !fs.existsSync(entry)) continue;
      const kept = keptAt(entry, 0, fs.statSync(entry).size);
      if (kept.sha256 === sha256) out.push(kept);
      have.add(sha256);
    }
  }
  return out;
}

/**
 * Write the contents of `file` to `dest`, checked against its hash;
 * written to a temporary name first, so `dest` is either whole or absent.
 */
export function extractKeptFile(file: KeptFile, dest: string): void {
  const trace = file.where;
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
  writeWhole(dest, bytes, 0o500);
}

/**
 * Write `bytes` as `file` (its directories made with `dirMode` where missing) under a
 * temporary name first, then rename it: readers (another replay, another packer writing
 * the same file) see it whole or not at all.
 */
export function writeWhole(
  file: string,
  bytes: Uint8Array,
  mode: number,
  dirMode: number = 0o700,
): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: dirMode });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, bytes, { mode });
  fs.renameSync(tmp, file);
}
