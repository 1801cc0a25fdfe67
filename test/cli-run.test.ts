/**
 * `systape run --inject`, run as a user runs it: faults land on the calls the rules name
 * (by syscall, file glob and count), the program's output and status pass through, and bad
 * rules are refused with near matches before anything runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeTempDirs, runCli } from './helpers/record';

afterAll(removeTempDirs);

describe('systape run --inject', () => {
  test('write:ENOSPC:path=*.json:nth=2 fails only the second write to a .json file', async () => {
    const dir = makeTempDir('systape-run-');
    const script = 'echo a > a.txt; echo b > b.json; echo c > c.json; echo d > d.json';
    const r = await runCli(
      ['run', '--inject', 'write:ENOSPC:path=*.json:nth=2', '--', 'sh', '-c', script],
      {
        cwd: dir,
      },
    );
    expect(r.status).toBe(0);
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    expect([read('a.txt'), read('b.json'), read('c.json'), read('d.json')]).toEqual([
      'a\n',
      'b\n',
      '',
      'd\n',
    ]);
    expect(r.stderr).toMatch(/systape: injected ENOSPC into write\(1, "c\\n", 2\)/);
    expect(r.stderr).toMatch(/echo: .*error/);
  });

  test('connect:ECONNREFUSED: the program sees a refused connection', async () => {
    const r = await runCli([
      'run',
      '--inject',
      'connect:ECONNREFUSED',
      '--',
      'bash',
      '-c',
      'echo hi > /dev/tcp/127.0.0.1/9 && echo connected',
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Connection refused/);
  });

  test('read:delay=...: the call is made, later, and says so', async () => {
    const dir = makeTempDir('systape-run-');
    fs.writeFileSync(path.join(dir, 'slow.txt'), 'slow\n');
    const r = await runCli(
      ['run', '--inject', 'read:delay=50ms:path=**/slow.txt', '--', 'head', '-c', '5', 'slow.txt'],
      { cwd: dir },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('slow\n');
    expect(r.stderr).toMatch(/injected a delay of 50 ms into read\(3, /);
  });

  test('-q: the program alone speaks', async () => {
    const r = await runCli([
      'run',
      '-q',
      '--inject',
      'unlinkat:EPERM',
      '--',
      'rm',
      '/nonexistent-x',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/systape:/);
    expect(r.stderr).toMatch(/Operation not permitted/);
  });

  test.each([
    ['opnat:ENOENT', /unknown syscall "opnat"; did you mean openat/],
    ['write:ENOSPACE', /unknown errno "ENOSPACE"; did you mean ENOSPC/],
    ['write', /no action/],
    ['write:delay=soon', /delay "soon" is not a duration/],
    ['write:EIO:nth=0', /nth=0 is not a positive integer/],
    ['write:EIO:color=red', /unknown filter "color=red"/],
    ['getpid:EIO:path=*.txt', /getpid takes no path or descriptor/],
  ])('a bad rule %s is refused before the program runs', async (rule, message) => {
    const dir = makeTempDir('systape-run-');
    const marker = path.join(dir, 'ran');
    const r = await runCli(['run', '--inject', rule, '--', 'touch', marker]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('a missing program: a shell status and message', async () => {
    const r = await runCli(['run', '--', 'no-such-program-systape']);
    expect(r.status).toBe(127);
    expect(r.stderr).toMatch(/no-such-program-systape/);
  });
});

describe('systape record --inject', () => {
  test.each([[[]], [['--no-fastpath']]])(
    'the trace marks the injected call and replays the same failure %j',
    async (flags: string[]) => {
      const dir = makeTempDir('systape-record-inject-');
      const trace = path.join(dir, 'inj.systape');
      const rec = await runCli([
        'record',
        ...flags,
        '-o',
        trace,
        '--inject',
        'write:ENOSPC:nth=2',
        '--',
        'sh',
        '-c',
        'echo one; echo two; echo three',
      ]);
      expect(rec.stdout).toBe('one\nthree\n');
      expect(rec.stderr).toMatch(/injected ENOSPC into write\(1, "two\\n", 4\)/);

      const dump = await runCli(['dump', '--header', trace]);
      expect(dump.stdout).toContain('"injections":["write:ENOSPC:nth=2"]');
      const injected = dump.stdout.split('\n').filter((l) => l.includes('(INJECTED)'));
      expect(injected).toEqual([
        'write(1, "two\\n", 4) = -1 ENOSPC (No space left on device) (INJECTED)',
      ]);

      // replay answers from the trace: the same failure, without injecting anything
      const rep = await runCli(['replay', trace]);
      expect(rep.status).toBe(rec.status);
      expect(rep.stdout).toBe('one\nthree\n');
      expect(rep.stderr).toBe(rec.stderr.replace(/^systape: injected.*\n/m, ''));
    },
  );
});
