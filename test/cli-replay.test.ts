/**
 * `systape replay`, run as a user runs it (`node bin/systape.js`, built into dist/ first):
 * the replayed program's output on the CLI's stdout and stderr, the recorded exit status,
 * 86 and a report naming the seq on a divergence, and one-line errors for files that are
 * not traces it can replay.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTrace } from '../formats/trace';
import {
  makeTempDir,
  removeTempDirs,
  runCli,
  splitLines,
  text,
  type CliResult,
} from './helpers/record';

afterAll(removeTempDirs);

const EXIT_DIVERGED = 86;

let dir: string;
beforeAll(() => {
  dir = makeTempDir('systape-cli-replay-');
});

/** `systape record -q -o <name> -- argv`, checked to have exited with `status`. */
async function recordCli(
  name: string,
  argv: string[],
  status = 0,
  env?: Record<string, string>,
): Promise<{ trace: string; rec: CliResult }> {
  const trace = path.join(dir, name);
  const rec = await runCli(['record', '-q', '-o', trace, '--', ...argv], { cwd: dir, env });
  expect(rec.status).toBe(status);
  expect(fs.existsSync(trace)).toBe(true);
  return { trace, rec };
}

/** No stack trace: no "    at ..." lines, no "internal error". */
function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/internal error/);
}

/** A one-line error from the CLI: `systape: ...`, no stack trace, a non-zero exit. */
function expectOneLineError(res: CliResult, message: RegExp): void {
  expect(res.stdout).toBe('');
  const lines = splitLines(res.stderr);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^systape: /);
  expect(lines[0]).toMatch(message);
  expectNoStack(res.stderr);
  expect(res.status).not.toBe(0);
  expect(res.status).not.toBeNull();
}

describe('systape record -o F -- echo hi, then systape replay F', () => {
  let trace: string;
  beforeAll(async () => {
    const made = await recordCli('hi.systape', ['echo', 'hi']);
    trace = made.trace;
    expect(made.rec.stdout).toBe('hi\n');
  });

  test('prints "hi\\n" and exits 0', async () => {
    const res = await runCli(['replay', trace], { cwd: dir });
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe('hi\n');
    expect(res.status).toBe(0);
  });

  test('--quiet prints nothing and exits 0', async () => {
    for (const flag of ['--quiet', '-q']) {
      const res = await runCli(['replay', flag, trace], { cwd: dir });
      expect(res.stdout).toBe('');
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
    }
  });
});

describe('exit status and stderr', () => {
  test("sh -c 'exit 3' replays with exit status 3", async () => {
    const { trace } = await recordCli('exit3.systape', ['sh', '-c', 'exit 3'], 3);
    const res = await runCli(['replay', trace], { cwd: dir });
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe('');
    expect(res.status).toBe(3);
  });

  test('what the program wrote to stdout and stderr comes out on the same streams', async () => {
    const { trace, rec } = await recordCli(
      'streams.systape',
      ['sh', '-c', 'echo to-out; echo to-err >&2; date +%s%N; exit 7'],
      7,
    );
    expect(rec.stderr).toBe('to-err\n');
    expect(rec.stdout).toMatch(/^to-out\n\d+\n$/);
    const res = await runCli(['replay', trace], { cwd: dir });
    expect(res.stdout).toBe(rec.stdout);
    expect(res.stderr).toBe(rec.stderr);
    expect(res.status).toBe(7);
  });

  test('--no-fastpath (every call answered by the tracer) replays the same', async () => {
    const { trace, rec } = await recordCli(
      'nofast.systape',
      ['sh', '-c', 'echo to-out; echo to-err >&2; ls / > /dev/null; exit 5'],
      5,
    );
    const res = await runCli(['replay', '--no-fastpath', trace], { cwd: dir });
    expect(res.stdout).toBe(rec.stdout);
    expect(res.stderr).toBe(rec.stderr);
    expect(res.status).toBe(5);
  });
});

describe('divergence: --env changes what the program prints', () => {
  let trace: string;
  let seq: number;
  beforeAll(async () => {
    ({ trace } = await recordCli('greet.systape', ['sh', '-c', 'echo "hello $GREETING"'], 0, {
      GREETING: 'world',
    }));
    const write = readTrace(trace).records.find(
      (r) =>
        r.t === 'sys' &&
        r.mem.some((m) => m.dir === 'in' && m.arg === 1 && text(m.bytes) === 'hello world\n'),
    );
    expect(write).toBeDefined();
    seq = write!.seq;
  });

  test('without --env it replays: "hello world", exit 0', async () => {
    const res = await runCli(['replay', trace], { cwd: dir, env: { GREETING: 'other' } });
    expect(res.stdout).toBe('hello world\n');
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  test('--env GREETING=bonjour exits 86 with the report on stderr naming the seq', async () => {
    const res = await runCli(['replay', trace, '--env', 'GREETING=bonjour'], { cwd: dir });
    expect(res.status).toBe(EXIT_DIVERGED);
    expect(res.stdout).toBe('');
    const lines = splitLines(res.stderr);
    expect(lines[0]).toMatch(
      new RegExp(`^systape: replay diverged at seq ${seq} \\(pid \\d+, tid \\d+\\): `),
    );
    expect(lines).toContain('  expected: write(1, "hello world\\n", 12) = 12');
    expect(lines).toContain('  actual:   write(1, "hello bonjour\\n", 14) = ?');
    expect(lines).toContainEqual(expect.stringMatching(/^--- recorded/));
    expect(lines).toContainEqual(expect.stringMatching(/^\+\+\+ replayed/));
    expect(lines).toContain('-write(1, "hello world\\n", 12) = 12');
    expect(lines).toContain('+write(1, "hello bonjour\\n", 14) = ?');
    expectNoStack(res.stderr);
  });

  test('--env without "=" is a one-line usage error', async () => {
    const res = await runCli(['replay', trace, '--env', 'GREETING'], { cwd: dir });
    expectOneLineError(res, /--env takes NAME=VALUE/);
  });
});

describe('a program changed since the recording', () => {
  test('refused with a one-line error naming it; --allow-changed replays to the divergence', async () => {
    const build = (text: string) => {
      fs.writeFileSync(
        path.join(dir, 'greet.c'),
        `#include <stdio.h>\nint main(void) { puts("${text}"); return 0; }\n`,
      );
      execFileSync('cc', ['-o', path.join(dir, 'greet.new'), path.join(dir, 'greet.c')]);
      fs.renameSync(path.join(dir, 'greet.new'), path.join(dir, 'greet'));
    };
    build('hello');
    const { trace } = await recordCli('greet.systape', ['./greet']);
    build('goodbye');
    const res = await runCli(['replay', trace], { cwd: dir });
    expectOneLineError(
      res,
      new RegExp(
        `greet\\.systape cannot be replayed here: the program runs ${path.join(dir, 'greet')}, ` +
          'and it has changed \\(recorded: \\d+ bytes, modified .*; now: \\d+ bytes.*--allow-changed',
      ),
    );
    const anyway = await runCli(['replay', '--allow-changed', trace], { cwd: dir });
    expect(anyway.status).toBe(EXIT_DIVERGED);
    expect(anyway.stderr).toMatch(/warning: the program runs .*greet, and it has changed/);
    expect(anyway.stderr).toMatch(/goodbye/);
  });
});

describe('files replay cannot use', () => {
  test('a missing file: one-line error, non-zero exit', async () => {
    const res = await runCli(['replay', path.join(dir, 'no-such.systape')], { cwd: dir });
    expectOneLineError(res, /no-such\.systape/);
    expect(res.stderr).toMatch(/not found/);
  });

  test('random bytes: one-line error, non-zero exit', async () => {
    const file = path.join(dir, 'random.systape');
    fs.writeFileSync(file, randomBytes(4096));
    const res = await runCli(['replay', file], { cwd: dir });
    expectOneLineError(res, /random\.systape is not a systape trace/);
  });

  test('a trace cut inside its header: one-line error, non-zero exit', async () => {
    const { trace } = await recordCli('whole.systape', ['echo', 'whole']);
    const cut = path.join(dir, 'header-cut.systape');
    fs.writeFileSync(cut, fs.readFileSync(trace).subarray(0, 100));
    const res = await runCli(['replay', cut], { cwd: dir });
    expectOneLineError(res, /header-cut\.systape .*cut off/);
  });

  test('a trace cut after its header: says it is truncated, no stack trace, non-zero exit', async () => {
    const { trace } = await recordCli('long.systape', ['ls', '-la', '/']);
    const whole = fs.readFileSync(trace);
    const cut = path.join(dir, 'cut.systape');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(readTrace(cut).truncated).toBeDefined();
    const res = await runCli(['replay', cut], { cwd: dir });
    expect(res.stdout).toBe('');
    expect(splitLines(res.stderr)[0]).toMatch(
      /^systape: (warning: )?.*cut\.systape is truncated at byte \d+/,
    );
    expectNoStack(res.stderr);
    expect(res.status).not.toBe(0);
    expect(res.status).not.toBeNull();
  });
});
