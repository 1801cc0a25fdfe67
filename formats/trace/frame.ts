/**
 * The byte framing of a `*.systape` file: an 8-byte file magic, then chunks,
 * each a 16-byte frame header followed by its payload. See README.md.
 */
import { brotliCompressSync, constants, crc32, deflateRawSync } from 'node:zlib';

/** `\x89SYSTAPE`: the high first byte catches 7-bit transfers, like PNG's magic. */
export const FILE_MAGIC: Buffer = Buffer.from([0x89, 0x53, 0x59, 0x53, 0x54, 0x41, 0x50, 0x45]);

/** The ASCII bytes `STCK` at the start of every frame, read as a little-endian u32. */
export const CHUNK_MAGIC = 0x4b435453;

/** Bytes of the frame header before each payload. */
export const FRAME_HEADER_SIZE = 16;

/** What a chunk's payload holds. */
export const ChunkKind = {
  /** the TraceHeader, as a MessagePack map; always the first chunk */
  HEADER: 0,
  /** a MessagePack array of positional records */
  RECORDS: 1,
  /** (1.2) a file the program ran or mapped, kept in the trace: see files.ts */
  FILE: 2,
} as const;

/** Bits of a frame's flags byte (at most one of them set). */
export const ChunkFlags = {
  /** the payload is raw-deflated (RFC 1951); the length and CRC cover the deflated bytes */
  DEFLATE: 1,
  /** (1.3) the payload is Brotli-compressed (RFC 7932); length and CRC cover the stored bytes */
  BROTLI: 2,
} as const;

/** Flag bits this version understands; any other set bit makes a chunk unreadable. */
export const KNOWN_CHUNK_FLAGS = ChunkFlags.DEFLATE | ChunkFlags.BROTLI;

/**
 * How a chunk's payload may be stored: as it is, raw-deflated, or (1.3) Brotli-compressed.
 * Records compress about 7 to 1 either way; Brotli at quality 1 takes a quarter to three fifths
 * less time than deflate at level 1 (the recorder's cost), and decompresses within a fifth as
 * fast.
 */
export type ChunkCompression = 'none' | 'deflate' | 'brotli';

/** A decoded frame header. */
export interface FrameHeader {
  magic: number;
  /** payload length in bytes, as stored */
  length: number;
  /** CRC-32 (zlib/ISO-HDLC) of the stored payload */
  crc: number;
  kind: number;
  flags: number;
}

/** Writes a frame header at `pos` of `buf`. */
export function writeFrameHeader(
  buf: Buffer,
  pos: number,
  length: number,
  crc: number,
  kind: number,
  flags: number,
): void {
  buf.writeUInt32LE(CHUNK_MAGIC, pos);
  buf.writeUInt32LE(length, pos + 4);
  buf.writeUInt32LE(crc, pos + 8);
  buf[pos + 12] = kind;
  buf[pos + 13] = flags;
  buf.writeUInt16LE(0, pos + 14);
}

/** Reads the frame header at `pos` of `buf` (which must hold 16 bytes from there). */
export function readFrameHeader(buf: Buffer, pos = 0): FrameHeader {
  return {
    magic: buf.readUInt32LE(pos),
    length: buf.readUInt32LE(pos + 4),
    crc: buf.readUInt32LE(pos + 8),
    kind: buf[pos + 12],
    flags: buf[pos + 13],
  };
}

/** CRC-32 as stored in frames. */
export function payloadCrc(payload: Uint8Array): number {
  return crc32(payload);
}

/** Payloads shorter than this are stored as they are, compressed or not. */
const MIN_COMPRESS = 1024;

/**
 * The stored form of `payload` under `compression`, with its frame flags; the payload itself
 * when compressing would not make it smaller, or when it is short (a small chunk, such as the
 * end record's, gains little, and each compression sets up its coder's state anew).
 */
function compressed(
  payload: Uint8Array,
  compression: ChunkCompression,
): { stored: Uint8Array; flags: number } {
  let packed: Buffer | undefined;
  let flags = 0;
  if (compression !== 'none' && payload.length >= MIN_COMPRESS) {
    // (output room for half the payload at once: the coder's 16 KiB pieces are copied after)
    const chunkSize = Math.max(64 << 10, payload.length >> 1);
    if (compression === 'brotli') {
      packed = brotliCompressSync(payload, {
        chunkSize,
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 1,
          [constants.BROTLI_PARAM_SIZE_HINT]: payload.length,
        },
      });
      flags = ChunkFlags.BROTLI;
    } else {
      // (memLevel 9: a seventh faster than the default at level 1, for as many bytes)
      packed = deflateRawSync(payload, { level: 1, memLevel: 9, chunkSize });
      flags = ChunkFlags.DEFLATE;
    }
  }
  return packed && packed.length < payload.length
    ? { stored: packed, flags }
    : { stored: payload, flags: 0 };
}

/** A complete chunk (frame header + payload) for `payload`, stored under `compression`. */
export function encodeChunk(
  kind: number,
  payload: Uint8Array,
  compression: ChunkCompression = 'none',
): Buffer {
  const { stored, flags } = compressed(payload, compression);
  const out = Buffer.allocUnsafe(FRAME_HEADER_SIZE + stored.length);
  writeFrameHeader(out, 0, stored.length, payloadCrc(stored), kind, flags);
  out.set(stored, FRAME_HEADER_SIZE);
  return out;
}
