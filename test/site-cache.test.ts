/**
 * The fast path's site cache (recorder/site-cache.ts): the syscall sites a recording
 * patched are kept for the next recording or replay of the same program, which patches
 * them all at exec instead of stopping the program at each one's first call. The cache
 * only saves time: what is recorded must not change, and a damaged or absent cache must
 * not matter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SyscallRecord } from '../formats/trace';
import { syscallByNumber } from '../formats/syscalls';
import {
  makeTempDir,
  recordFixture,
  recordsOfType,
  removeTempDirs,
  type RecordedRun,
} from './helpers/record';
import { replayRun } from './helpers/replay';

const saved = process.env.SYSTAPE_SITE_CACHE;
afterEach(() => {
  if (saved === undefined) delete process.env.SYSTAPE_SITE_CACHE;
  else process.env.SYSTAPE_SITE_CACHE = saved;
});
afterAll(removeTempDirs);

// (a directory of its own: what ls prints must not change between two recordings)
const listed = makeTempDir('systape-listed-');
for (const name of ['a', 'b', 'c']) fs.writeFileSync(path.join(listed, name), name);
const LS = ['/bin/ls', '-l', listed];

function calls(run: RecordedRun): string[] {
  return (recordsOfType(run, 'sys') as SyscallRecord[]).map(
    (r) => syscallByNumber(r.nr)?.name ?? String(r.nr),
  );
}

/** The cache files in dir: name, bytes, inode (a file rewritten is a new inode). */
function cacheFiles(dir: string): { name: string; bytes: Buffer; ino: number }[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((name) => ({
    name,
    bytes: fs.readFileSync(path.join(dir, name)),
    ino: fs.statSync(path.join(dir, name)).ino,
  }));
}

test('a recording keeps the sites it patched; the next one of the program knows them all', async () => {
  const dir = path.join(makeTempDir('systape-sites-'), 'sites');
  process.env.SYSTAPE_SITE_CACHE = dir;
  const first = await recordFixture(LS);
  const kept = cacheFiles(dir);
  expect(kept).toHaveLength(1);
  expect(kept[0].name).toMatch(/^ls-[0-9a-f]{32}\.sites$/);
  const { bytes } = kept[0];
  expect(bytes.subarray(0, 8).toString()).toBe('STSITES1');
  expect(bytes.readUInt32LE(8)).toBe(64);
  const count = bytes.readUInt32LE(12);
  expect(count).toBeGreaterThan(10); // ld.so's, libc's and ls's own sites
  expect(bytes.length).toBe(16 + 64 * count);
  expect(fs.statSync(path.join(dir, kept[0].name)).mode & 0o777).toBe(0o600);

  // patched at exec this time, the same sites: nothing new to keep, the same calls recorded
  const second = await recordFixture(LS);
  expect(cacheFiles(dir)).toEqual(kept);
  expect(calls(second)).toEqual(calls(first));
  expect(second.stdout).toBe(first.stdout);
  const replayed = await replayRun(second);
  expect(replayed.divergence).toBeUndefined();
  expect(replayed.exitStatus).toBe(0);
});

test('a damaged cache file is ignored and written anew', async () => {
  const dir = path.join(makeTempDir('systape-sites-'), 'sites');
  process.env.SYSTAPE_SITE_CACHE = dir;
  const first = await recordFixture(LS);
  const [kept] = cacheFiles(dir);
  const file = path.join(dir, kept.name);
  for (const damage of [Buffer.from('not a site cache'), kept.bytes.subarray(0, 100)]) {
    fs.writeFileSync(file, damage);
    const again = await recordFixture(LS);
    expect(calls(again)).toEqual(calls(first));
    expect(cacheFiles(dir).map((f) => f.bytes)).toEqual([kept.bytes]);
  }
});

test('SYSTAPE_SITE_CACHE=off keeps nothing, nor does --no-fastpath (which patches nothing)', async () => {
  const cache = makeTempDir('systape-xdg-');
  const savedXdg = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = cache;
  const dir = path.join(cache, 'systape', 'sites'); // where it goes by default
  try {
    process.env.SYSTAPE_SITE_CACHE = 'off';
    await recordFixture(LS);
    expect(cacheFiles(dir)).toEqual([]);
    delete process.env.SYSTAPE_SITE_CACHE;
    await recordFixture(LS, { fastPath: false });
    expect(cacheFiles(dir)).toEqual([]);
    await recordFixture(LS);
    expect(cacheFiles(dir)).toHaveLength(1);
  } finally {
    if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedXdg;
  }
});
