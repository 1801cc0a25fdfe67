/**
 * The fast path's site cache: the syscall sites it patched in a program, kept
 * between sessions. Addresses do not move from run to run (no address
 * randomisation), so the next recording or replay of the same program patches
 * them all at exec and at each library's mapping, in one go, instead of
 * stopping the program at each site's first call. The C core checks the code
 * at every site before patching it, so a stale entry (a library since
 * replaced) is never patched, only carried.
 *
 * One file per program (its path and version), in `$SYSTAPE_SITE_CACHE`, else
 * `$XDG_CACHE_HOME/systape/sites`, else `~/.cache/systape/sites`;
 * `SYSTAPE_SITE_CACHE=off` turns it off. Deleting it is always safe. The
 * cache is a speed-up only: a file that cannot be read or written is ignored.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from './cache-dir';
import { KNOWN_SITE_BYTES } from './native/binding';

const MAGIC = Buffer.from('STSITES1');
const HEAD = MAGIC.length + 8; // magic, u32 entry size, u32 count

/** The directory of the site cache, or undefined when it is turned off. */
export function siteCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.SYSTAPE_SITE_CACHE;
  if (set === 'off') return undefined;
  return set || cacheDir('sites', env);
}

/**
 * The cache file of the program at `program` (an absolute path): named after
 * the path and the version of the file there. Undefined when the cache is off
 * or the program cannot be looked at.
 */
export function siteCacheFile(
  program: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const dir = siteCacheDir(env);
  if (!dir) return undefined;
  let st: fs.Stats;
  try {
    st = fs.statSync(program);
  } catch {
    return undefined;
  }
  const key = createHash('sha256')
    .update(`${program}\0${st.dev}\0${st.ino}\0${st.size}\0${st.mtimeMs}`)
    .digest('hex')
    .slice(0, 32);
  return path.join(dir, `${path.basename(program)}-${key}.sites`);
}

/** The sites kept in `file`, for the C core's config; undefined when there are none. */
export function loadSites(file: string | undefined): Uint8Array | undefined {
  if (!file) return undefined;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < HEAD || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const size = bytes.readUInt32LE(MAGIC.length);
  const count = bytes.readUInt32LE(MAGIC.length + 4);
  if (size !== KNOWN_SITE_BYTES || bytes.length !== HEAD + count * size || count === 0)
    return undefined; // (another version's layout, or cut short)
  return bytes.subarray(HEAD);
}

/** Keep `sites` (a 'sites' event's bytes) in `file`, replacing what was there. */
export function saveSites(file: string | undefined, sites: Uint8Array): void {
  if (!file || sites.length === 0 || sites.length % KNOWN_SITE_BYTES !== 0) return;
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head);
  head.writeUInt32LE(KNOWN_SITE_BYTES, MAGIC.length);
  head.writeUInt32LE(sites.length / KNOWN_SITE_BYTES, MAGIC.length + 4);
  // (written aside and renamed: sessions of the same program may end together)
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, Buffer.concat([head, sites]), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
