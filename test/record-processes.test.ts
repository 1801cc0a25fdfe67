/**
 * Recording process trees: a shell pipeline, fork/vfork/clone3, exec from a non-leader thread,
 * a crash by SIGSEGV, signal delivery, raw syscalls and a static binary. Each recording must
 * hold every process with its spawn, exec and exit records, and the program must behave as it
 * does natively.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { fixture } from './helpers/fixtures';
import {
  arg,
  cstr,
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
  written,
  type RecordedRun,
} from './helpers/record';

const SIGUSR1 = 10;
const SIGSEGV = 11;
const SIGALRM = 14;
const SIGCHLD = 17;
const SI_USER = 0;
const SI_KERNEL = 0x80;
const SEGV_MAPERR = 1;

afterAll(removeTempDirs);

describe('a shell pipeline: sh -c "ls / | wc -l"', () => {
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture(['/bin/sh', '-c', 'ls / | wc -l']);
  });

  test('prints what it prints natively and exits 0', () => {
    const native = execFileSync('/bin/sh', ['-c', 'ls / | wc -l'], { encoding: 'utf8' });
    expect(run.stdout).toBe(native);
    expect(run.stderr).toBe('');
    expect(run.result.exitStatus).toBe(0);
    expect(traceProblems(run)).toEqual([]);
  });

  test('records the shell and its two children with spawn records', () => {
    const root = run.result.rootPid;
    const spawns = recordsOfType(run, 'spawn');
    expect(spawns).toHaveLength(2);
    for (const s of spawns) expect(s).toMatchObject({ kind: 'process', pid: root, tid: root });
    const children = spawns.map((s) => s.childPid);
    expect(distinct(children)).toHaveLength(2);
    expect(distinct(syscalls(run).map((r) => r.pid)).sort()).toEqual([root, ...children].sort());
  });

  test('records an exec for the shell, ls and wc, each with its argv', () => {
    const execs = recordsOfType(run, 'exec');
    expect(execs).toHaveLength(3);
    expect(execs[0]).toMatchObject({
      pid: run.result.rootPid,
      argv: ['/bin/sh', '-c', 'ls / | wc -l'],
    });
    const [ls] = execsOf(run, 'ls');
    const [wc] = execsOf(run, 'wc');
    expect(ls.argv).toEqual(['ls', '/']);
    expect(wc.argv).toEqual(['wc', '-l']);
    const children = recordsOfType(run, 'spawn').map((s) => s.childPid);
    expect([ls.pid, wc.pid].sort()).toEqual([...children].sort());
    // each exec follows its successful execve call, made by the same process
    for (const exec of [ls, wc]) {
      const execve = findSyscall(run, 'execve', (r) => r.pid === exec.pid && ret(r) === 0);
      expect(execve.seq).toBeLessThan(exec.seq);
      expect(line(execve)).toMatch(
        new RegExp(
          `^execve\\("${exec.path}", \\[${exec.argv.map((a) => `"${a}"`).join(', ')}\\], `,
        ),
      );
    }
  });

  test('records an exit (code 0) for every process, the shell last', () => {
    const exits = recordsOfType(run, 'exit').filter((e) => e.processExit);
    expect(exits).toHaveLength(3);
    for (const e of exits) expect(e).toMatchObject({ code: 0, signal: null });
    expect(exits[exits.length - 1].pid).toBe(run.result.rootPid);
  });

  test('the data ls sent through the pipe is the listing of /', () => {
    const [ls] = execsOf(run, 'ls');
    expect(written(writesTo(run, 1, ls.pid))).toBe(execFileSync('ls', ['/'], { encoding: 'utf8' }));
    const [wc] = execsOf(run, 'wc');
    expect(written(writesTo(run, 1, wc.pid))).toBe(run.stdout);
  });

  test('the shell reaps both children with wait4; its SIGCHLDs come from them', () => {
    const children = recordsOfType(run, 'spawn').map((s) => s.childPid);
    const reaped = syscalls(run, 'wait4', (r) => r.pid === run.result.rootPid && ret(r) > 0).map(
      ret,
    );
    expect(reaped.sort()).toEqual([...children].sort());
    // Two children exiting at once may raise one SIGCHLD: pending signals do not queue.
    const sigchld = recordsOfType(run, 'signal').filter((s) => s.signo === SIGCHLD);
    expect(sigchld.length).toBeGreaterThanOrEqual(1);
    for (const s of sigchld) expect(children).toContain(s.senderPid);
  });
});

describe('a process left running in the background', () => {
  test('the recording ends only after it exits, with the root process status', async () => {
    const run = await recordFixture([
      '/bin/sh',
      '-c',
      '(sleep 0.2; echo late) & echo early; exit 5',
    ]);
    expect(run.stdout).toBe('early\nlate\n');
    expect(run.result.exitStatus).toBe(5);
    expect(traceProblems(run)).toEqual([]);
    const exits = recordsOfType(run, 'exit').filter((e) => e.processExit);
    const root = exits.find((e) => e.pid === run.result.rootPid);
    expect(root).toMatchObject({ code: 5 });
    // the subshell outlives the shell; it and its sleep exit before the end of the trace
    const late = findSyscall(run, 'write', (r) => text(onlyRegion(r, 'in', 1).bytes) === 'late\n');
    expect(late.pid).not.toBe(run.result.rootPid);
    expect(late.seq).toBeGreaterThan(root!.seq);
    expect(exits.find((e) => e.pid === late.pid)!.seq).toBeGreaterThan(late.seq);
    expect(exits.length).toBeGreaterThanOrEqual(3);
  });
});

describe('forks: fork, vfork and clone3 children', () => {
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture([fixture('forks')]);
  });

  test('the program sees each child exit with its own status', () => {
    expect(run.stdout).toBe('fork exited 11\nvfork exited 12\nclone3 exited 13\n');
    expect(run.result.exitStatus).toBe(0);
    expect(traceProblems(run)).toEqual([]);
  });

  test('one spawn record per child, the vfork one marked as such', () => {
    const spawns = recordsOfType(run, 'spawn');
    expect(spawns.map((s) => s.kind)).toEqual(['process', 'vfork', 'process']);
    for (const s of spawns) {
      expect(s.pid).toBe(run.result.rootPid);
      expect(s.childTid).toBe(s.childPid);
    }
  });

  test('the creating calls are decoded and return the child pids', () => {
    const [forked, vforked, cloned] = recordsOfType(run, 'spawn').map((s) => s.childPid);
    const clone = findSyscall(run, 'clone');
    expect(ret(clone)).toBe(forked);
    expect(line(clone)).toMatch(
      /^clone\(child_stack=NULL, flags=.*SIGCHLD, child_tidptr=0x[0-9a-f]+\) = \d+$/,
    );
    expect(line(findSyscall(run, 'vfork'))).toBe(`vfork() = ${vforked}`);
    const clone3 = findSyscall(run, 'clone3');
    expect(onlyRegion(clone3, 'in', 0).bytes.length).toBe(88);
    expect(line(clone3)).toBe(
      `clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 88) = ${cloned}`,
    );
  });

  test('each child exits through exit_group with its code, and is reaped with it', () => {
    const children = recordsOfType(run, 'spawn').map((s) => s.childPid);
    children.forEach((pid, i) => {
      const code = 11 + i;
      expect(syscalls(run, 'exit_group', (r) => r.pid === pid).map(line)).toEqual([
        `exit_group(${code}) = ?`,
      ]);
      const exit = recordsOfType(run, 'exit').find((e) => e.pid === pid);
      expect(exit).toMatchObject({ tid: pid, processExit: true, code, signal: null });
      const wait = findSyscall(run, 'wait4', (r) => arg(r, 0) === pid);
      expect(line(wait)).toBe(
        `wait4(${pid}, [{WIFEXITED(s) && WEXITSTATUS(s) == ${code}}], 0, NULL) = ${pid}`,
      );
    });
  });
});

describe('exec_thread: a non-leader thread calls execve', () => {
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture([fixture('exec_thread')]);
  });

  test('echo runs and prints "from-thread"', () => {
    expect(run.stdout).toBe('from-thread\n');
    expect(run.stderr).toBe('');
    expect(run.result.exitStatus).toBe(0);
    expect(traceProblems(run)).toEqual([]);
  });

  test('the exec record names echo and the thread that called execve', () => {
    const root = run.result.rootPid;
    const execs = recordsOfType(run, 'exec');
    expect(execs).toHaveLength(2);
    const echo = execs[1];
    expect(['/bin/echo', '/usr/bin/echo']).toContain(echo.path);
    expect(fs.realpathSync(echo.path)).toBe(fs.realpathSync('/bin/echo'));
    expect(echo.argv).toEqual(['echo', 'from-thread']);
    expect(echo.pid).toBe(root);
    const thread = recordsOfType(run, 'spawn').find((s) => s.kind === 'thread');
    expect(thread).toBeDefined();
    expect(echo.tid).toBe(thread!.childTid);
    expect(echo.tid).not.toBe(root);
    const execve = findSyscall(run, 'execve', (r) => r.tid === echo.tid);
    expect(ret(execve)).toBe(0);
    expect(execve.seq).toBeLessThan(echo.seq);
    expect(line(execve)).toMatch(/^execve\("\/bin\/echo", \["echo", "from-thread"\], /);
  });

  test("after the exec, echo's syscalls run under the process's pid as its main thread", () => {
    const root = run.result.rootPid;
    const echo = recordsOfType(run, 'exec')[1];
    const after = syscalls(run, undefined, (r) => r.seq > echo.seq);
    expect(after.length).toBeGreaterThan(10);
    for (const r of after) expect([r.pid, r.tid]).toEqual([root, root]);
    const write = findSyscall(run, 'write', (r) => r.seq > echo.seq && arg(r, 0) === 1);
    expect(text(onlyRegion(write, 'in', 1).bytes)).toBe('from-thread\n');
    expect(syscalls(run, 'exit_group', (r) => r.seq > echo.seq).map(line)).toEqual([
      'exit_group(0) = ?',
    ]);
  });

  test('the process ends once: the replaced main thread is not reported as the process dying', () => {
    const root = run.result.rootPid;
    const processExits = recordsOfType(run, 'exit').filter((e) => e.pid === root && e.processExit);
    expect(processExits.map((e) => ({ code: e.code, signal: e.signal }))).toEqual([
      { code: 0, signal: null },
    ]);
  });
});

describe('segv: a crash by SIGSEGV', () => {
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture([fixture('segv')]);
  });

  test('exit status 128+11 and signal 11, with the line printed before the crash', () => {
    expect(run.result.exitStatus).toBe(128 + SIGSEGV);
    expect(run.result.signal).toBe(SIGSEGV);
    expect(run.stdout).toBe('before crash\n');
    expect(traceProblems(run)).toEqual([]);
  });

  test('a signal record for the fault, then an exit record killed by SIGSEGV', () => {
    const root = run.result.rootPid;
    const signals = recordsOfType(run, 'signal');
    expect(signals).toEqual([
      expect.objectContaining({ pid: root, tid: root, signo: SIGSEGV, code: SEGV_MAPERR }),
    ]);
    const exits = recordsOfType(run, 'exit');
    expect(exits).toEqual([
      expect.objectContaining({ pid: root, processExit: true, code: null, signal: SIGSEGV }),
    ]);
    expect(exits[0].seq).toBeGreaterThan(signals[0].seq);
    expect(run.lines).toContainEqual(
      expect.stringMatching(/^--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR/),
    );
    expect(run.lines).toContainEqual(
      expect.stringMatching(/^\+\+\+ killed by SIGSEGV( \(core dumped\))? \+\+\+$/),
    );
  });

  test('no exit_group: the write is the last syscall', () => {
    expect(syscalls(run, 'exit_group')).toEqual([]);
    const all = syscalls(run);
    expect(line(all[all.length - 1])).toBe('write(1, "before crash\\n", 13) = 13');
  });
});

describe('sigs: a synchronous and an asynchronous signal', () => {
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture([fixture('sigs')]);
  });

  test('both handlers run', () => {
    expect(run.stdout).toBe('handled SIGUSR1 1\nhandled SIGALRM 1\n');
    expect(run.result.exitStatus).toBe(0);
    expect(traceProblems(run)).toEqual([]);
  });

  test('SIGUSR1 from kill(2) is recorded with its sender, right after the kill', () => {
    const root = run.result.rootPid;
    const kill = findSyscall(run, 'kill');
    expect(line(kill)).toBe(`kill(${root}, SIGUSR1) = 0`);
    const usr1 = recordsOfType(run, 'signal').find((s) => s.signo === SIGUSR1);
    expect(usr1).toMatchObject({ pid: root, tid: root, code: SI_USER, senderPid: root });
    expect(usr1!.seq).toBeGreaterThan(kill.seq);
    const sigreturn = findSyscall(run, 'rt_sigreturn', (r) => r.seq > usr1!.seq);
    expect(syscalls(run, undefined, (r) => r.seq > kill.seq && r.seq < sigreturn.seq)).toEqual([]);
  });

  test('SIGALRM from the timer is recorded while the program waits in rt_sigsuspend', () => {
    const setitimer = findSyscall(run, 'setitimer');
    expect(line(setitimer)).toMatch(
      /^setitimer\(ITIMER_REAL, \{it_interval=\{tv_sec=0, tv_usec=0\}, it_value=\{tv_sec=0, tv_usec=10000\}\}, NULL\) = 0$/,
    );
    const alrm = recordsOfType(run, 'signal').find((s) => s.signo === SIGALRM);
    expect(alrm).toMatchObject({ code: SI_KERNEL });
    expect(alrm!.seq).toBeGreaterThan(setitimer.seq);
    const suspend = findSyscall(run, 'rt_sigsuspend');
    expect(suspend.seq).toBeLessThan(alrm!.seq);
    expect(line(suspend)).toMatch(/^rt_sigsuspend\(\[\], 8\) = \? ERESTARTNOHAND /);
    expect(run.lines).toContain('--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---');
  });

  test('the handlers were installed with rt_sigaction', () => {
    const actions = syscalls(run, 'rt_sigaction').map(line);
    expect(actions).toContainEqual(
      expect.stringMatching(
        /^rt_sigaction\(SIGUSR1, \{sa_handler=0x[0-9a-f]+, sa_mask=\[\], sa_flags=SA_RESTORER\|SA_RESTART, /,
      ),
    );
    expect(actions).toContainEqual(
      expect.stringMatching(/^rt_sigaction\(SIGALRM, \{sa_handler=0x[0-9a-f]+, /),
    );
  });
});

describe('rawsys: syscalls made with inline syscall instructions', () => {
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture([fixture('rawsys')]);
  });

  test('the raw writes and getpid are recorded like any other call', () => {
    expect(run.stdout).toBe('rawsys hello\nraw write 13\nraw getpid matches\n');
    expect(traceProblems(run)).toEqual([]);
    const writes = writesTo(run, 1);
    expect(writes.map(line)).toEqual([
      'write(1, "rawsys hello\\n", 13) = 13',
      'write(1, "raw write 13\\n", 13) = 13',
      'write(1, "raw getpid matches\\n", 19) = 19',
    ]);
    const getpids = syscalls(run, 'getpid');
    expect(getpids.length).toBeGreaterThanOrEqual(1);
    for (const g of getpids) expect(ret(g)).toBe(run.result.rootPid);
  });
});

describe('static_hello: a statically linked program', () => {
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture([fixture('static_hello')]);
  });

  test('is recorded from its exec to its exit, with no dynamic loading', () => {
    expect(run.stdout).toBe('hello from static\n');
    expect(run.result.exitStatus).toBe(0);
    expect(traceProblems(run)).toEqual([]);
    const [exec] = recordsOfType(run, 'exec');
    expect(exec.path).toBe(fixture('static_hello'));
    expect(syscalls(run, 'openat')).toEqual([]);
    expect(writesTo(run, 1).map(line)).toEqual(['write(1, "hello from static\\n", 18) = 18']);
    expect(syscalls(run, 'exit_group').map(line)).toEqual(['exit_group(0) = ?']);
    expect(recordsOfType(run, 'exit')).toEqual([
      expect.objectContaining({ pid: run.result.rootPid, processExit: true, code: 0 }),
    ]);
  });
});

describe("an execve's argv and environment, long and many", () => {
  // more strings than one batch of pointers, and strings longer than the first read of each
  const long = 'L'.repeat(5000);
  const extra: Record<string, string> = {};
  for (let i = 0; i < 100; i++) extra[`SYSTAPE_TEST_VAR_${i}`] = `value-${i}-${'v'.repeat(i * 5)}`;

  test('are recorded whole, string by string', async () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LONG: long, ...extra };
    const run = await recordFixture(['sh', '-c', 'exec /bin/echo "$LONG" short ""'], { env });
    expect(run.stdout).toBe(`${long} short \n`);
    const call = syscalls(run, 'execve').find(
      (r) => cstr(onlyRegion(r, 'in', 0).bytes) === '/bin/echo',
    );
    expect(call).toBeDefined();
    const strings = (argIndex: number) =>
      Buffer.from(onlyRegion(call!, 'in', argIndex).bytes)
        .toString('utf8')
        .split('\0')
        .slice(0, -1);
    expect(strings(1)).toEqual(['/bin/echo', long, 'short', '']);
    const recorded = strings(2);
    expect(recorded).toContain(`LONG=${long}`);
    for (const [name, value] of Object.entries(extra))
      expect(recorded).toContain(`${name}=${value}`);
  }, 60_000);
});
