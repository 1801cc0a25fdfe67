/**
 * End-to-end replay of real programs: each is recorded through the library API, then
 * replayed with `replay()`, which must print byte-identical stdout and stderr, exit with the
 * recorded status and not diverge, even though the clock, the random numbers, the pids and
 * the directories it looked at are different by then.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixture } from './helpers/fixtures';
import {
  execsOf,
  makeTempDir,
  recordFixture,
  recordsOfType,
  removeTempDirs,
  sleep,
  splitLines,
  writesTo,
  written,
  type RecordedRun,
} from './helpers/record';
import { expectSameAsRecorded, replayRun } from './helpers/replay';

afterAll(removeTempDirs);

/** Runs a program natively, returning its stdout. */
function native(argv: string[]): string {
  return execFileSync(argv[0], argv.slice(1), { encoding: 'utf8' });
}

describe('date', () => {
  test('prints the recorded date, also when replayed a second later', async () => {
    const run = await recordFixture(['date']);
    expect(run.result.exitStatus).toBe(0);
    expect(run.stdout).toMatch(/\d\d:\d\d:\d\d .*\d{4}\n$/);
    expectSameAsRecorded(run, await replayRun(run));

    await sleep(1100);
    // the clock has moved on: a native run prints another time now ...
    expect(native(['date'])).not.toBe(run.stdout);
    // ... but the replay still prints the recorded one
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);
});

describe('ls -la of a directory that changes after the recording', () => {
  test('replay prints the listing as it was recorded', async () => {
    const dir = makeTempDir('systape-ls-');
    const listed = path.join(dir, 'listed');
    fs.mkdirSync(listed);
    fs.writeFileSync(path.join(listed, 'alpha.txt'), 'a\n');
    fs.writeFileSync(path.join(listed, 'beta.txt'), 'bb\n');
    fs.writeFileSync(path.join(listed, 'gamma.txt'), 'ccc\n');
    const run = await recordFixture(['ls', '-la', listed]);
    expect(run.result.exitStatus).toBe(0);
    expect(run.stdout).toMatch(/ alpha\.txt\n.* beta\.txt\n.* gamma\.txt\n$/);

    // a file added, one removed, one renamed (and the directory's mtime changes)
    fs.writeFileSync(path.join(listed, 'delta.txt'), 'dddd\n');
    fs.rmSync(path.join(listed, 'alpha.txt'));
    fs.renameSync(path.join(listed, 'beta.txt'), path.join(listed, 'zeta.txt'));
    const now = native(['ls', '-la', listed]);
    expect(now).toMatch(/ delta\.txt\n.* gamma\.txt\n.* zeta\.txt\n$/);

    const replayed = await replayRun(run);
    expectSameAsRecorded(run, replayed);
    expect(replayed.stdout).not.toMatch(/delta|zeta/);
  }, 60_000);

  test('a failing ls: the error on stderr and exit status 2 replay too', async () => {
    const dir = makeTempDir('systape-ls-');
    fs.writeFileSync(path.join(dir, 'here.txt'), 'x');
    const missing = path.join(dir, 'missing');
    const run = await recordFixture(['ls', missing, dir]);
    expect(run.result.exitStatus).toBe(2);
    expect(run.stderr).toMatch(/^ls: cannot access '.*missing': No such file or directory\n$/);
    expect(run.stdout).toMatch(/here\.txt\n$/);
    // now the missing one exists: a native ls would succeed
    fs.mkdirSync(missing);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);
});

describe('random bytes: sh -c "head -c 32 /dev/urandom | od -x"', () => {
  test('replay prints the recorded bytes', async () => {
    const cmd = ['sh', '-c', 'head -c 32 /dev/urandom | od -x'];
    const run = await recordFixture(cmd);
    expect(run.result.exitStatus).toBe(0);
    expect(splitLines(run.stdout)).toEqual([
      expect.stringMatching(/^0000000( [0-9a-f]{4}){8}$/),
      expect.stringMatching(/^0000020( [0-9a-f]{4}){8}$/),
      '0000040',
    ]);
    expect(native(cmd)).not.toBe(run.stdout);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);
});

describe('interpreters with the clock, random numbers and the pid', () => {
  test('python3 -c "print(time.time(), random.random(), os.getpid())"', async () => {
    const cmd = [
      'python3',
      '-c',
      'import time,random,os;print(time.time(),random.random(),os.getpid())',
    ];
    const run = await recordFixture(cmd);
    expect(run.stderr).toBe('');
    expect(run.result.exitStatus).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+ 0\.\d+ \d+\n$/);
    expect(native(cmd)).not.toBe(run.stdout);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);

  test('node -e "console.log(Date.now(), Math.random(), process.pid)"', async () => {
    const run = await recordFixture([
      process.execPath,
      '-e',
      'console.log(Date.now(), Math.random(), process.pid)',
    ]);
    expect(run.stderr).toBe('');
    expect(run.result.exitStatus).toBe(0);
    const [now, random, pid] = run.stdout.trim().split(' ').map(Number);
    expect(Math.abs(now - Date.now())).toBeLessThan(60_000);
    expect(random).toBeGreaterThanOrEqual(0);
    expect(random).toBeLessThan(1);
    expect(pid).toBe(run.result.rootPid);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);
});

describe('determinism', () => {
  test('node with clock, Math.random, crypto and pid replays identically 5 times', async () => {
    const script = [
      "const c = require('crypto');",
      'const t = Date.now(), h = process.hrtime.bigint();',
      "console.log(t, Math.random(), c.randomBytes(8).toString('hex'), process.pid, String(h));",
      "setTimeout(() => console.error('later', Date.now() - t), 20);",
    ].join('\n');
    const run = await recordFixture([process.execPath, '-e', script]);
    expect(run.result.exitStatus).toBe(0);
    expect(run.stdout).toMatch(/^\d+ 0\.\d+ [0-9a-f]{16} \d+ \d+\n$/);
    expect(run.stderr).toMatch(/^later \d+\n$/);
    const outputs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const replayed = await replayRun(run);
      expectSameAsRecorded(run, replayed);
      outputs.push(replayed.stdout + replayed.stderr);
    }
    expect(new Set(outputs).size).toBe(1);
  }, 90_000);
});

describe('a pthread program (fixture threads)', () => {
  test('four threads taking turns to write, and the join, replay byte for byte', async () => {
    const run = await recordFixture([fixture('threads'), '--locked']);
    expect(run.result.exitStatus).toBe(0);
    const lines = splitLines(run.stdout);
    expect(lines.slice(0, 4).sort()).toEqual(['thread 0', 'thread 1', 'thread 2', 'thread 3']);
    expect(lines[4]).toBe('joined 4');
    expect(recordsOfType(run, 'spawn').filter((s) => s.kind === 'thread')).toHaveLength(4);
    for (let i = 0; i < 2; i++) expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);

  test('four threads writing at once replay their writes in the order of the trace', async () => {
    // Two writes in the kernel at once reach the file in an order no tracer sees; the trace
    // has them in the order the threads came back, which is almost always the same.
    const run = await recordFixture([fixture('threads')]);
    const traced = written(writesTo(run, 1));
    expect(splitLines(traced).sort()).toEqual(splitLines(run.stdout).sort());
    for (let i = 0; i < 2; i++) {
      const replayed = await replayRun(run);
      expect(replayed.divergence?.message).toBeUndefined();
      expect(replayed.stdout).toBe(traced);
      expect(replayed.exitStatus).toBe(0);
    }
  }, 60_000);
});

describe('processes: fork, exec, pipes', () => {
  test('sh -c "ls DIR | wc -l" counts the recorded entries after the directory changed', async () => {
    const dir = makeTempDir('systape-wc-');
    for (const name of ['a', 'b', 'c']) fs.writeFileSync(path.join(dir, name), name);
    const cmd = ['sh', '-c', `ls ${dir} | wc -l`];
    const run: RecordedRun = await recordFixture(cmd);
    expect(run.stdout).toBe('3\n');
    expect(run.result.exitStatus).toBe(0);
    expect(execsOf(run, 'ls')).toHaveLength(1);
    expect(execsOf(run, 'wc')).toHaveLength(1);
    for (const name of ['d', 'e']) fs.writeFileSync(path.join(dir, name), name);
    expect(native(cmd)).toBe('5\n');
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);

  test('sh -c "ls / | wc -l"', async () => {
    const run = await recordFixture(['sh', '-c', 'ls / | wc -l']);
    expect(run.stdout).toMatch(/^\d+\n$/);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);

  test('fixture forks: fork, vfork and clone3 children, each reaped with its status', async () => {
    const run = await recordFixture([fixture('forks')]);
    expect(run.stdout).toBe('fork exited 11\nvfork exited 12\nclone3 exited 13\n');
    expect(run.result.exitStatus).toBe(0);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);

  test('a shell that exits 3 after a child wrote to stderr', async () => {
    const run = await recordFixture([
      'sh',
      '-c',
      'echo out; ls /no/such/dir; echo err >&2; exit 3',
    ]);
    expect(run.result.exitStatus).toBe(3);
    expect(run.stdout).toBe('out\n');
    expect(run.stderr).toMatch(/^ls: cannot access '\/no\/such\/dir': .*\nerr\n$/);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);
});
