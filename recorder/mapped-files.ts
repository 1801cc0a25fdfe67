/**
 * The files a recorded program mapped into memory (shared libraries, locale
 * archives, caches), and copies of them kept so that replay can rebuild the
 * mappings as they were even after a file changes (a library upgraded, a
 * binary rebuilt).
 *
 * Copies live in a store shared by all recordings, one per file version
 * (inode, size, modification time), so a library is copied once, not once per
 * recording: `$SYSTAPE_FILE_STORE`, else `$XDG_CACHE_HOME/systape/files`, else
 * `~/.cache/systape/files`. Deleting the store is always safe: replay then
 * uses the files as they are, and says so when one has changed.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { callNumber } from '../formats/syscalls/summary';
import type { MappedFile, TraceRecord } from '../formats/trace/records';
import { cacheDir } from './cache-dir';

const EXECVE = callNumber('execve');
const EXECVEAT = callNumber('execveat');

/** Files larger than this are not copied (replay then needs them unchanged). */
export const MAX_COPY_BYTES = 256 * 1024 * 1024;

/** The store is kept under this size, dropping the copies used longest ago. */
export const MAX_STORE_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * What this process found of each file version before: its copy in a store and its hash, and
 * a program's loader. A process that records again and again (a Jest suite) meets the same
 * libraries each time, and finding them out costs a dozen system calls a file.
 */
const seen = new Map<string, { copy: string | null; sha256?: string }>();
const seenLoaders = new Map<string, ReturnType<typeof elfInterpreter>>();
/** Versions remembered at most (then forgotten all at once). */
const SEEN_MAX = 4096;

/** `file` as `st` describes it, in one string. */
function versionKey(file: string, st: fs.Stats): string {
  return `${file}\0${st.dev}-${st.ino}-${st.size}-${st.mtimeMs}-${st.ctimeMs}`;
}

function remember<T>(map: Map<string, T>, key: string, value: T): T {
  if (map.size >= SEEN_MAX) map.clear();
  map.set(key, value);
  return value;
}

/** The ELF interpreter of the program at `file`, looked up once per version of it. */
function programLoader(file: string): ReturnType<typeof elfInterpreter> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return undefined;
  }
  const key = versionKey(file, st);
  return seenLoaders.has(key)
    ? seenLoaders.get(key)
    : remember(seenLoaders, key, elfInterpreter(file));
}

/**
 * Delete the copies used longest ago (by modification time, which recording
 * refreshes on every use) until the store holds at most `maxBytes`.
 */
export function pruneStore(store: string, maxBytes: number = MAX_STORE_BYTES): void {
  let entries: { file: string; size: number; used: number }[];
  try {
    entries = fs.readdirSync(store).flatMap((name) => {
      const file = path.join(store, name);
      try {
        const st = fs.statSync(file);
        return st.isFile() ? [{ file, size: st.size, used: st.mtimeMs }] : [];
      } catch {
        return []; // removed meanwhile by another recorder
      }
    });
  } catch {
    return; // no store
  }
  let total = entries.reduce((n, e) => n + e.size, 0);
  for (const e of entries.sort((a, b) => a.used - b.used)) {
    if (total <= maxBytes) return;
    fs.rmSync(e.file, { force: true });
    seen.clear(); // (a copy it names may be this one)
    total -= e.size;
  }
}

/** Where copies of mapped files are kept. */
export function fileStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SYSTAPE_FILE_STORE || cacheDir('files', env);
}

/** True when `st` still describes the file as recorded. */
export function sameVersion(file: MappedFile, st: fs.Stats): boolean {
  return st.size === file.size && st.mtimeMs === file.mtimeMs && st.ino === file.ino;
}

/**
 * The SHA-256 of `file` (as `st` describes it), in hex; remembered in `store` by the file's
 * device, inode, size and times, so that each version of a library is read once. Undefined
 * when the file cannot be read.
 */
export function contentHash(
  file: string,
  st: fs.Stats,
  store: string = fileStoreDir(),
): string | undefined {
  const key = `${st.dev}-${st.ino}-${st.size}-${Math.round(st.mtimeMs * 1e3)}-${Math.round(st.ctimeMs * 1e3)}`;
  const remembered = path.join(store, 'sha256', key);
  try {
    const hex = fs.readFileSync(remembered, 'utf8');
    if (/^[0-9a-f]{64}$/.test(hex)) return hex;
  } catch {
    // not yet
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0;)
      hash.update(chunk.subarray(0, n));
    const hex = hash.digest('hex');
    try {
      fs.mkdirSync(path.dirname(remembered), { recursive: true, mode: 0o700 });
      fs.writeFileSync(remembered, hex);
    } catch {
      // a read-only store: hashed again next time
    }
    return hex;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * A copy of `file` (as `st` describes it) in the store, made now if there is
 * none (`made`); null when it cannot be kept (too large, store not writable).
 */
function keepCopy(
  file: string,
  st: fs.Stats,
  store: string,
): { copy: string | null; made: boolean } {
  const none = { copy: null, made: false };
  if (st.size > MAX_COPY_BYTES) return none;
  const name = `${st.ino}-${st.size}-${Math.round(st.mtimeMs * 1e3)}-${path.basename(file)}`;
  const copy = path.join(store, name);
  if (fs.existsSync(copy)) {
    const now = new Date();
    try {
      fs.utimesSync(copy, now, now); // used again: the last to be pruned
    } catch {
      // read-only store: the copy is still good
    }
    return { copy, made: false };
  }
  const tmp = `${copy}.tmp-${process.pid}`;
  try {
    fs.mkdirSync(store, { recursive: true, mode: 0o700 });
    // a reflink where the filesystem has them, a plain copy elsewhere
    fs.copyFileSync(file, tmp, fs.constants.COPYFILE_FICLONE);
    // the file changed while being copied: this copy is of neither version
    const after = fs.statSync(file);
    if (after.mtimeMs !== st.mtimeMs || after.size !== st.size) throw new Error('changed');
    fs.renameSync(tmp, copy);
    return { copy, made: true };
  } catch {
    fs.rmSync(tmp, { force: true });
    return none;
  }
}

/**
 * The ELF interpreter `file` names (its PT_INTERP: the dynamic loader the kernel maps with
 * it), as named and resolved; undefined for a static program, a script or a file that cannot
 * be read.
 */
export function elfInterpreter(file: string): { named: string; resolved: string } | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(64);
    if (fs.readSync(fd, head, 0, 64, 0) < 64 || head.readUInt32BE(0) !== 0x7f454c46) return;
    if (head[4] !== 2 || head[5] !== 1) return; // 64-bit little-endian only (x86-64)
    const phoff = Number(head.readBigUInt64LE(0x20));
    const phentsize = head.readUInt16LE(0x36);
    const phnum = head.readUInt16LE(0x38);
    const table = Buffer.alloc(phentsize * phnum);
    fs.readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      const ph = table.subarray(i * phentsize);
      if (ph.readUInt32LE(0) !== 3 /* PT_INTERP */) continue;
      const name = Buffer.alloc(Number(ph.readBigUInt64LE(32)));
      fs.readSync(fd, name, 0, name.length, Number(ph.readBigUInt64LE(8)));
      const named = name.toString('latin1').replace(/\0.*$/s, '');
      return { named, resolved: fs.realpathSync(named) };
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Collects the files a recording runs (programs and their loaders, at execve) and maps, from
 * its records as they go by.
 */
export class MappedFiles {
  private readonly paths = new Set<string>();
  private readonly programs = new Set<string>();

  /**
   * Feed every record: exec records name the program (resolved), and a successful execve the
   * path it was run by (a symbolic link to it, often); file mappings have a 'path' region.
   */
  observe(rec: TraceRecord): void {
    if (rec.t === 'exec') this.programs.add(rec.path);
    if (rec.t !== 'sys') return;
    if ((rec.nr === EXECVE || rec.nr === EXECVEAT) && Number(rec.ret) === 0) {
      const arg = rec.nr === EXECVE ? 0 : 1;
      const named = rec.mem.find((m) => m.dir === 'in' && m.arg === arg);
      const text = named && Buffer.from(named.bytes).toString('utf8').replace(/\0.*$/s, '');
      if (text && path.isAbsolute(text)) this.programs.add(text);
    }
    for (const m of rec.mem) {
      if (m.dir === 'path') this.paths.add(Buffer.from(m.bytes).toString('utf8'));
    }
  }

  /**
   * What each file is now (at the end of the recording), with a copy kept in `store` for
   * replay.
   */
  manifest(store: string = fileStoreDir()): MappedFile[] {
    const files: MappedFile[] = [];
    let copied = false;
    const run = new Set<string>();
    for (const program of this.programs) {
      run.add(program);
      const loader = programLoader(program);
      if (loader) run.add(loader.named).add(loader.resolved);
    }
    const mapped = [...this.paths].filter((file) => !run.has(file));
    for (const [file, how] of [
      ...[...run].map((f) => [f, 'exec'] as const),
      ...mapped.map((f) => [f, undefined] as const),
    ]) {
      let st: fs.Stats;
      try {
        st = fs.statSync(file);
      } catch {
        continue; // gone already (a temporary file): nothing to keep
      }
      if (!st.isFile()) continue;
      const key = `${store}\0${versionKey(file, st)}`;
      let found = seen.get(key);
      if (!found) {
        const { copy, made } = keepCopy(file, st, store);
        copied ||= made;
        found = { copy, sha256: contentHash(file, st, store) };
        // (not what failed: the store may take a copy next time)
        if (copy !== null && found.sha256) remember(seen, key, found);
      }
      const { copy, sha256 } = found;
      files.push({
        path: file,
        size: st.size,
        mtimeMs: st.mtimeMs,
        ino: st.ino,
        copy,
        ...(how ? { how } : {}),
        ...(sha256 ? { sha256 } : {}),
      });
    }
    if (copied) pruneStore(store);
    return files;
  }
}
