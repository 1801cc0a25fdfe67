/**
 * Replay through the fast path: the in-process hook answers the calls replay emulates from
 * the recorded records, without a ptrace stop each. Programs must replay exactly as they do
 * with every call answered by the tracer (`fastPath: false`), most of their calls answered
 * in-process, and a call that differs from its record must be caught by the hook and
 * reported by the tracer as the same divergence, at the same seq, as without the hook.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replay } from '../replayer/replay';
import { fixture } from './helpers/fixtures';
import {
  findSyscall,
  makeTempDir,
  onlyRegion,
  recordFixture,
  removeTempDirs,
  syscalls,
  text,
  type RecordedRun,
} from './helpers/record';
import { expectSameAsRecorded, pythonExecutable, replayRun } from './helpers/replay';

afterAll(removeTempDirs);

describe('programs replay the same with and without the fast path', () => {
  const cases: [string, () => string[], number][] = [
    // [title, argv, the least share of calls answered in-process]
    [
      'dd bs=1 count=5000',
      () => ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=5000'],
      0.95,
    ],
    ['ls -la /usr/lib', () => ['ls', '-la', '/usr/lib'], 0.85],
    [
      'tar -cf /dev/null of a directory',
      () => ['tar', '-cf', '/dev/null', '-C', '/usr/include', 'linux'],
      0.85,
    ],
    ['python3 -c "import json"', () => [pythonExecutable(), '-c', 'import json'], 0.75],
    ['node -e (with threads)', () => [process.execPath, '-e', 'console.log(1 + 1)'], 0.75],
    ['threads --locked', () => [fixture('threads'), '--locked'], 0.1],
    ['sigs (signal handlers)', () => [fixture('sigs')], 0.1],
    ['forks (fork, vfork, clone3)', () => [fixture('forks')], 0.1],
  ];
  test.each(cases)(
    '%s',
    async (_title, argv, share) => {
      const run = await recordFixture(argv());
      const fast = await replayRun(run);
      expectSameAsRecorded(run, fast);
      const slow = await replayRun(run, { fastPath: false });
      expectSameAsRecorded(run, slow);
      expect(slow.fastCalls).toBe(0);
      expect(fast.syscalls).toBe(slow.syscalls);
      expect(fast.fastCalls).toBeGreaterThanOrEqual(share * fast.syscalls);
    },
    120_000,
  );
});

describe('signals a process sent itself', () => {
  test('the handler sees the recorded sender and si_code, with and without the fast path', async () => {
    const run = await recordFixture([fixture('siginfo')]);
    expect(run.stdout).toBe('SIGUSR1 code=0 self=1\nSIGUSR2 code=-6 self=1\n');
    expectSameAsRecorded(run, await replayRun(run));
    expectSameAsRecorded(run, await replayRun(run, { fastPath: false }));
  }, 60_000);
});

describe('a call that differs from its record is caught in-process and reported', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('systape-fastdiv-');
  });

  /** Records `sh -c script` with MARK=recorded, then replays it with MARK=value both ways. */
  async function divergeBothWays(script: string, recorded: string, value: string) {
    const run = await recordFixture(['sh', '-c', script], {
      cwd: dir,
      env: { ...process.env, MARK: recorded },
    });
    expect(run.result.exitStatus).toBe(0);
    const fast = await replayRun(run, { env: { MARK: value } });
    const slow = await replayRun(run, { env: { MARK: value }, fastPath: false });
    return { run, fast, slow };
  }

  function expectSameDivergence(
    fast: Awaited<ReturnType<typeof replayRun>>,
    slow: Awaited<ReturnType<typeof replayRun>>,
    seq: number,
  ) {
    expect(fast.divergence?.kind).toBe('syscall');
    expect(fast.divergence?.seq).toBe(seq);
    expect(slow.divergence?.seq).toBe(seq);
    expect(fast.divergence?.message).toBe(slow.divergence?.message);
  }

  test('a write of other bytes, of the same length, after 300 writes answered in-process', async () => {
    const script =
      'i=0; while [ $i -lt 300 ]; do echo "line $i"; i=$((i+1)); done > lines.txt; ' +
      'echo "$MARK" > mark.txt';
    const { run, fast, slow } = await divergeBothWays(script, 'aaaa', 'bbbb');
    const recorded = findSyscall(run, 'write', (r) => {
      const payload = onlyRegion(r, 'in', 1);
      return text(payload.bytes) === 'aaaa\n';
    });
    expectSameDivergence(fast, slow, recorded.seq);
    expect(fast.fastCalls).toBeGreaterThanOrEqual(300);
    expect(fast.divergence?.message).toContain('bbbb');
  }, 60_000);

  test('a path that differs, or only in its length (a longer string, same prefix)', async () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'A\n');
    // (a builtin: an exec would diverge first, at its environment)
    // (the same site opens a.txt first, so that it is patched when the hook sees $MARK)
    const script = 'read first < a.txt; read line < "$MARK"';
    // the second open of a.txt: the one made with $MARK
    const opened = (run: RecordedRun) =>
      syscalls(run, 'openat').filter((r) => text(onlyRegion(r, 'in', 1).bytes) === 'a.txt')[1];
    for (const value of ['b.txt', 'a.txtx', 'a.tx']) {
      const { run, fast, slow } = await divergeBothWays(script, 'a.txt', value);
      expectSameDivergence(fast, slow, opened(run).seq);
    }
  }, 60_000);

  test('the same program replayed with the recorded value does not diverge', async () => {
    const script = 'i=0; while [ $i -lt 100 ]; do echo "$MARK $i"; i=$((i+1)); done > m.txt';
    const { run, fast, slow } = await divergeBothWays(script, 'same', 'same');
    expectSameAsRecorded(run, fast);
    expectSameAsRecorded(run, slow);
    expect(fast.fastCalls).toBeGreaterThanOrEqual(100);
  }, 60_000);
});

describe("the program's output, echoed", () => {
  // stdout and stderr in turn, from the shell and from a child it forks
  const script =
    'for i in 1 2 3 4 5; do echo "out $i"; echo "err $i" >&2; done; ' +
    '(echo "child out"; echo "child err" >&2); echo after';

  // (the shell's `>&2` moves the descriptors around and writes to 1: replay follows them)
  const order = [
    ...[1, 2, 3, 4, 5].flatMap((i) => [`1:out ${i}\n`, `2:err ${i}\n`]),
    '1:child out\n',
    '2:child err\n',
    '1:after\n',
  ];

  test.each([
    ['as each run of calls answered in-process ends', false],
    ['before the program goes on (liveOutput, for a terminal)', true],
  ])(
    '%s: every write, stdout and stderr in their order',
    async (_title, liveOutput) => {
      const run = await recordFixture(['sh', '-c', script]);
      const seen: string[] = [];
      const replayed = await replay(run.result.tracePath, {
        liveOutput,
        onOutput: (fd, bytes) => seen.push(`${fd}:${bytes.toString()}`),
      });
      expect(replayed.divergence).toBeUndefined();
      expect(seen).toEqual(order);
      expect(replayed.fastCalls).toBeGreaterThanOrEqual(13);
    },
    60_000,
  );
});
