/**
 * The Jest test API (`systape.run`, the queryable trace) and the matchers, on real
 * programs: passing and failing expectations, `.not`, and the messages a failure prints.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchers, systape, type RunResult } from '../jest-preset/index';
import { makeTempDir, removeTempDirs } from './helpers/record';

expect.extend(matchers);
afterAll(removeTempDirs);
// run for real every time: recording and replaying are the subject of jest-preset.test.ts
process.env.SYSTAPE_MODE = 'passthrough';

/** The message of a failed expectation, without colours. */
function failure(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    // eslint-disable-next-line no-control-regex
    return (e as Error).message.replace(/\x1b\[[0-9;]*m/g, '');
  }
  throw new Error('the expectation passed');
}

describe('systape.run and its trace', () => {
  const dir = makeTempDir('systape-jest-api-');
  let run: RunResult;
  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, 'in.txt'), 'hello\n');
    run = await systape.run(['sh', '-c', 'cat in.txt > out.json; echo done; exit 3'], {
      cwd: dir,
      env: { LANG: 'C' },
    });
  });

  test('exit code, stdout, stderr', () => {
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toBe('done\n');
    expect(run.stderr).toBe('');
    expect(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).toBe('hello\n');
  });

  test('calls decoded, paths as they are', () => {
    const opened = run.trace.calls('openat').map((c) => c.args[1]);
    expect(opened).toContain('in.txt');
    expect(opened).toContain('out.json');
    const write = run.trace.calls('write').find((c) => c.args[1] === 'done\n');
    expect(write?.line).toBe('write(1, "done\\n", 5) = 5');
  });

  test('files read and written, resolved from the working directory', () => {
    const { read, written } = run.trace.files;
    expect(read).toContain(path.join(dir, 'in.txt'));
    expect(written).toContain(path.join(dir, 'out.json'));
    expect(written).not.toContain(path.join(dir, 'in.txt'));
  });

  test('processes: the shell and the cat it ran, with their exit codes', () => {
    const procs = run.trace.processes;
    expect(procs[0]).toEqual(
      expect.objectContaining({ argv: ['sh', '-c', expect.any(String)], exitCode: 3 }),
    );
    expect(procs).toContainEqual(expect.objectContaining({ argv: ['cat', 'in.txt'], exitCode: 0 }));
  });

  test('stdin from input', async () => {
    const r = await systape.run(['wc', '-c'], { input: '12345' });
    expect(r.stdout.trim()).toBe('5');
  });

  test('faults injected from a test', async () => {
    const r = await systape.run(['sh', '-c', 'echo a > x.json'], {
      cwd: dir,
      inject: ['write:ENOSPC:path=*.json'],
    });
    expect(r.exitCode).not.toBe(0);
    expect(r).toHaveSyscall('write', { fd: 1, buf: expect.stringContaining('a') });
    expect(r.trace.calls('write')[0].errno).toBe('ENOSPC');
  });
});

describe('matchers', () => {
  const dir = makeTempDir('systape-jest-matchers-');
  let run: RunResult;
  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, 'config.json'), '{}\n');
    run = await systape.run(['sh', '-c', 'cat config.json; echo x > new.txt; rm new.txt'], {
      cwd: dir,
    });
  });

  test('toHaveSyscall: by name, by position, by argument name, globs and flags', () => {
    expect(run).toHaveSyscall('openat');
    expect(run).toHaveSyscall('openat', [undefined, 'config.json']);
    expect(run).toHaveSyscall('openat', { pathname: '*.json', flags: 'O_RDONLY' });
    expect(run).toHaveSyscall('openat', { pathname: `${dir}/new.txt`, flags: 'O_WRONLY|O_CREAT' });
    expect(run).toHaveSyscall('unlinkat', { pathname: /new\.txt$/ });
    expect(run).not.toHaveSyscall('openat', { pathname: '*.yaml' });
    expect(run.trace).toHaveSyscall('write', [1, expect.any(String), 2]);
  });

  test('toHaveSyscall: a failure lists the calls of that name', () => {
    const message = failure(() => expect(run).toHaveSyscall('openat', { pathname: '*.yaml' }));
    expect(message).toMatch(/Expected a call "openat\(pathname: \\"\*\.yaml\\"\)"/);
    expect(message).toMatch(/openat\(AT_FDCWD, "config.json", O_RDONLY\) = 3/);
    const not = failure(() => expect(run).not.toHaveSyscall('unlinkat'));
    expect(not).toMatch(/Expected no call "unlinkat\(\)", but the run made 1/);
  });

  test('toHaveSyscallSequence: in order, others between', () => {
    expect(run).toHaveSyscallSequence([
      ['openat', { pathname: 'config.json' }],
      ['openat', { pathname: 'new.txt' }],
      ['write', [1, 'x\n']],
      ['unlinkat', { pathname: 'new.txt' }],
    ]);
    expect(run).not.toHaveSyscallSequence([
      ['unlinkat', { pathname: 'new.txt' }],
      ['openat', { pathname: 'new.txt' }],
    ]);
  });

  test('toHaveSyscallSequence: a failure says which step is missing, with a diff', () => {
    const message = failure(() =>
      expect(run).toHaveSyscallSequence([
        ['openat', { pathname: 'config.json' }],
        ['unlinkat', { pathname: 'config.json' }],
      ]),
    );
    expect(message).toMatch(
      /1 of 2 steps found in order; no "unlinkat\(pathname: \\"config.json\\"\)" after #\d+/,
    );
    expect(message).toMatch(/- Expected steps/);
    expect(message).toMatch(/\+ Found in order/);
    expect(message).toMatch(/^- unlinkat\(pathname: "config.json"\)$/m);
    expect(message).toMatch(
      /Found:\n\s+#\d+ \[\d+\] openat\(AT_FDCWD, "config.json", O_RDONLY\) = 3/,
    );
    expect(message).toMatch(
      /unlinkat calls after #\d+: \n\s+#\d+ \[\d+\] unlinkat\(AT_FDCWD, "new.txt", 0\) = 0/,
    );
  });

  test('toAccessOnly: the files touched, system files aside', () => {
    expect(run).toAccessOnly([`${dir}/**`]);
    expect(run).toAccessOnly(['*.json', '*.txt']);
    const message = failure(() => expect(run).toAccessOnly(['*.json']));
    expect(message).toMatch(/but the run also touched:\n\s+.*new\.txt/);
    expect(run).not.toAccessOnly([`${dir}/**`], { system: true });
  });

  test('toUseNetwork', async () => {
    expect(run).not.toUseNetwork();
    const net = await systape.run(['bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/9 || true']);
    expect(net).toUseNetwork();
    const message = failure(() => expect(net).not.toUseNetwork());
    expect(message).toMatch(/Expected no network use, but the run used \["127.0.0.1:9"\]/);
    expect(message).toMatch(/connect\(/);
  });

  test('unknown syscall names and argument names are errors', () => {
    expect(() => expect(run).toHaveSyscall('opnat')).toThrow(/unknown syscall "opnat"/);
    expect(() => expect(run).toHaveSyscall('openat', { path: 'x' })).toThrow(
      /openat has no argument "path" \(it has dirfd, pathname, flags, mode\)/,
    );
  });
});
