/**
 * `systape diff A B`, run as a user runs it on two recordings of one command: it finds where
 * the program first did something else and names the inputs that differed before that point
 * (file contents, directory order, random bytes, clock values, environment); equal runs are
 * equivalent (exit 0); traces of different commands or damaged files are refused (exit 2).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceDiff } from '../analysis/diff';
import type { Explanation } from '../analysis/explain';
import { makeTempDir, removeTempDirs, runCli } from './helpers/record';

const shmDirs: string[] = [];
afterAll(() => {
  removeTempDirs();
  for (const d of shmDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Records `argv` twice in `dir` (a.systape, b.systape), running `between` before the second. */
async function recordTwice(
  dir: string,
  argv: string[],
  between: () => void = () => undefined,
  env: [Record<string, string>, Record<string, string>] = [{}, {}],
): Promise<void> {
  for (const [i, name] of ['a', 'b'].entries()) {
    if (i === 1) between();
    const r = await runCli(['record', '-q', '-o', `${name}.systape`, '--', ...argv], {
      cwd: dir,
      env: env[i],
    });
    expect(r.stderr).not.toMatch(/systape: (error|internal)/);
  }
}

/**
 * Builds `dir/name`: a C program that first runs `first`, then stats `/` `stats` times, and
 * exits 0 when the file `state` holds "good", else 1.
 */
function buildStateProgram(dir: string, name: string, first: string, stats: number): void {
  const source = `#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <unistd.h>
int main(void) {
  struct stat st;
  char buf[8] = {0};
  ${first}
  for (int i = 0; i < ${stats}; i++) stat("/", &st);
  FILE *f = fopen("state", "r");
  fread(buf, 1, 4, f);
  return strcmp(buf, "good") != 0;
}
`;
  fs.writeFileSync(path.join(dir, `${name}.c`), source);
  execFileSync('cc', ['-o', path.join(dir, name), path.join(dir, `${name}.c`)]);
}

async function diff(dir: string, ...extra: string[]) {
  return runCli(['diff', 'a.systape', 'b.systape', ...extra], { cwd: dir });
}

async function diffJson(dir: string): Promise<TraceDiff> {
  const r = await diff(dir, '--json');
  expect(r.status).toBe(1);
  return JSON.parse(r.stdout) as TraceDiff;
}

describe('systape diff', () => {
  test('a file whose contents changed: the divergence, and the file named as the input', async () => {
    const dir = makeTempDir('systape-diff-');
    fs.writeFileSync(path.join(dir, 'state'), 'good\n');
    const script = 'if grep -q good state; then echo pass; else echo fail; exit 1; fi';
    await recordTwice(dir, ['sh', '-c', script], () =>
      fs.writeFileSync(path.join(dir, 'state'), 'bad\n'),
    );
    const r = await diff(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /runs of `sh -c .*` that went different ways \(exit status 0 in a\.systape, 1 in b\.systape\)/,
    );
    expect(r.stdout).toMatch(/First divergence: P1\.1 \(grep -q good state\)/);
    expect(r.stdout).toMatch(/1\. file contents \(.*\/state\)/);
    expect(r.stdout).toMatch(/^ +-good$/m);
    expect(r.stdout).toMatch(/^ +\+bad$/m);

    const d = await diffJson(dir);
    expect(d.equivalent).toBe(false);
    expect(d.exitStatus).toEqual({ a: 0, b: 1 });
    expect(d.divergence?.label).toBe('P1.1');
    expect(d.divergence?.a).toMatch(/^exit_group\(0\)/);
    // grep found no match in what it read: it read on, where the passing run had stopped
    expect(d.divergence?.b).toMatch(/^read\(<.*\/state>, "", \d+\) = 0/);
    expect(d.inputs[0]).toMatchObject({ kind: 'file-contents', subject: path.join(dir, 'state') });
  });

  test('a directory listed in another order', async () => {
    const dir = makeTempDir('systape-diff-');
    // tmpfs lists the newest entry first: the same names made in another order list differently
    const shm = fs.mkdtempSync('/dev/shm/systape-diff-');
    shmDirs.push(shm);
    const list = path.join(shm, 'list');
    const make = (names: string[]) => {
      fs.rmSync(list, { recursive: true, force: true });
      fs.mkdirSync(list);
      for (const n of names) fs.writeFileSync(path.join(list, n), '');
    };
    make(['a', 'b']);
    await recordTwice(dir, ['ls', '-f', list], () => make(['b', 'a']));
    const d = await diffJson(dir);
    expect(d.divergence?.a).toMatch(/^write\(<stdout>, "\.\\n\.\.\\nb\\na\\n"/);
    expect(d.inputs[0]).toMatchObject({ kind: 'directory-order', subject: list });
  });

  test('random bytes and clock values', async () => {
    const dir = makeTempDir('systape-diff-');
    await recordTwice(dir, ['sh', '-c', 'head -c 8 /dev/urandom | od -An -tx1']);
    const random = await diffJson(dir);
    // head (P1.1) passes other bytes down the pipe
    expect(random.divergence?.label).toBe('P1.1');
    expect(random.divergence?.a).toMatch(/^write\(<pipe>, /);
    expect(random.inputs).toContainEqual(
      expect.objectContaining({ kind: 'random', subject: '/dev/urandom' }),
    );

    const clock = makeTempDir('systape-diff-');
    await recordTwice(clock, ['date', '+%N']);
    const d = await diffJson(clock);
    expect(d.divergence?.a).toMatch(/^write\(<stdout>, "\d+\\n", 10\)/);
    expect(d.inputs[0]).toMatchObject({ kind: 'clock', subject: 'clock_gettime(CLOCK_REALTIME)' });
  });

  test('a few calls one run made and the other did not, then alike: not the divergence', async () => {
    const dir = makeTempDir('systape-diff-');
    // mkdir finds the directory there in the second run and looks at it, then both go on
    // alike until the content of `state` sends them different ways (one thread: no noise)
    buildStateProgram(
      dir,
      'detour',
      'if (mkdir("cache", 0777) < 0) { stat("cache", &st); access("cache", W_OK); }',
      60,
    );
    fs.writeFileSync(path.join(dir, 'state'), 'good');
    await recordTwice(dir, ['./detour'], () => fs.writeFileSync(path.join(dir, 'state'), 'gone'));
    const d = await diffJson(dir);
    expect(d.divergence?.a).toMatch(/^exit_group\(0\)/);
    expect(d.divergence?.b).toMatch(/^exit_group\(1\)/);
    expect(d.detours).toHaveLength(1);
    expect(d.detours[0].a).toEqual([]);
    expect(d.detours[0].b.join('\n')).toMatch(/"cache"/);
    const kinds = d.inputs.map((i) => `${i.kind} ${i.subject ?? ''}`);
    expect(kinds).toContain(`file-contents ${path.join(dir, 'state')}`);
    expect(kinds).toContain(`file-metadata ${path.join(dir, 'cache')}`);
    const r = await diff(dir);
    expect(r.stdout).toMatch(/1 place where one run made a few calls the other did not/);
  });

  test('the C library reading the number of CPUs in one run only: not the divergence', async () => {
    const dir = makeTempDir('systape-diff-');
    // glibc's malloc reads it when a thread first finds the arenas busy, which follows the
    // scheduler; here a file decides, and the calls that follow are too few to rejoin on
    buildStateProgram(dir, 'nprocs', 'if (access("busy", F_OK) == 0) get_nprocs();', 4);
    fs.writeFileSync(path.join(dir, 'state'), 'good');
    await recordTwice(dir, ['./nprocs'], () => {
      fs.writeFileSync(path.join(dir, 'busy'), '');
      fs.writeFileSync(path.join(dir, 'state'), 'gone');
    });
    const d = await diffJson(dir);
    expect(d.divergence?.a).toMatch(/^exit_group\(0\)/);
    expect(d.divergence?.b).toMatch(/^exit_group\(1\)/);
    expect(JSON.stringify(d)).not.toMatch(/cpu\/online/);
  });

  test('the environment', async () => {
    const dir = makeTempDir('systape-diff-');
    await recordTwice(dir, ['sh', '-c', 'echo "$GREETING"'], undefined, [
      { GREETING: 'hello' },
      { GREETING: 'bonjour' },
    ]);
    const r = await diff(dir);
    expect(r.stdout).toMatch(/environment: GREETING differ/);
    expect(r.stdout).toMatch(/^ +-GREETING=hello$/m);
    expect(r.stdout).toMatch(/^ +\+GREETING=bonjour$/m);
  });

  test('runs that did the same thing are equivalent (exit 0)', async () => {
    const dir = makeTempDir('systape-diff-');
    await recordTwice(dir, ['sh', '-c', 'echo same; cat /etc/hostname > /dev/null']);
    const r = await diff(dir);
    expect(r.stdout).toMatch(
      /a\.systape and b\.systape: equivalent runs of `sh -c .*` \(exit status 0 in both\)/,
    );
    expect(r.status).toBe(0);
  });

  test('traces of different commands, and damaged traces, are refused (exit 2)', async () => {
    const dir = makeTempDir('systape-diff-');
    await runCli(['record', '-q', '-o', 'a.systape', '--', 'true'], { cwd: dir });
    await runCli(['record', '-q', '-o', 'b.systape', '--', 'echo', 'x'], { cwd: dir });
    const r = await diff(dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /a\.systape and b\.systape are runs of different commands \(`true` and `echo x`\)/,
    );
    fs.writeFileSync(path.join(dir, 'b.systape'), 'not a trace');
    const bad = await diff(dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/b\.systape/);
    expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('systape diff names the cause by replaying one kind of input at a time', () => {
  async function caughtPair(dir: string, argv: string[]): Promise<void> {
    const r = await runCli(['catch', '--runs', '60', '--', ...argv], {
      cwd: dir,
      timeoutMs: 120_000,
    });
    expect(r.stderr).toMatch(/caught a failure/);
    expect(fs.existsSync(path.join(dir, 'caught', 'passing.systape'))).toBe(true);
  }

  async function explained(dir: string) {
    const r = await runCli(['diff', 'caught/passing.systape', 'caught/failing.systape'], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(r.status).toBe(1);
    const json = await runCli(
      ['diff', '--json', 'caught/passing.systape', 'caught/failing.systape'],
      { cwd: dir, timeoutMs: 60_000 },
    );
    const d = JSON.parse(json.stdout) as TraceDiff & { explanation: Explanation };
    return { text: r.stdout, d };
  }

  test('random bytes decide a coin flip', async () => {
    const dir = makeTempDir('systape-diff-');
    await caughtPair(dir, ['node', '-e', "process.exit(require('crypto').randomBytes(1)[0] & 1)"]);
    const { text, d } = await explained(dir);
    expect(text).toMatch(/^Cause: random bytes \(getrandom\)\.$/m);
    expect(d.explanation.causes).toEqual(['random']);
    const clock = d.explanation.experiments.find((e) => e.kind === 'clock');
    expect(clock?.outcome).toBe('none');
  });

  test('clock values decide an odd or even microsecond', async () => {
    const dir = makeTempDir('systape-diff-');
    await caughtPair(dir, ['sh', '-c', 'exit $(( $(date +%s%N) / 1000 % 2 ))']);
    const { text, d } = await explained(dir);
    expect(text).toMatch(/^Cause: clock values \(clock_gettime\(CLOCK_REALTIME\)\)\.$/m);
    expect(d.explanation.causes).toEqual(['clock']);
    expect(d.divergence?.label).toBe('P1.1');
  });
});
