/**
 * `systape pack`: keep in a trace the files its program ran and mapped (programs, their ELF
 * loaders, shared libraries, locale and cache files), content-addressed, each once, so that
 * the trace replays on a machine that does not have them, or has other versions of them.
 *
 * The trace is rewritten beside itself and renamed over the original: the header (now
 * marked `packed`), the files not kept yet, then every chunk the trace already had, as it
 * was. A file is taken from where it was recorded when it still has the recorded contents
 * (its SHA-256, from the end record), else from the copy the recorder kept of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SystapeError } from '../formats/errors';
import { encodeFileChunk, keptFiles, packDirEntry, writeWhole } from '../formats/trace/files';
import { ChunkKind, FILE_MAGIC, FRAME_HEADER_SIZE, encodeChunk } from '../formats/trace/frame';
import { CURRENT_FORMAT, encodeHeader } from '../formats/trace/header';
import { listChunks, readEnd } from '../formats/trace/reader';
import type { MappedFile } from '../formats/trace/records';
import { contentHash, sameVersion } from './mapped-files';

/** What {@link packTrace} kept. */
export interface PackResult {
  /** files added now: their recorded paths (a file kept once may have several), sizes */
  added: { paths: string[]; sha256: string; size: number; stored: number }[];
  /** files the trace already kept */
  alreadyKept: number;
  /** bytes the trace (or its pack directory) grew by */
  bytesAdded: number;
}

/** Where the recorded contents of `file` are still to be found, if anywhere. */
function sourceOf(file: MappedFile): { source: string; sha256: string } | undefined {
  for (const candidate of [file.path, file.copy]) {
    if (candidate === null) continue;
    let st: fs.Stats;
    try {
      st = fs.statSync(candidate);
    } catch {
      continue;
    }
    if (!st.isFile() || st.size !== file.size) continue;
    if (file.sha256 === undefined) {
      // a trace from before hashes (1.1): the file as recorded, by its identity
      if (candidate === file.path && !sameVersion(file, st)) continue;
      const sha256 = contentHash(candidate, st);
      if (sha256) return { source: candidate, sha256 };
      continue;
    }
    if (contentHash(candidate, st) === file.sha256)
      return { source: candidate, sha256: file.sha256 };
  }
  return undefined;
}

/** Options of {@link packTrace}. */
export interface PackOptions {
  /**
   * keep the files in this pack directory, shared with other traces (each file once, by
   * hash), rather than in the trace; the trace names it, relative to its own directory
   */
  into?: string;
}

/** Keep the files `trace` ran and mapped, in it or in a pack directory; see the module comment. */
export function packTrace(trace: string, options: PackOptions = {}): PackResult {
  const end = readEnd(trace);
  if (!end) {
    throw new SystapeError(
      'PACK_NO_END',
      `${trace} has no end record (the recording was cut short): the files it ran are not known`,
    );
  }
  const { header, chunks } = listChunks(trace);
  const into = options.into === undefined ? undefined : path.resolve(options.into);
  const hashes = (end.files ?? []).flatMap((f) => (f.sha256 ? [f.sha256] : []));
  const kept = new Set(keptFiles(trace, hashes).map((f) => f.sha256));
  if (into) for (const sha of hashes) if (fs.existsSync(packDirEntry(into, sha))) kept.add(sha);
  const bySha = new Map<string, { paths: string[]; source: string; size: number }>();
  for (const file of end.files ?? []) {
    const found = sourceOf(file);
    if (!found) {
      throw new SystapeError(
        'PACK_FILE_CHANGED',
        `cannot pack ${trace}: ${file.path} has changed since the recording, and no copy of it ` +
          'as recorded is left; pack a trace on the machine that recorded it, before its files change',
      );
    }
    const entry = bySha.get(found.sha256);
    if (entry) entry.paths.push(file.path);
    else bySha.set(found.sha256, { paths: [file.path], source: found.source, size: file.size });
  }

  const tmp = path.join(path.dirname(trace), `.${path.basename(trace)}.pack-${process.pid}`);
  const out = fs.openSync(tmp, 'w', 0o600);
  const result: PackResult = { added: [], alreadyKept: kept.size, bytesAdded: 0 };
  try {
    const headerChunk = encodeChunk(
      ChunkKind.HEADER,
      encodeHeader({
        ...header,
        format: { ...CURRENT_FORMAT },
        packed: true,
        ...(into ? { packDir: path.relative(path.dirname(path.resolve(trace)), into) || '.' } : {}),
      }),
    );
    fs.writeSync(out, FILE_MAGIC);
    fs.writeSync(out, headerChunk);
    for (const [sha256, f] of bySha) {
      if (kept.has(sha256)) continue;
      const chunk = encodeFileChunk(sha256, fs.readFileSync(f.source));
      // (a pack directory is shared, as the traces beside it are: umask decides)
      if (into) writeWhole(packDirEntry(into, sha256), chunk, 0o644, 0o777);
      else fs.writeSync(out, chunk);
      result.added.push({ paths: f.paths, sha256, size: f.size, stored: chunk.length });
      result.bytesAdded += chunk.length;
    }
    // then every chunk the trace had, byte for byte
    const from = fs.openSync(trace, 'r');
    try {
      const piece = Buffer.allocUnsafe(1 << 20);
      const start = chunks.length ? chunks[0].offset : 0;
      const last = chunks.at(-1);
      const stop = last ? last.offset + FRAME_HEADER_SIZE + last.length : 0;
      for (let at = start; at < stop;) {
        const n = fs.readSync(from, piece, 0, Math.min(piece.length, stop - at), at);
        if (n === 0) break;
        fs.writeSync(out, piece, 0, n);
        at += n;
      }
    } finally {
      fs.closeSync(from);
    }
    fs.fsyncSync(out);
  } catch (err) {
    fs.closeSync(out);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(out);
  fs.renameSync(tmp, trace);
  return result;
}
