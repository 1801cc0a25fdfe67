/**
 * A shared library rebuilt after the recording: replay maps it as it was,
 * from the copy the recorder kept, so the program prints what it printed.
 * Without that copy, replay stops before it starts, naming the file that
 * changed. A program rebuilt after the recording stops it too; rebuilt to the
 * same bytes, it replays.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readEnd, readTrace } from '../formats/trace';
import { pruneStore } from '../recorder/mapped-files';
import { replay } from '../replayer/replay';
import { makeTempDir, recordFixture, removeTempDirs } from './helpers/record';

afterAll(removeTempDirs);

const MAIN = `#include <stdio.h>
const char *greeting(void);
int main(void) { puts(greeting()); return 0; }
`;
const library = (version: number) =>
  `const char *greeting(void) { return "hello from version ${version}"; }\n`;

let dir: string;
let store: string;
let lib: string;
let tracePath: string;

function buildLibrary(version: number): void {
  const src = path.join(dir, 'greet.c');
  fs.writeFileSync(src, library(version));
  // a new file, as a linker writes it: the recorded inode is left as it was
  const tmp = `${lib}.new`;
  execFileSync('cc', ['-shared', '-fPIC', '-o', tmp, src]);
  fs.renameSync(tmp, lib);
}

/** The program, from `text`, linked to the library; a new file, as a linker writes it. */
function buildMain(text: string): void {
  fs.writeFileSync(path.join(dir, 'main.c'), text);
  const main = path.join(dir, 'main');
  execFileSync('cc', [
    '-o',
    `${main}.new`,
    path.join(dir, 'main.c'),
    `-L${dir}`,
    '-lgreet',
    `-Wl,-rpath,${dir}`,
  ]);
  fs.renameSync(`${main}.new`, main);
}

beforeAll(async () => {
  dir = makeTempDir();
  store = path.join(dir, 'store');
  lib = path.join(dir, 'libgreet.so');
  buildLibrary(1);
  buildMain(MAIN);
  const main = path.join(dir, 'main');
  process.env.SYSTAPE_FILE_STORE = store;
  try {
    const run = await recordFixture([main]);
    expect(run.stdout).toBe('hello from version 1\n');
    tracePath = run.result.tracePath;
  } finally {
    delete process.env.SYSTAPE_FILE_STORE;
  }
  buildLibrary(2);
  expect(execFileSync(main, { encoding: 'utf8' })).toBe('hello from version 2\n');
}, 60_000);

test('the mmap of the library carries its path; the end record lists it, with a copy kept', () => {
  const paths = readTrace(tracePath)
    .records.flatMap((r) => (r.t === 'sys' ? r.mem : []))
    .filter((m) => m.dir === 'path')
    .map((m) => Buffer.from(m.bytes).toString());
  expect(paths).toContain(lib);
  const files = readEnd(tracePath)?.files ?? [];
  const entry = files.find((f) => f.path === lib);
  expect(entry).toBeDefined();
  expect(entry!.copy?.startsWith(store + path.sep)).toBe(true);
  expect(fs.readFileSync(entry!.copy!, 'latin1')).toContain('hello from version 1');
});

test('replay maps the rebuilt library as it was recorded', async () => {
  const warnings: string[] = [];
  const res = await replay(tracePath, { onWarning: (m) => warnings.push(m) });
  expect(res.divergence).toBeUndefined();
  expect(res.stdout).toBe('hello from version 1\n');
  expect(warnings).toEqual([]);
});

test('the end record lists the program and its loader as run, every file with its SHA-256', () => {
  const files = readEnd(tracePath)?.files ?? [];
  const run = files.filter((f) => f.how === 'exec').map((f) => f.path);
  // the loader as the program names it, and where that leads
  expect(run).toEqual([
    ...new Set([
      path.join(dir, 'main'),
      '/lib64/ld-linux-x86-64.so.2',
      fs.realpathSync('/lib64/ld-linux-x86-64.so.2'),
    ]),
  ]);
  const main = files.find((f) => f.path === path.join(dir, 'main'));
  const sha = createHash('sha256')
    .update(fs.readFileSync(path.join(dir, 'main')))
    .digest('hex');
  expect(main?.sha256).toBe(sha);
  for (const f of files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
});

test('recorded again in the same process, the library rebuilt since: its new version is listed and kept', async () => {
  const entry = (trace: string) => readEnd(trace)?.files?.find((f) => f.path === lib);
  const first = entry(tracePath);
  process.env.SYSTAPE_FILE_STORE = store;
  let again;
  try {
    again = await recordFixture([path.join(dir, 'main')]);
  } finally {
    delete process.env.SYSTAPE_FILE_STORE;
  }
  expect(again.stdout).toBe('hello from version 2\n');
  const second = entry(again.result.tracePath);
  const sha = createHash('sha256').update(fs.readFileSync(lib)).digest('hex');
  expect(second?.sha256).toBe(sha);
  expect(second?.sha256).not.toBe(first?.sha256);
  expect(second?.copy).not.toBe(first?.copy);
  expect(fs.readFileSync(second?.copy as string)).toEqual(fs.readFileSync(lib));
});

test('without the copy, replay stops before it starts, naming the library', async () => {
  fs.rmSync(store, { recursive: true, force: true });
  await expect(replay(tracePath)).rejects.toMatchObject({
    code: 'TRACE_FILE_CHANGED',
    message: expect.stringContaining(
      `the program maps ${lib}, and it has changed (recorded: `,
    ) as string,
  });
});

test('a program rebuilt since: replay stops, naming it; rebuilt to the same bytes, it replays', async () => {
  const main = path.join(dir, 'main');
  const source = fs.readFileSync(path.join(dir, 'main.c'), 'utf8');
  const build = buildMain;
  buildLibrary(1); // (the library as recorded: only the program differs)
  build(source.replace('puts(greeting())', 'puts(greeting()); puts("more")'));
  await expect(replay(tracePath)).rejects.toMatchObject({
    code: 'TRACE_FILE_CHANGED',
    message: expect.stringMatching(
      new RegExp(`the program runs ${main}, and it has changed`),
    ) as string,
  });
  build(source); // the same bytes, another inode and time
  const res = await replay(tracePath);
  expect(res.divergence).toBeUndefined();
  expect(res.stdout).toBe('hello from version 1\n');
});

test('the store drops the copies used longest ago when it grows past its size', () => {
  const store = path.join(makeTempDir(), 'store');
  fs.mkdirSync(store);
  const day = 24 * 3600;
  const now = Date.now() / 1000;
  for (const [name, age] of [
    ['old', 3],
    ['recent', 1],
    ['middle', 2],
  ] as const) {
    fs.writeFileSync(path.join(store, name), Buffer.alloc(100));
    fs.utimesSync(path.join(store, name), now - age * day, now - age * day);
  }
  pruneStore(store, 250);
  expect(fs.readdirSync(store).sort()).toEqual(['middle', 'recent']);
  pruneStore(store, 250); // under the size now: nothing more goes
  expect(fs.readdirSync(store)).toHaveLength(2);
});
