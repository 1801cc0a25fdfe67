/**
 * `systape record`, run as a user runs it (`node bin/systape.js`, built into dist/ first):
 * the program's output and exit status pass through, programs that cannot run get a shell's
 * status and message, secrets can be redacted, and signals reach the program.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTrace, type TraceContents } from '../formats/trace';
import { fixture } from './helpers/fixtures';
import {
  cstr,
  makeTempDir,
  REPO_ROOT,
  removeTempDirs,
  runCli,
  sleep,
  splitLines,
  startCli,
  text,
  waitCli,
} from './helpers/record';

afterAll(removeTempDirs);

/** Reads a trace that may still be being written; undefined while it is not readable yet. */
function tryReadTrace(file: string): TraceContents | undefined {
  try {
    return readTrace(file);
  } catch {
    return undefined;
  }
}

/** Waits until the trace being written holds a record `found` accepts. */
async function waitForRecord(
  file: string,
  found: (trace: TraceContents) => boolean,
  timeoutMs = 5000,
): Promise<TraceContents> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const trace = tryReadTrace(file);
    if (trace && found(trace)) return trace;
    if (Date.now() > deadline) throw new Error(`${file} did not get the expected record`);
    await sleep(50);
  }
}

/** A one-line error from the CLI: `systape: ...`, no stack trace. */
function expectOneLineError(stderr: string, message: RegExp): void {
  const lines = splitLines(stderr);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^systape: /);
  expect(lines[0]).toMatch(message);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('systape record -o FILE -- ls -la DIR', () => {
  let dir: string;
  let rec: Awaited<ReturnType<typeof runCli>>;
  let native: string;
  beforeAll(async () => {
    dir = makeTempDir('systape-cli-ls-');
    fs.mkdirSync(path.join(dir, 'listed'));
    fs.writeFileSync(path.join(dir, 'listed', 'alpha.txt'), 'a\n');
    fs.writeFileSync(path.join(dir, 'listed', 'beta.txt'), 'bb\n');
    native = execFileSync('ls', ['-la', 'listed'], { cwd: dir, encoding: 'utf8' });
    rec = await runCli(['record', '-o', 'x.systape', '--', 'ls', '-la', 'listed'], { cwd: dir });
  });

  test('prints the listing as ls does natively and exits 0, writing a 0600 trace', () => {
    expect(rec.stderr).toBe('');
    expect(rec.stdout).toBe(native);
    expect(rec.status).toBe(0);
    const trace = path.join(dir, 'x.systape');
    expect(fs.statSync(trace).mode & 0o777).toBe(0o600);
    expect(readTrace(trace).header.argv).toEqual(['ls', '-la', 'listed']);
  });

  test('dump shows the directory read: openat, getdents64 with the names, stats, write', async () => {
    const dump = await runCli(['dump', 'x.systape'], { cwd: dir });
    expect(dump.status).toBe(0);
    expect(dump.stderr).toBe('');
    const lines = splitLines(dump.stdout);

    const open = lines
      .map((l) =>
        /^openat\(AT_FDCWD, "listed", O_RDONLY\|O_NONBLOCK\|O_DIRECTORY\|O_CLOEXEC\) = (\d+)$/.exec(
          l,
        ),
      )
      .find(Boolean);
    expect(open).toBeTruthy();
    const fd = open![1];

    const getdents = lines.find((l) => l.startsWith(`getdents64(${fd}, [{`));
    expect(getdents).toMatch(
      /^getdents64\(\d+, \[\{d_ino=\d+, d_off=\d+, d_reclen=\d+, d_type=DT_/,
    );
    expect(getdents).toContain('d_name="alpha.txt"');
    expect(getdents).toContain('d_name="beta.txt"');
    expect(getdents).toMatch(/, 32768\) = (\d+) \/\* wrote \1 bytes \*\/$/);
    expect(lines).toContain(`getdents64(${fd}, [], 32768) = 0`);

    // the dynamic loader's fstat of each library, decoded
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^newfstatat\(3, "", \{st_mode=S_IFREG\|0\d{3}, st_size=\d+, \.\.\.\}, AT_EMPTY_PATH\) = 0 \/\* wrote 144 bytes \*\/$/,
      ),
    );
    // ls stats each entry (statx or newfstatat, depending on coreutils): sizes 2 and 3
    for (const [name, size] of [
      ['alpha.txt', 2],
      ['beta.txt', 3],
    ] as const) {
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^(statx|newfstatat|lstat)\\(.*"listed/${name.replace('.', '\\.')}".*(stx_size|st_size)=${size}, `,
          ),
        ),
      );
    }

    const write = lines.find((l) => l.startsWith('write(1, '));
    const prefix = JSON.stringify(native.slice(0, 32)).slice(0, -1);
    expect(write).toBe(
      `write(1, ${prefix}"${native.length > 32 ? '...' : ''}, ${native.length}) = ${native.length}`,
    );
    expect(lines.slice(-3)).toEqual([
      'exit_group(0) = ?',
      '+++ exited with 0 +++',
      expect.stringMatching(
        /^\+\+\+ end: exit status 0, \d+ syscalls, [\d.]+ ms, \d+ mapped files \+\+\+$/,
      ),
    ]);
  });
});

describe('--no-fastpath', () => {
  test('every call stops the program; by default most are recorded in-process', async () => {
    const dir = makeTempDir('systape-cli-fast-');
    fs.mkdirSync(path.join(dir, 'listed'));
    for (const name of ['a', 'b', 'c']) fs.writeFileSync(path.join(dir, 'listed', name), name);
    const argv = ['--', 'ls', '-l', 'listed'];
    const fast = await runCli(['record', '-o', 'fast.systape', ...argv], { cwd: dir });
    const slow = await runCli(['record', '--no-fastpath', '-o', 'slow.systape', ...argv], {
      cwd: dir,
    });
    expect(slow.status).toBe(0);
    expect(slow.stdout).toBe(fast.stdout);
    const end = (file: string) => readTrace(path.join(dir, file)).records.at(-1);
    expect(end('slow.systape')).toMatchObject({ t: 'end', fastCalls: 0 });
    const fastEnd = end('fast.systape');
    expect(fastEnd?.t === 'end' && (fastEnd.fastCalls ?? 0) > fastEnd.syscalls / 2).toBe(true);
  });
});

describe('the systape command (bin/systape)', () => {
  test('the program sees the environment it is given, NODE_EXTRA_CA_CERTS included', () => {
    const dir = makeTempDir('systape-cli-bin-');
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/x.pem', AFTER: 'last' };
    const run = (cmd: string, args: string[]) =>
      execFileSync(cmd, args, { cwd: dir, env, encoding: 'utf8' })
        .split('\n')
        .filter((line) => !line.startsWith('_='));
    const direct = run('sh', ['-c', 'env']);
    const recorded = run(path.join(REPO_ROOT, 'bin', 'systape'), [
      'record',
      '-q',
      '-o',
      'env.systape',
      '--',
      'sh',
      '-c',
      'env',
    ]);
    // the same variables, in the same order, with the same values
    expect(recorded).toEqual(direct);
    expect(recorded).toContain('NODE_EXTRA_CA_CERTS=/etc/ssl/certs/x.pem');
  });
});

describe('exit status', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('systape-cli-exit-');
  });

  test("the program's exit code passes through", async () => {
    const r = await runCli(['record', '-o', 'exit7.systape', '--', 'sh', '-c', 'exit 7'], {
      cwd: dir,
    });
    expect(r.status).toBe(7);
    expect(r.stderr).toBe('');
    expect(readTrace(path.join(dir, 'exit7.systape')).records.at(-1)).toMatchObject({
      t: 'end',
      exitStatus: 7,
    });
  });

  test('short recordings side by side, the CPUs busy, each end with their program', async () => {
    // A program that ends at once lets the recording end while its flusher thread may not
    // have started yet: it must not touch what the tracer has freed by then.
    const statuses: (number | null)[] = [];
    for (let round = 0; round < 8; round++) {
      const runs = [0, 1, 2, 3].map((i) =>
        runCli(['record', '-q', '-o', `side${i}.systape`, '--', 'sh', '-c', `exit ${i + 3}`], {
          cwd: dir,
        }),
      );
      for (const r of await Promise.all(runs)) statuses.push(r.status);
    }
    expect(statuses).toEqual(Array.from({ length: 32 }, (_, k) => (k % 4) + 3));
  });

  test('a program killed by a signal gives 128 + the signal', async () => {
    const term = await runCli(['record', '-o', 'term.systape', '--', 'sh', '-c', 'kill -TERM $$'], {
      cwd: dir,
    });
    expect(term.status).toBe(128 + 15);
    expect(term.signal).toBeNull();
    const segv = await runCli(['record', '-o', 'segv.systape', '--', fixture('segv')], {
      cwd: dir,
    });
    expect(segv.status).toBe(128 + 11);
    expect(segv.stdout).toBe('before crash\n');
  });

  test('the default trace name is <program>.systape in the working directory', async () => {
    const r = await runCli(['record', '--', 'true'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(readTrace(path.join(dir, 'true.systape')).header.argv).toEqual(['true']);
  });

  test('--no-pin records too and says so in the header', async () => {
    const r = await runCli(['record', '--no-pin', '-o', 'nopin.systape', '--', 'true'], {
      cwd: dir,
    });
    expect(r.status).toBe(0);
    expect(readTrace(path.join(dir, 'nopin.systape')).header.options.pin).toBe(false);
  });
});

describe('programs that cannot run', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('systape-cli-noexec-');
  });

  test('record -- /nonexistent: exit 127, a clear message, no trace file', async () => {
    const r = await runCli(['record', '--', '/nonexistent'], { cwd: dir });
    expect(r.status).toBe(127);
    expect(r.stdout).toBe('');
    expectOneLineError(r.stderr, /^systape: \/nonexistent: No such file or directory$/);
    const withOutput = await runCli(['record', '-o', 'gone.systape', '--', '/nonexistent'], {
      cwd: dir,
    });
    expect(withOutput.status).toBe(127);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a command not on PATH: exit 127, "command not found"', async () => {
    const r = await runCli(['record', '--', 'systape-no-such-command'], { cwd: dir });
    expect(r.status).toBe(127);
    expectOneLineError(r.stderr, /systape-no-such-command: command not found$/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a file without execute permission: exit 126, "Permission denied", no trace file', async () => {
    const sub = makeTempDir('systape-cli-noexec-');
    fs.writeFileSync(path.join(sub, 'script.sh'), '#!/bin/sh\necho hi\n', { mode: 0o644 });
    const r = await runCli(['record', '--', './script.sh'], { cwd: sub });
    expect(r.status).toBe(126);
    expectOneLineError(r.stderr, /^systape: \.\/script\.sh: Permission denied$/);
    expect(fs.readdirSync(sub)).toEqual(['script.sh']);
  });
});

describe('traces that cannot be written', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('systape-cli-nowrite-');
  });

  test('into a missing directory: a clear error, and the program never runs', async () => {
    const r = await runCli(['record', '-o', 'no/such/dir/x.systape', '--', 'touch', 'ran'], {
      cwd: dir,
    });
    expect(r.status).toBe(1);
    expectOneLineError(r.stderr, /^systape: cannot create trace file .*no\/such\/dir\/x\.systape/);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
  });

  test('onto a full device: the program is stopped as it starts, the device left as it is', async () => {
    // /dev/full opens, and refuses the header: by then the program has been started
    const r = await runCli(
      ['record', '-o', '/dev/full', '--', 'sh', '-c', 'sleep 0.3; touch ran'],
      {
        cwd: dir,
      },
    );
    expect(r.status).toBe(1);
    expectOneLineError(r.stderr, /^systape: cannot write trace file \/dev\/full: no space left/);
    await sleep(500);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(fs.statSync('/dev/full').isCharacterDevice()).toBe(true);
  });
});

describe('--env-redact', () => {
  test("removes SECRET_TOKEN's value from the header and every execve's envp", async () => {
    const dir = makeTempDir('systape-cli-redact-');
    const secret = 'hunter2-0b6c4f2e9d';
    const r = await runCli(
      [
        'record',
        '-o',
        'r.systape',
        '--env-redact',
        'SECRET*',
        '--',
        'sh',
        '-c',
        '/bin/true; exit 0',
      ],
      { cwd: dir, env: { SECRET_TOKEN: secret, PLAIN_VALUE: 'visible' } },
    );
    expect(r.status).toBe(0);
    const file = path.join(dir, 'r.systape');
    expect(fs.readFileSync(file).includes(secret)).toBe(false);

    const trace = readTrace(file);
    expect(trace.header.env.SECRET_TOKEN).toBe('<redacted>');
    expect(trace.header.env.PLAIN_VALUE).toBe('visible');
    const execves = trace.records.filter((rec) => rec.t === 'sys' && rec.nr === 59);
    expect(execves).toHaveLength(2); // sh, then /bin/true in a child
    for (const execve of execves) {
      if (execve.t !== 'sys') continue;
      const envp = execve.mem.filter((m) => m.dir === 'in' && m.arg === 2);
      expect(envp).toHaveLength(1);
      const vars = cstr(envp[0].bytes).split('\0');
      expect(vars).toContain('SECRET_TOKEN=<redacted>');
      expect(vars).toContain('PLAIN_VALUE=visible');
    }
    const header = await runCli(['dump', '--header', '-e', 'write', 'r.systape'], { cwd: dir });
    expect(splitLines(header.stdout)[0]).toContain('"SECRET_TOKEN":"<redacted>"');
  });
});

describe('signals to systape itself', () => {
  test('SIGTERM reaches the program: exit 143 and a complete trace ending in the kill', async () => {
    const dir = makeTempDir('systape-cli-sigterm-');
    const file = path.join(dir, 'sleep.systape');
    const child = startCli(['record', '-o', file, '--', 'sleep', '30'], { cwd: dir });
    const done = waitCli(child);
    await waitForRecord(file, (t) => t.records.some((r) => r.t === 'exec'));
    await sleep(200); // let sleep reach its nanosleep
    child.kill('SIGTERM');
    const r = await done;
    expect(r.status).toBe(143);
    const trace = readTrace(file);
    expect(trace.truncated).toBeUndefined();
    const dump = await runCli(['dump', file]);
    const lines = splitLines(dump.stdout);
    expect(lines).toContainEqual(
      expect.stringMatching(/^--- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=\d+\} ---$/),
    );
    expect(lines.slice(-2)).toEqual([
      '+++ killed by SIGTERM +++',
      expect.stringMatching(/^\+\+\+ end: exit status 143, /),
    ]);
  });

  test('kill -9 of systape: the program dies too, and dump shows what was written', async () => {
    const dir = makeTempDir('systape-cli-sigkill-');
    const file = path.join(dir, 'killed.systape');
    const child = startCli(
      ['record', '-o', file, '--', 'sh', '-c', 'echo started; exec sleep 30'],
      {
        cwd: dir,
      },
    );
    const done = waitCli(child);
    const trace = await waitForRecord(file, (t) =>
      t.records.some((r) => r.t === 'exec' && r.argv[0] === 'sleep'),
    );
    const sleeper = trace.records.find((r) => r.t === 'exec')!.pid;
    await sleep(200); // one more auto-flush
    child.kill('SIGKILL');
    const r = await done;
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).toBe('started\n');

    // the traced program is killed with its tracer (it may linger as a zombie until reaped)
    await sleep(200);
    let state = 'gone';
    try {
      state = fs.readFileSync(`/proc/${sleeper}/stat`, 'utf8').split(') ')[1][0];
    } catch {
      // no such process
    }
    expect(['gone', 'Z']).toContain(state);

    const dump = await runCli(['dump', file]);
    expect(dump.status).toBe(0);
    const lines = splitLines(dump.stdout);
    expect(lines).toContainEqual(
      expect.stringMatching(/^(\[pid +\d+\] )?\+\+\+ exec "[^"]*sleep" \["sleep", "30"\] \+\+\+$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/write\(1, "started\\n", 8\) = 8$/));
    expect(lines.some((l) => l.includes('+++ end:'))).toBe(false);
    expect(splitLines(dump.stderr)).toEqual([
      expect.stringMatching(
        /^systape: warning: .*killed\.systape (has no end record|is truncated at byte \d+)/,
      ),
    ]);
    const written = readTrace(file).records.filter((rec) => rec.t === 'sys' && rec.nr === 1);
    expect(written.map((w) => (w.t === 'sys' ? text(w.mem[0].bytes) : ''))).toContain('started\n');
  });
});
