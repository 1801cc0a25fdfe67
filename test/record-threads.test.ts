/**
 * Recording multi-threaded programs: the `threads` fixture (four pthreads) and Node.js with a
 * worker thread, a runtime with a thread pool, epoll, eventfd and futexes.
 */
import * as fs from 'node:fs';
import { SyscallFlags } from '../formats/trace';
import { fixture } from './helpers/fixtures';
import {
  distinct,
  execsOf,
  findSyscall,
  line,
  onlyRegion,
  recordFixture,
  recordsOfType,
  removeTempDirs,
  ret,
  syscalls,
  text,
  traceProblems,
  writesTo,
  type RecordedRun,
} from './helpers/record';

const ENOSYS = 38;

afterAll(removeTempDirs);

describe('threads: four pthreads', () => {
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture([fixture('threads')]);
  });

  test('every thread prints its line and the main thread joins them all', () => {
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines.slice(0, 4).sort()).toEqual(['thread 0', 'thread 1', 'thread 2', 'thread 3']);
    expect(lines[4]).toBe('joined 4');
    expect(run.result.exitStatus).toBe(0);
    expect(traceProblems(run)).toEqual([]);
  });

  test('five distinct tids, all in the one process', () => {
    const root = run.result.rootPid;
    const sys = syscalls(run);
    expect(distinct(sys.map((r) => r.pid))).toEqual([root]);
    const tids = distinct(sys.map((r) => r.tid));
    expect(tids).toHaveLength(5);
    expect(tids).toContain(root);
  });

  test('a spawn record of kind thread for each new thread, before its first syscall', () => {
    const root = run.result.rootPid;
    const spawns = recordsOfType(run, 'spawn');
    expect(spawns).toHaveLength(4);
    const tids = distinct(syscalls(run).map((r) => r.tid)).filter((t) => t !== root);
    for (const s of spawns) {
      expect(s).toMatchObject({ kind: 'thread', pid: root, tid: root, childPid: root });
      const first = syscalls(run, undefined, (r) => r.tid === s.childTid)[0];
      expect(first.seq).toBeGreaterThan(s.seq);
    }
    expect(spawns.map((s) => s.childTid).sort()).toEqual([...tids].sort());
    // glibc creates threads with clone3 and CLONE_THREAD; each returns the new tid
    const clones = syscalls(run, 'clone3');
    expect(clones.map(ret).sort()).toEqual([...tids].sort());
    for (const c of clones)
      expect(line(c)).toMatch(/^clone3\(\{flags=.*CLONE_THREAD.*\}, 88\) = \d+$/);
  });

  test('each new thread has one start record, after its spawn and before its first syscall', () => {
    const recs = run.trace.records;
    const starts = recordsOfType(run, 'start');
    const spawned = recordsOfType(run, 'spawn').map((s) => s.childTid);
    expect(starts.map((s) => s.tid).sort()).toEqual([...spawned].sort());
    for (const start of starts) {
      const at = recs.indexOf(start);
      const spawnAt = recs.findIndex((r) => r.t === 'spawn' && r.childTid === start.tid);
      const firstCall = recs.findIndex((r) => r.t === 'sys' && r.tid === start.tid);
      expect(spawnAt).toBeLessThan(at);
      expect(at).toBeLessThan(firstCall);
    }
    expect(starts.some((s) => s.tid === run.result.rootPid)).toBe(false);
  });

  test("each thread's own write is recorded under its tid", () => {
    const root = run.result.rootPid;
    const byTid = new Map<number, string>();
    for (const w of writesTo(run, 1)) byTid.set(w.tid, text(onlyRegion(w, 'in', 1).bytes));
    expect(byTid.get(root)).toBe('joined 4\n');
    const threadLines = recordsOfType(run, 'spawn').map((s) => byTid.get(s.childTid));
    expect(threadLines.sort()).toEqual(['thread 0\n', 'thread 1\n', 'thread 2\n', 'thread 3\n']);
    // and each thread's gettid returns its own tid
    for (const s of recordsOfType(run, 'spawn')) {
      expect(ret(findSyscall(run, 'gettid', (r) => r.tid === s.childTid))).toBe(s.childTid);
    }
  });

  test('each thread exits as a thread; the process exits once, last', () => {
    const exits = recordsOfType(run, 'exit');
    expect(exits).toHaveLength(5);
    const threadExits = exits.filter((e) => !e.processExit);
    expect(threadExits.map((e) => e.tid).sort()).toEqual(
      recordsOfType(run, 'spawn')
        .map((s) => s.childTid)
        .sort(),
    );
    for (const e of threadExits) expect(e).toMatchObject({ code: 0, signal: null });
    expect(exits[exits.length - 1]).toMatchObject({
      pid: run.result.rootPid,
      tid: run.result.rootPid,
      processExit: true,
      code: 0,
    });
  });
});

describe('node -e with a worker_threads Worker', () => {
  const script = [
    "const { Worker } = require('node:worker_threads');",
    'const w = new Worker("require(\'node:worker_threads\').parentPort.postMessage(6 * 7)", { eval: true });',
    "w.on('message', (m) => { console.log('worker says', m); w.terminate(); });",
  ].join('\n');
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture([process.execPath, '-e', script], {
      env: { PATH: process.env.PATH },
    });
  }, 20_000);

  test('exits 0 and prints what the worker sent', () => {
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('worker says 42\n');
    expect(run.result.exitStatus).toBe(0);
    expect(traceProblems(run)).toEqual([]);
  });

  test('the exec of node is recorded with its argv', () => {
    const execs = recordsOfType(run, 'exec');
    expect(execs).toHaveLength(1);
    expect(fs.realpathSync(execs[0].path)).toBe(fs.realpathSync(process.execPath));
    expect(execs[0].argv).toEqual([process.execPath, '-e', script]);
    expect(execs[0].pid).toBe(run.result.rootPid);
    expect(execsOf(run, 'node').length + execsOf(run, 'nodejs').length).toBe(1);
  });

  test('many threads are seen, all announced by spawn records and all in one process', () => {
    const root = run.result.rootPid;
    const sys = syscalls(run);
    expect(distinct(sys.map((r) => r.pid))).toEqual([root]);
    const tids = distinct(sys.map((r) => r.tid));
    // the main thread, V8's platform workers, libuv's pool and the Worker
    expect(tids.length).toBeGreaterThanOrEqual(5);
    const spawned = new Set(recordsOfType(run, 'spawn').map((s) => s.childTid));
    for (const tid of tids) if (tid !== root) expect(spawned).toContain(tid);
    for (const s of recordsOfType(run, 'spawn')) expect(s.kind).toBe('thread');
  });

  test('the output goes through write(1, ...) from the main thread', () => {
    const writes = writesTo(run, 1);
    expect(writes.map((w) => text(onlyRegion(w, 'in', 1).bytes)).join('')).toBe('worker says 42\n');
    for (const w of writes) expect(w.tid).toBe(run.result.rootPid);
  });

  test('any io_uring_setup is refused with ENOSYS and marked so', () => {
    for (const rec of syscalls(run, 'io_uring_setup')) {
      expect(ret(rec)).toBe(-ENOSYS);
      expect(rec.flags & SyscallFlags.REFUSED).toBe(SyscallFlags.REFUSED);
      expect(line(rec)).toMatch(/ = -1 ENOSYS \(Function not implemented\) \(REFUSED\)$/);
    }
  });

  test('the typical runtime calls are there: futex, epoll and mmap', () => {
    expect(syscalls(run, 'futex').length).toBeGreaterThan(0);
    expect(
      syscalls(run, 'epoll_ctl').length +
        syscalls(run, 'epoll_wait').length +
        syscalls(run, 'epoll_pwait').length,
    ).toBeGreaterThan(0);
    expect(syscalls(run, 'mmap').length).toBeGreaterThan(10);
  });
});
