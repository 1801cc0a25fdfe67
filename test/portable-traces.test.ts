/**
 * Portable traces: `systape record --pack` and `systape pack` keep in the trace the files its
 * program ran and mapped, and replay takes them from there. A packed trace replays the same
 * after its program was rebuilt and its libraries moved away, from a copy in another
 * directory, and with a whole Python installation out of sight; the unpacked trace of the
 * same run stops before it starts, naming the file that is not as recorded.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TraceWriter, readEnd, readHeader, readTrace } from '../formats/trace';
import { keptFiles } from '../formats/trace/files';
import { REPO_ROOT, makeTempDir, removeTempDirs, runCli, splitLines } from './helpers/record';

afterAll(removeTempDirs);

const CLI = path.join(REPO_ROOT, 'bin', 'systape.js');

let dir: string;
/** the copies, unpacked files and views of these tests: a store of their own */
let env: Record<string, string>;

const MAIN = (text: string) => `#include <stdio.h>
const char *greeting(void);
int main(void) { printf("%s, ${text}\\n", greeting()); return 0; }
`;

function build(text: string): void {
  fs.writeFileSync(path.join(dir, 'main.c'), MAIN(text));
  fs.writeFileSync(
    path.join(dir, 'greet.c'),
    'const char *greeting(void) { return "hello from the library"; }\n',
  );
  execFileSync('cc', [
    '-shared',
    '-fPIC',
    '-o',
    path.join(dir, 'libgreet.so'),
    path.join(dir, 'greet.c'),
  ]);
  const tmp = path.join(dir, 'main.new');
  execFileSync('cc', [
    '-o',
    tmp,
    path.join(dir, 'main.c'),
    `-L${dir}`,
    '-lgreet',
    `-Wl,-rpath,${dir}`,
  ]);
  fs.renameSync(tmp, path.join(dir, 'main'));
}

async function cli(args: string[], cwd = dir) {
  return runCli(args, { cwd, env, timeoutMs: 60_000 });
}

beforeAll(async () => {
  dir = makeTempDir('systape-portable-');
  env = { SYSTAPE_FILE_STORE: path.join(dir, 'store') };
  build('as recorded');
  const packed = await cli(['record', '--pack', '-o', 'packed.systape', '--', './main']);
  expect(packed.status).toBe(0);
  expect(packed.stdout).toBe('hello from the library, as recorded\n');
  const plain = await cli(['record', '-q', '-o', 'plain.systape', '--', './main']);
  expect(plain.status).toBe(0);
}, 60_000);

describe('a C program and its own library', () => {
  test('record --pack says what it kept: the program, its loader, its libraries', async () => {
    const kept = keptFiles(path.join(dir, 'packed.systape'));
    const files = readEnd(path.join(dir, 'packed.systape'))?.files ?? [];
    const byPath = new Map(files.map((f) => [f.path, f.sha256]));
    for (const file of [path.join(dir, 'main'), path.join(dir, 'libgreet.so')])
      expect(kept.map((k) => k.sha256)).toContain(byPath.get(file));
    expect(kept.length).toBeGreaterThanOrEqual(4); // + libc, ld.so
    expect(readHeader(path.join(dir, 'packed.systape')).packed).toBe(true);
    const header = await cli(['dump', '--header', 'packed.systape']);
    expect(splitLines(header.stdout)[0]).toMatch(/"packed":true/);
    // packing again adds nothing
    const again = await cli(['pack', 'packed.systape']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/packed\.systape already keeps the \d+ files/);
  });

  test('rebuilt and its library moved away: the packed trace replays as recorded, the plain one stops', async () => {
    build('REBUILT');
    fs.renameSync(path.join(dir, 'libgreet.so'), path.join(dir, 'libgreet.so.moved'));
    expect(spawnSync(path.join(dir, 'main')).status).not.toBe(0); // it cannot even start now

    const packed = await cli(['replay', 'packed.systape']);
    expect(packed.stderr).toBe('');
    expect(packed.stdout).toBe('hello from the library, as recorded\n');
    expect(packed.status).toBe(0);

    const plain = await cli(['replay', 'plain.systape']);
    expect(plain.status).toBe(1);
    expect(plain.stdout).toBe('');
    expect(splitLines(plain.stderr)).toHaveLength(1);
    expect(plain.stderr).toMatch(
      new RegExp(
        `^systape: plain\\.systape cannot be replayed here: the program runs ${dir}/main, and it has changed`,
      ),
    );
  });

  test('a copy of the packed trace in another directory replays from anywhere', async () => {
    const elsewhere = makeTempDir('systape-portable-copy-');
    fs.copyFileSync(path.join(dir, 'packed.systape'), path.join(elsewhere, 'copy.systape'));
    const r = await cli(['replay', path.join(elsewhere, 'copy.systape')], '/');
    expect(r.stdout).toBe('hello from the library, as recorded\n');
    expect(r.status).toBe(0);
  });

  test('pack after the fact: a trace whose program changed and whose copy is gone is refused', async () => {
    // plain.systape ran the program that is now rebuilt, and the copies the recorder kept
    // go with the store
    fs.rmSync(path.join(dir, 'store'), { recursive: true, force: true });
    const before = fs.readFileSync(path.join(dir, 'plain.systape'));
    const r = await cli(['pack', 'plain.systape']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^systape: cannot pack plain\\.systape: ${dir}/main has changed since the recording`,
      ),
    );
    // the trace is left as it was
    expect(fs.readFileSync(path.join(dir, 'plain.systape')).equals(before)).toBe(true);
  });
});

describe('a pack directory shared by traces', () => {
  test('two traces keep one copy of each file; copied together elsewhere, they replay', async () => {
    const shared = makeTempDir('systape-pack-dir-');
    build('shared');
    fs.mkdirSync(path.join(shared, 'traces'));
    for (const name of ['one.systape', 'two.systape'])
      expect(
        (await cli(['record', '-q', '-o', path.join(shared, 'traces', name), '--', './main']))
          .status,
      ).toBe(0);
    const first = await cli([
      'pack',
      '--into',
      path.join(shared, 'files'),
      path.join(shared, 'traces', 'one.systape'),
    ]);
    expect(first.stderr).toMatch(/packed \d+ files into .*files for .*one\.systape/);
    const second = await cli([
      'pack',
      '--into',
      path.join(shared, 'files'),
      path.join(shared, 'traces', 'two.systape'),
    ]);
    expect(second.stderr).toMatch(/two\.systape already keeps the \d+ files/);
    const hashes = new Set(
      (readEnd(path.join(shared, 'traces', 'one.systape'))?.files ?? []).map((f) => f.sha256),
    );
    expect(fs.readdirSync(path.join(shared, 'files')).sort()).toEqual([...hashes].sort());
    expect(readHeader(path.join(shared, 'traces', 'two.systape')).packDir).toBe('../files');

    // the program changes; the traces and their files move together
    build('changed');
    const moved = makeTempDir('systape-pack-moved-');
    fs.cpSync(shared, moved, { recursive: true });
    fs.rmSync(shared, { recursive: true, force: true });
    const r = await cli(['replay', path.join(moved, 'traces', 'two.systape')], '/');
    expect(r.stdout).toBe('hello from the library, shared\n');
    expect(r.status).toBe(0);
  });
});

describe('python3 with its installation out of sight', () => {
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
  const prefix = execFileSync(python, ['-c', 'import sys; print(sys.prefix)'], {
    encoding: 'utf8',
  }).trim();
  const script = 'import json, decimal; print(json.dumps({"a": 1}), decimal.Decimal(1) / 3)';
  const printed = '{"a": 1} 0.3333333333333333333333333333\n';

  /** `systape replay trace` in a mount namespace where `prefix` is an empty directory. */
  function replayWithoutPython(trace: string) {
    return spawnSync(
      'unshare',
      [
        '-m',
        'sh',
        '-c',
        `mount -t tmpfs none "$1" && exec "$2" "$3" replay "$4"`,
        'sh',
        prefix,
        process.execPath,
        CLI,
        trace,
      ],
      { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
    );
  }

  test('the packed trace replays the same; the plain one says the program is not there', async () => {
    expect(
      (await cli(['record', '-q', '--pack', '-o', 'py.systape', '--', python, '-c', script]))
        .stdout,
    ).toBe(printed);
    expect(
      (await cli(['record', '-q', '-o', 'py-plain.systape', '--', python, '-c', script])).stdout,
    ).toBe(printed);
    const packed = replayWithoutPython('py.systape');
    expect(packed.stderr).toBe('');
    expect(packed.stdout).toBe(printed);
    expect(packed.status).toBe(0);
    const plain = replayWithoutPython('py-plain.systape');
    expect(plain.status).toBe(1);
    expect(plain.stderr).toMatch(
      /^systape: py-plain\.systape cannot be replayed here: the program runs .*python3.*, and it is not there/,
    );
  }, 120_000);
});

describe('the machine a trace was recorded on', () => {
  test('the header names the CPU and its features; one this CPU lacks stops replay, politely', async () => {
    const header = readHeader(path.join(dir, 'packed.systape'));
    expect(header.arch).toBe('x86_64');
    expect(header.systapeVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(header.cpu?.features).toContain('sse2');
    expect(header.cpu?.model.length).toBeGreaterThan(0);

    // the same run, as if recorded on a CPU with an instruction set this one does not have
    const { records } = readTrace(path.join(dir, 'packed.systape'));
    const end = records.at(-1);
    const other = path.join(dir, 'other-cpu.systape');
    const w = TraceWriter.create(other, {
      ...header,
      packed: false,
      cpu: {
        ...header.cpu!,
        model: 'A Future CPU',
        features: [...header.cpu!.features, 'avx1024'],
      },
    });
    for (const rec of records.slice(0, -1)) w.append(rec);
    w.close(end?.t === 'end' ? end : undefined);
    build('as recorded'); // (the same bytes as recorded, so that only the CPU differs)

    const refused = await cli(['replay', 'other-cpu.systape']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /^systape: other-cpu\.systape was recorded on a CPU with avx1024 \(A Future CPU\), which this one \(.+\) lacks\. .*--allow-changed/,
    );
    const anyway = await cli(['replay', '--allow-changed', 'other-cpu.systape']);
    expect(anyway.stderr).toMatch(/warning: .*avx1024.*replaying anyway/);
    expect(anyway.stdout).toBe('hello from the library, as recorded\n');
    expect(anyway.status).toBe(0);
  });
});
