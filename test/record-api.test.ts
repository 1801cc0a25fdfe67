/**
 * The `record()` library API: its options (output, cwd, env, pin, envRedact, stdio, onRecord),
 * its result, the errors for programs that cannot run, and properties every trace must have.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTrace, type TraceRecord } from '../formats/trace';
import { ProgramError } from '../recorder/program';
import { record } from '../recorder/record';
import { fixture } from './helpers/fixtures';
import {
  arg,
  buf,
  findSyscall,
  line,
  makeTempDir,
  onlyRegion,
  recordFixture,
  recordsOfType,
  regions,
  removeTempDirs,
  syscalls,
  text,
  traceProblems,
} from './helpers/record';

afterAll(removeTempDirs);

/** a small environment for runs that compare it */
const ENV = { PATH: '/usr/bin:/bin', LANG: 'C', SYSTAPE_TEST_VAR: 'some value' };

describe('trace properties', () => {
  test('seq numbers are unique and increase in file order, across threads', async () => {
    const run = await recordFixture([fixture('threads')]);
    const seqs = run.trace.records.map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
    expect(traceProblems(run)).toEqual([]);
  });

  test("the end record is last and carries the program's exit status", async () => {
    const run = await recordFixture(['/bin/sh', '-c', 'exit 7']);
    expect(run.result.exitStatus).toBe(7);
    expect(run.result.signal).toBeNull();
    const end = run.trace.records[run.trace.records.length - 1];
    expect(end).toMatchObject({ t: 'end', exitStatus: 7, syscalls: run.result.syscalls });
    expect(run.lines[run.lines.length - 1]).toMatch(
      /^\+\+\+ end: exit status 7, \d+ syscalls, [\d.]+ ms, \d+ mapped files \+\+\+$/,
    );
    expect(recordsOfType(run, 'exit')).toEqual([
      expect.objectContaining({ pid: run.result.rootPid, processExit: true, code: 7 }),
    ]);
  });

  test('the result counts what the file holds', async () => {
    const run = await recordFixture([fixture('rawsys')]);
    const { result } = run;
    expect(result.records).toBe(run.trace.records.length);
    expect(result.syscalls).toBe(recordsOfType(run, 'sys').length);
    expect(result.bytes).toBe(fs.statSync(result.tracePath).size);
    expect(result.rootPid).toBe(recordsOfType(run, 'exec')[0].pid);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  test('the trace file is created with mode 0600', async () => {
    const run = await recordFixture([fixture('static_hello')]);
    expect(fs.statSync(run.result.tracePath).mode & 0o777).toBe(0o600);
  });

  test('an existing world-readable file is overwritten and left with mode 0600', async () => {
    const dir = makeTempDir();
    const output = path.join(dir, 'old.systape');
    fs.writeFileSync(output, 'old contents', { mode: 0o644 });
    fs.chmodSync(output, 0o644);
    const devnull = fs.openSync('/dev/null', 'w');
    try {
      await record([fixture('static_hello')], { output, stdio: [undefined, devnull, undefined] });
    } finally {
      fs.closeSync(devnull);
    }
    expect(fs.statSync(output).mode & 0o777).toBe(0o600);
    expect(readTrace(output).records.length).toBeGreaterThan(5);
  });

  test('the header describes the run: argv, cwd, env, machine and options', async () => {
    const dir = makeTempDir();
    const run = await recordFixture(['/bin/true', 'arg one'], { cwd: dir, env: ENV });
    const { header } = run.trace;
    expect(header.format).toEqual({ major: 1, minor: 3 });
    expect(header.argv).toEqual(['/bin/true', 'arg one']);
    expect(header.cwd).toBe(dir);
    expect(header.env).toEqual(ENV);
    expect(header.arch).toBe('x86_64');
    expect(header.kernel).toBe(os.release());
    expect(header.hostname).toBe(os.hostname());
    expect(header.libc).toMatch(/^glibc \d+\.\d+/);
    expect(header.options).toEqual({ pin: true, aslr: false, vdso: false });
    expect(Math.abs(header.startTime - Date.now())).toBeLessThan(60_000);
  });
});

describe('options', () => {
  test('env: the program gets exactly the given environment, and execve shows it', async () => {
    const run = await recordFixture(['/usr/bin/env'], { env: ENV });
    expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual(
      Object.entries(ENV)
        .map(([k, v]) => `${k}=${v}`)
        .sort(),
    );
    const execve = findSyscall(run, 'execve');
    const envp = text(onlyRegion(execve, 'in', 2).bytes)
      .split('\0')
      .filter(Boolean);
    expect(envp.sort()).toEqual(
      Object.entries(ENV)
        .map(([k, v]) => `${k}=${v}`)
        .sort(),
    );
  });

  test('execve lines count the environment variables passed', async () => {
    const run = await recordFixture([fixture('static_hello')], { env: ENV });
    const execve = findSyscall(run, 'execve');
    const envp = BigInt(execve.args[2]);
    const count = Object.keys(ENV).length;
    const program = fixture('static_hello');
    const shown = program.length > 32 ? `"${program.slice(0, 32)}"...` : `"${program}"`;
    expect(line(execve)).toBe(
      `execve("${program}", [${shown}], 0x${envp.toString(16)} /* ${count} vars */) = 0`,
    );
    // The same call with the one-pointer argv array in the 32-byte malloc chunk right before
    // envp's array, a layout the recorder's own allocations often produce: the argv strings
    // (longer than 32 bytes) are stored at the argv array's address, and must not be taken
    // for envp's contents.
    const argvAt = envp - 32n;
    const adjacent = {
      ...execve,
      args: execve.args.map((a, i) => (i === 1 ? argvAt : a)),
      mem: execve.mem.map((m) => (m.dir === 'in' && m.arg === 1 ? { ...m, addr: argvAt } : m)),
    };
    expect(onlyRegion(adjacent, 'in', 1).bytes.length).toBeGreaterThan(32);
    expect(line(adjacent)).toBe(line(execve));
  });

  test('cwd: the program runs there, and the default output goes there', async () => {
    const dir = makeTempDir();
    const run = await recordFixture(['/bin/pwd', '-P'], { cwd: dir });
    expect(run.stdout).toBe(`${dir}\n`);

    const devnull = fs.openSync('/dev/null', 'w');
    try {
      const result = await record(['/bin/pwd'], {
        cwd: dir,
        stdio: [undefined, devnull, undefined],
      });
      expect(result.tracePath).toBe(path.join(dir, 'pwd.systape'));
      expect(fs.existsSync(result.tracePath)).toBe(true);
    } finally {
      fs.closeSync(devnull);
    }
  });

  test('stdio: the program reads the given stdin fd, and read records hold the data', async () => {
    const dir = makeTempDir();
    const input = path.join(dir, 'input.txt');
    fs.writeFileSync(input, 'line one\nline two\n');
    const output = path.join(dir, 'tr.systape');
    const stdoutFile = path.join(dir, 'out.txt');
    const stdin = fs.openSync(input, 'r');
    const stdout = fs.openSync(stdoutFile, 'w');
    try {
      await record(['/usr/bin/tr', 'a-z', 'A-Z'], { output, stdio: [stdin, stdout, undefined] });
    } finally {
      fs.closeSync(stdin);
      fs.closeSync(stdout);
    }
    expect(fs.readFileSync(stdoutFile, 'utf8')).toBe('LINE ONE\nLINE TWO\n');
    const trace = readTrace(output);
    const reads = trace.records.filter(
      (r): r is Extract<TraceRecord, { t: 'sys' }> =>
        r.t === 'sys' && r.nr === 0 && Number(r.args[0]) === 0 && Number(r.ret) > 0,
    );
    expect(reads.map((r) => text(onlyRegion(r, 'out', 1).bytes)).join('')).toBe(
      'line one\nline two\n',
    );
  });

  test('pin: false records as well, and the header says so', async () => {
    const run = await recordFixture([fixture('rawsys')], { pin: false });
    expect(run.stdout).toBe('rawsys hello\nraw write 13\nraw getpid matches\n');
    expect(run.trace.header.options.pin).toBe(false);
    expect(traceProblems(run)).toEqual([]);
  });

  test('onRecord sees every record as it is written, in file order', async () => {
    const seen: TraceRecord[] = [];
    const run = await recordFixture(['/bin/sh', '-c', 'echo hi'], {
      onRecord: (r) => seen.push(r),
    });
    const inFile = run.trace.records.filter((r) => r.t !== 'end');
    expect(seen.map((r) => `${r.t}#${r.seq}`)).toEqual(inFile.map((r) => `${r.t}#${r.seq}`));
    const write = seen.find((r) => r.t === 'sys' && r.nr === 1);
    expect(write && write.t === 'sys' && text(write.mem[0].bytes)).toBe('hi\n');
  });

  test("envRedact: matching variables' values are removed from the header and every execve", async () => {
    const secret = 'tok-3f9a1c55e1d24b7b';
    const env = { ...ENV, SECRET_TOKEN: secret, SECRETIVE: 'also hidden', NOT_SECRET: 'shown' };
    const run = await recordFixture(['/bin/sh', '-c', '/bin/true'], {
      env,
      envRedact: ['SECRET*'],
    });
    expect(run.trace.header.env).toEqual({
      ...ENV,
      SECRET_TOKEN: '<redacted>',
      SECRETIVE: '<redacted>',
      NOT_SECRET: 'shown',
    });
    const execves = syscalls(run, 'execve');
    expect(execves).toHaveLength(2); // sh, then /bin/true (dash execs the last command)
    for (const execve of execves) {
      const envp = text(onlyRegion(execve, 'in', 2).bytes).split('\0');
      expect(envp).toContain('SECRET_TOKEN=<redacted>');
      expect(envp).toContain('SECRETIVE=<redacted>');
      expect(envp).toContain('NOT_SECRET=shown');
    }
    expect(fs.readFileSync(run.result.tracePath).includes(secret)).toBe(false);
  });
});

describe('programs that cannot run', () => {
  async function failure(argv: string[], cwd: string): Promise<ProgramError> {
    const output = path.join(cwd, 'never.systape');
    const error = await record(argv, { cwd, output }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProgramError);
    expect(fs.existsSync(output)).toBe(false);
    return error as ProgramError;
  }

  test('a missing program: ProgramError with exit status 127 and no trace', async () => {
    const dir = makeTempDir();
    const e = await failure(['/nonexistent/program'], dir);
    expect(e.exitStatus).toBe(127);
    expect(e.code).toBe('PROGRAM_NOT_FOUND');
    expect(e.message).toBe('/nonexistent/program: No such file or directory');
    const notOnPath = await failure(['systape-no-such-command'], dir);
    expect(notOnPath.exitStatus).toBe(127);
    expect(notOnPath.message).toBe('systape-no-such-command: command not found');
  });

  test('a file without execute permission or a directory: exit status 126 and no trace', async () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'script.sh'), '#!/bin/sh\necho hi\n', { mode: 0o644 });
    const e = await failure(['./script.sh'], dir);
    expect(e.exitStatus).toBe(126);
    expect(e.code).toBe('PROGRAM_NOT_EXECUTABLE');
    expect(e.message).toBe('./script.sh: Permission denied');
    const isDir = await failure([dir], dir);
    expect(isDir.exitStatus).toBe(126);
    expect(isDir.message).toBe(`${dir}: Is a directory`);
  });

  test('a program the kernel refuses to exec: exit status 126 and no trace', async () => {
    const dir = makeTempDir();
    // executable, but neither ELF nor a #! script: execve fails with ENOEXEC
    fs.writeFileSync(path.join(dir, 'garbage'), Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]), {
      mode: 0o755,
    });
    const e = await failure(['./garbage'], dir);
    expect(e.exitStatus).toBe(126);
    expect(e.message).toMatch(/^\.\/garbage: Exec format error$/);
  });

  test('an empty argv is refused', async () => {
    await expect(record([])).rejects.toThrow(/no program given/);
  });
});

describe('concurrent recordings', () => {
  test('several recordings at once in one process keep their traces apart', async () => {
    const runs = await Promise.all([0, 1, 2].map(() => recordFixture([fixture('threads')])));
    const roots = runs.map((r) => r.result.rootPid);
    expect(new Set(roots).size).toBe(3);
    for (const run of runs) {
      expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual([
        'joined 4',
        'thread 0',
        'thread 1',
        'thread 2',
        'thread 3',
      ]);
      expect(traceProblems(run)).toEqual([]);
      expect(new Set(syscalls(run).map((r) => r.pid))).toEqual(new Set([run.result.rootPid]));
      expect(recordsOfType(run, 'spawn')).toHaveLength(4);
    }
  });
});

describe('written memory is read back byte for byte', () => {
  test('a 1 MiB read is captured whole', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'random.bin');
    const data = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24));
    fs.writeFileSync(file, data);
    const run = await recordFixture(['/bin/dd', `if=${file}`, 'of=/dev/null', 'bs=1M', 'count=1']);
    expect(run.result.exitStatus).toBe(0);
    const read = findSyscall(run, 'read', (r) => Number(r.ret) === data.length);
    expect(buf(onlyRegion(read, 'out', 1).bytes).equals(data)).toBe(true);
    expect(read.flags).toBe(0);
    const write = findSyscall(run, 'write', (r) => Number(r.ret) === data.length);
    expect(buf(onlyRegion(write, 'in', 1).bytes).equals(data)).toBe(true);
  });

  test('fstat of a known file: the recorded struct stat holds its size and mode', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'sized.bin');
    fs.writeFileSync(file, Buffer.alloc(4321, 7));
    fs.chmodSync(file, 0o640);
    const run = await recordFixture(['/usr/bin/stat', '-c', '%s', file]);
    expect(run.stdout).toBe('4321\n');
    const stat = [...syscalls(run, 'statx'), ...syscalls(run, 'newfstatat')].find((r) =>
      regions(r, 'in', 1).some((m) => text(m.bytes).replace(/\0$/, '') === file),
    );
    expect(stat).toBeDefined();
    if (stat!.nr === 332) {
      const stx = buf(onlyRegion(stat!, 'out', 4).bytes);
      expect(stx.readBigUInt64LE(40)).toBe(4321n);
      expect(stx.readUInt16LE(28) & 0o7777).toBe(0o640);
    } else {
      const st = buf(onlyRegion(stat!, 'out', 2).bytes);
      expect(st.readBigInt64LE(48)).toBe(4321n);
      expect(st.readUInt32LE(24) & 0o7777).toBe(0o640);
    }
    expect(arg(stat!, 0) | 0).toBe(-100); // AT_FDCWD, passed as a 32-bit int
  });
});
