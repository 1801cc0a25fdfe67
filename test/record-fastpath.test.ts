/**
 * The fast path: common syscalls recorded inside the program, through patched syscall sites,
 * must give the same trace as stopping the program for each call. The same programs are
 * recorded with and without it and their decoded syscall sequences compared, process by
 * process and thread by thread; the fast-path traces replay; programs whose calls cannot be
 * patched (a static binary, raw `syscall` instructions in the program) record as before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syscallByNumber } from '../formats/syscalls';
import type { SyscallRecord } from '../formats/trace';
import { fixture } from './helpers/fixtures';
import {
  makeTempDir,
  recordFixture,
  recordsOfType,
  removeTempDirs,
  type RecordedRun,
} from './helpers/record';
import { expectSameAsRecorded, pythonExecutable, replayRun } from './helpers/replay';

afterAll(removeTempDirs);

// Calls whose number and place depend on timing, not on the program: lock contention, how
// far other threads got, when a child's SIGCHLD arrived (a shell's handler, its wait4s).
const TIMING = new Set([
  'futex',
  'sched_yield',
  'nanosleep',
  'clock_nanosleep',
  'wait4',
  'rt_sigreturn',
]);
// Calls whose result the program determines (same files, same descriptors).
const KEEP_RESULT = new Set(['openat', 'open', 'close', 'read', 'write', 'lseek', 'getdents64']);

/**
 * The calls of each thread, threads in order of appearance (process by process), as
 * `name` or `name = result` for calls whose result does not vary from run to run.
 */
function sequences(run: RecordedRun, results = true): string[][] {
  const byThread = new Map<number, string[]>();
  for (const rec of recordsOfType(run, 'sys') as SyscallRecord[]) {
    const name = syscallByNumber(rec.nr)?.name ?? `syscall_${rec.nr}`;
    if (TIMING.has(name)) continue;
    let seq = byThread.get(rec.tid);
    if (!seq) byThread.set(rec.tid, (seq = []));
    seq.push(results && KEEP_RESULT.has(name) ? `${name} = ${rec.ret}` : name);
  }
  return [...byThread.values()];
}

async function bothWays(argv: string[], cwd?: string): Promise<[RecordedRun, RecordedRun]> {
  const fast = await recordFixture(argv, { cwd });
  const slow = await recordFixture(argv, { cwd, fastPath: false });
  return [fast, slow];
}

/** `results`: also compare the results of calls that depend only on the program (not
 * with threads, whose interleaving decides which gets which descriptor). */
function expectSameCalls(fast: RecordedRun, slow: RecordedRun, results = true): void {
  expect(fast.result.exitStatus).toBe(slow.result.exitStatus);
  // (threads may print in another order from one run to the next)
  expect(fast.stdout.split('\n').sort()).toEqual(slow.stdout.split('\n').sort());
  // each thread's calls; which of two children forked together appears first is timing
  const byThread = (run: RecordedRun) =>
    sequences(run, results)
      .map((calls) => calls.join('\n'))
      .sort();
  expect(byThread(fast)).toEqual(byThread(slow));
  expect(slow.result.fastCalls).toBe(0);
  // the trace says how many calls took the fast path
  expect(recordsOfType(fast, 'end')[0]?.fastCalls).toBe(fast.result.fastCalls);
}

describe('the same calls with and without the fast path', () => {
  // one level down, so that `ls -la` shows a `..` no other test changes
  const dir = path.join(makeTempDir('systape-fast-'), 'files');
  fs.mkdirSync(dir);
  for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, `file${i}`), `${i}\n`.repeat(i));

  const programs: [string, () => string[], boolean?][] = [
    ['greet', () => [fixture('greet')]],
    ['forks (fork, vfork, clone3)', () => [fixture('forks')]],
    ['sigs (signal handlers)', () => [fixture('sigs')]],
    ['memfx (memory effects)', () => [fixture('memfx')]],
    ['threads --locked', () => [fixture('threads'), '--locked'], false],
    ['ls -la', () => ['ls', '-la', dir]],
    ['sh -c "ls DIR | wc -l"', () => ['sh', '-c', `ls ${dir} | wc -l`]],
    ['tar -cf /dev/null DIR', () => ['tar', '-cf', '/dev/null', dir]],
    ['cat of 40 files', () => ['sh', '-c', `cat ${dir}/*`]],
    ['python3 -c "import json"', () => [pythonExecutable(), '-c', 'import json']],
  ];
  for (const [name, argv, results = true] of programs) {
    test(`${name}: same decoded calls; the fast path took many`, async () => {
      const [fast, slow] = await bothWays(argv());
      expectSameCalls(fast, slow, results);
      expect(fast.result.fastCalls).toBeGreaterThan(fast.result.syscalls / 4);
    }, 60_000);
  }

  test('file mappings made in-process name their file, as through the tracer', async () => {
    const [fast, slow] = await bothWays([pythonExecutable(), '-c', 'import json']);
    const mapped = (run: RecordedRun) =>
      (recordsOfType(run, 'sys') as SyscallRecord[])
        .filter((rec) => rec.nr === 9 && rec.args[4] !== 0xffffffff)
        .map((rec) => {
          const paths = rec.mem.filter((m) => m.dir === 'path');
          return paths.map((m) => Buffer.from(m.bytes).toString()).join();
        });
    expect(mapped(fast).length).toBeGreaterThan(5);
    expect(mapped(fast)).not.toContain('');
    expect(mapped(fast)).toEqual(mapped(slow));
    // and the recording keeps the same files for replay
    const files = (run: RecordedRun) => recordsOfType(run, 'end')[0]?.files?.map((f) => f.path);
    expect(files(fast)).toEqual(files(slow));
    expectSameAsRecorded(fast, await replayRun(fast));
  }, 60_000);

  test('dd bs=1: every read and write in-process, and the trace replays', async () => {
    const argv = ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=5000', 'status=none'];
    const [fast, slow] = await bothWays(argv);
    expectSameCalls(fast, slow);
    expect(fast.result.fastCalls).toBeGreaterThanOrEqual(10_000);
    expectSameAsRecorded(fast, await replayRun(fast));
  }, 60_000);
});

describe('clock reads the tracer answers', () => {
  // Without the fast path the tracer answers clock reads (and ld.so's arch_prctl) at their
  // entry, and lets a thread that just read the clock stop at its next call without running
  // it; with the fast path, the hook takes them. Either way the program gets the clock's
  // values and the trace holds what it got; a call the tracer cannot answer runs for real.
  const values = (run: RecordedRun): string[] =>
    (recordsOfType(run, 'sys') as SyscallRecord[]).flatMap((rec) => {
      const name = syscallByNumber(rec.nr)?.name;
      const out = rec.mem.find((m) => m.dir === 'out');
      const buf = out ? Buffer.from(out.bytes) : undefined;
      if (name === 'clock_gettime' && buf && rec.args[0] !== 2) {
        const ns = String(buf.readBigInt64LE(8)).padStart(9, '0');
        return [`${rec.args[0] === 1 ? 'monotonic' : 'realtime'} ${buf.readBigInt64LE(0)}.${ns}`];
      }
      if (name === 'gettimeofday' && buf) {
        const us = String(buf.readBigInt64LE(8)).padStart(6, '0');
        return [`gettimeofday ${buf.readBigInt64LE(0)}.${us}`];
      }
      if (name === 'time' && buf) return [`time ${rec.ret} ${buf.readBigInt64LE(0)}`];
      return [];
    });

  test.each([
    ['without the fast path', false],
    ['with the fast path', true],
  ])(
    '%s: the values the program printed are in the trace, and replay',
    async (_, fastPath) => {
      const run = await recordFixture([fixture('clocks'), 'and the rest'], { fastPath });
      expect(run.result.exitStatus).toBe(0);
      const printed = run.stdout.trim().split('\n');
      expect(printed).toHaveLength(10);
      expect(values(run)).toEqual(printed.slice(0, 8));
      const mono = printed.slice(0, 5).map((l) => Number(l.split(' ')[1]));
      expect(mono).toEqual([...mono].sort((x, y) => x - y));
      // the same wall clock three ways, read a moment apart
      const realtime = Number(printed[5].split(' ')[1]);
      expect(Math.abs(realtime * 1000 - Date.now())).toBeLessThan(60_000);
      expect(printed[6]).toMatch(/^gettimeofday \d+\.\d{6}$/); // microseconds
      const gettimeofday = Number(printed[6].split(' ')[1]);
      expect(gettimeofday - realtime).toBeGreaterThanOrEqual(0);
      expect(gettimeofday - realtime).toBeLessThan(1);
      const [, returned, stored] = printed[7].split(' ').map(Number);
      expect(stored).toBe(returned);
      expect(Math.abs(returned - Math.floor(gettimeofday))).toBeLessThanOrEqual(1);
      expect(printed[8]).toBe('bad pointer -1 14'); // EFAULT, from the kernel
      expect(printed[9]).toBe('cpu clock 0');
      expectSameAsRecorded(run, await replayRun(run));
    },
    60_000,
  );
});

describe('programs the fast path cannot patch record through the tracer', () => {
  test('a statically linked binary: no call in-process, same calls, replays', async () => {
    const [fast, slow] = await bothWays([fixture('static_hello')]);
    expectSameCalls(fast, slow);
    expect(fast.result.fastCalls).toBe(0);
    expectSameAsRecorded(fast, await replayRun(fast));
  }, 60_000);

  test('raw syscall instructions in the program: recorded, same calls, replays', async () => {
    const [fast, slow] = await bothWays([fixture('rawsys')]);
    expectSameCalls(fast, slow);
    expect(fast.stdout).toBe('rawsys hello\nraw write 13\nraw getpid matches\n');
    // libc's own calls (before main) took the fast path; the raw ones could not
    const raw = (recordsOfType(fast, 'sys') as SyscallRecord[]).filter((r) => r.nr === 1);
    expect(raw.length).toBeGreaterThanOrEqual(3);
    expectSameAsRecorded(fast, await replayRun(fast));
  }, 60_000);
});

describe('calls that wait go to the tracer', () => {
  test('a FIFO opened before its writer, and a pipe read before it is written', async () => {
    // The open of a FIFO waits for the other end, a traced process that needs its turn:
    // taken in-process, the two would wait for each other for ever.
    const dir = makeTempDir('systape-fifo-');
    const script =
      'mkfifo f; (sleep 0.1; echo through-fifo > f) & cat f; (sleep 0.1; echo piped) | cat';
    const run = await recordFixture(['sh', '-c', script], { cwd: dir });
    expect(run.stdout).toBe('through-fifo\npiped\n');
    expect(run.result.fastCalls).toBeGreaterThan(0);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);
});

describe('the program cannot tell', () => {
  test('rcx and r11 after a call are what the syscall instruction leaves', async () => {
    const run = await recordFixture([fixture('sysregs')]);
    expect(run.stdout).toBe('rcx: inside getppid\nr11: the flags\n');
    const getppid = (recordsOfType(run, 'sys') as SyscallRecord[]).filter((r) => r.nr === 110);
    expect(getppid).toHaveLength(3);
    expect(run.result.fastCalls).toBeGreaterThan(0);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);
});

describe('fast-path traces replay', () => {
  test('a storm of signals landing inside the hook keeps the order of the trace', async () => {
    for (let i = 0; i < 3; i++) {
      const run = await recordFixture([fixture('sigstorm')]);
      expect(run.stdout).toBe('done\n');
      expect(recordsOfType(run, 'signal').length).toBeGreaterThanOrEqual(20);
      expect(run.result.fastCalls).toBeGreaterThan(1000);
      expectSameAsRecorded(run, await replayRun(run));
    }
  }, 120_000);

  test.each([
    ['ls -la /', ['ls', '-la', '/']],
    ['sh -c "ls / | wc -l"', ['sh', '-c', 'ls / | wc -l']],
    ['threads --locked', null],
  ])(
    '%s',
    async (_name, argv) => {
      const run = await recordFixture(argv ?? [fixture('threads'), '--locked']);
      expect(run.result.fastCalls).toBeGreaterThan(0);
      expectSameAsRecorded(run, await replayRun(run));
    },
    60_000,
  );
});
