/**
 * `replay(file, { keepGoing: true })` / `systape replay --keep-going`: every
 * divergence is reported, and the program goes on where that cannot touch the
 * world: writes print what the program writes now, calls that only look at
 * the world run for real, and anything else (creating a file) still stops it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replay } from '../replayer/replay';
import { fixture } from './helpers/fixtures';
import {
  findSyscall,
  makeTempDir,
  recordFixture,
  removeTempDirs,
  runCli,
  text,
  type RecordedRun,
} from './helpers/record';

afterAll(removeTempDirs);

let run: RecordedRun;
beforeAll(async () => {
  run = await recordFixture([fixture('greet')], {
    env: { PATH: process.env.PATH, GREETING: 'world' },
  });
}, 60_000);

/** The seq of the recorded write(1, ...) whose payload is `payload`. */
function seqOfWrite(payload: string): number {
  return findSyscall(run, 'write', (r) =>
    r.mem.some((m) => m.dir === 'in' && text(m.bytes) === payload),
  ).seq;
}

test('the recording prints the greeting and exits 3', () => {
  expect(run.stdout).toBe('hello world\nthe middle line\nbye world\n');
  expect(run.result.exitStatus).toBe(3);
});

test('without keepGoing a changed environment stops replay at the first changed write', async () => {
  const res = await replay(run.result.tracePath, { env: { GREETING: 'bonjour' } });
  expect(res.divergences).toHaveLength(1);
  expect(res.divergence).toMatchObject({
    kind: 'syscall',
    stopped: true,
    seq: seqOfWrite('hello world\n'),
  });
  expect(res.stdout).toBe('');
});

test('keepGoing reports each changed write and runs the program to its end', async () => {
  const res = await replay(run.result.tracePath, { env: { GREETING: 'bonjour' }, keepGoing: true });
  // what the program writes now, not what was recorded
  expect(res.stdout).toBe('hello bonjour\nthe middle line\nbye bonjour\n');
  expect(res.exitStatus).toBe(3);
  expect(res.divergenceCount).toBe(2);
  expect(res.divergences.map((d) => [d.seq, d.stopped])).toEqual([
    [seqOfWrite('hello world\n'), false],
    [seqOfWrite('bye world\n'), false],
  ]);
  expect(res.divergences[0].expected).toContain('"hello world\\n"');
  expect(res.divergences[0].actual).toContain('"hello bonjour\\n"');
  expect(res.divergences[0].message).toContain('replay went on');
});

test('keepGoing runs calls the recording does not have when they only look at the world', async () => {
  const res = await replay(run.result.tracePath, { env: { EXTRA: '1' }, keepGoing: true });
  expect(res.stdout).toMatch(
    /^hello world\nextra: pid \d+ on Linux\nthe middle line\nbye world\n$/,
  );
  expect(res.exitStatus).toBe(3);
  const actual = res.divergences.map((d) => d.actual ?? '');
  expect(actual[0]).toMatch(/^uname\(/);
  expect(actual[1]).toMatch(/^getpid\(/);
  // the extra line, and no more: the recorded writes that follow still match theirs
  expect(actual[2]).toMatch(/^write\(1, "extra: pid \d+ on Linux\\n"/);
  expect(res.divergenceCount).toBe(3);
  expect(res.divergences.every((d) => !d.stopped)).toBe(true);
});

test('keepGoing still stops a call that would change the world', async () => {
  const dir = makeTempDir();
  const target = path.join(dir, 'created-by-replay');
  const res = await replay(run.result.tracePath, { env: { UNSAFE: target }, keepGoing: true });
  expect(fs.existsSync(target)).toBe(false);
  const last = res.divergences[res.divergences.length - 1];
  expect(last.stopped).toBe(true);
  expect(last.actual).toContain(`openat(AT_FDCWD, "${target}"`);
  expect(res.stdout).toBe('hello world\n');
});

test('systape replay --keep-going prints every report and exits 86', async () => {
  const res = await runCli([
    'replay',
    '--keep-going',
    '--env',
    'GREETING=bonjour',
    run.result.tracePath,
  ]);
  expect(res.status).toBe(86);
  expect(res.stdout).toBe('hello bonjour\nthe middle line\nbye bonjour\n');
  expect(res.stderr.match(/replay diverged at seq \d+/g)).toHaveLength(2);
  expect(res.stderr).toContain('2 divergences; the program ran to the end (its exit status: 3)');
});
