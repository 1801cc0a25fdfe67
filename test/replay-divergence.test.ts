/**
 * Divergence: when the replayed program does something other than what was recorded (a
 * changed environment variable, a changed binary), replay stops it at the first different
 * call and reports where (seq, pid, tid), what was expected, what happened instead, and a
 * unified diff of the calls around it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  findSyscall,
  makeTempDir,
  onlyRegion,
  recordFixture,
  removeTempDirs,
  text,
  type RecordedRun,
} from './helpers/record';
import { compileFixtureTo, expectSameAsRecorded, replayRun } from './helpers/replay';

afterAll(removeTempDirs);

/** The write(1, ...) record that sent exactly `payload`. */
function writeOf(run: RecordedRun, payload: string) {
  return findSyscall(
    run,
    'write',
    (r) => Number(r.args[0]) === 1 && text(onlyRegion(r, 'in', 1).bytes) === payload,
  );
}

/** The lines of a unified diff that only one side has. */
function changedLines(diff: string): string[] {
  return diff
    .split('\n')
    .filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l))
    .map((l) => l.trimEnd());
}

describe('an environment variable changed at replay: sh -c \'echo "hello $GREETING"\'', () => {
  let run: RecordedRun;
  beforeAll(async () => {
    run = await recordFixture(['sh', '-c', 'echo "hello $GREETING"'], {
      env: { ...process.env, GREETING: 'world' },
    });
  });

  test('recorded as "hello world"; replayed with the same value it does not diverge', async () => {
    expect(run.stdout).toBe('hello world\n');
    expectSameAsRecorded(run, await replayRun(run));
    expectSameAsRecorded(run, await replayRun(run, { env: { GREETING: 'world' } }));
  }, 60_000);

  test('replayed with GREETING=bonjour it diverges at the recorded write', async () => {
    const recordedWrite = writeOf(run, 'hello world\n');
    const replayed = await replayRun(run, { env: { GREETING: 'bonjour' } });
    const d = replayed.divergence;
    expect(d).toBeDefined();
    expect(d!.kind).toBe('syscall');
    expect(d!.seq).toBe(recordedWrite.seq);
    expect(d!.pid).toBe(recordedWrite.pid);
    expect(d!.tid).toBe(recordedWrite.tid);
    expect(d!.expected).toContain('hello world');
    expect(d!.expected).toMatch(/^write\(1, "hello world\\n", 12\) = 12$/);
    expect(d!.actual).toContain('hello bonjour');
    expect(d!.actual).toMatch(/^write\(1, "hello bonjour\\n", 14\)/);

    // a unified diff: headers, a hunk, the recorded call removed and the replayed one added
    const diffLines = d!.diff.split('\n');
    expect(diffLines).toContainEqual(expect.stringMatching(/^--- recorded/));
    expect(diffLines).toContainEqual(expect.stringMatching(/^\+\+\+ replayed/));
    expect(diffLines).toContainEqual(expect.stringMatching(/^@@ -\d+(,\d+)? \+\d+(,\d+)? @@$/));
    expect(changedLines(d!.diff)).toEqual([`-${d!.expected}`, `+${d!.actual}`]);
    // the context lines are the shell's calls before the write, as recorded
    expect(diffLines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(0);

    expect(d!.message).toContain(`replay diverged at seq ${recordedWrite.seq}`);
    expect(d!.message).toContain(`pid ${recordedWrite.pid}`);
    expect(d!.message).toContain(d!.expected!);
    expect(d!.message).toContain(d!.actual!);

    // the different write was stopped before it happened: nothing of it was echoed
    expect(replayed.stdout).toBe('');
    expect(replayed.stdout + replayed.stderr).not.toContain('bonjour');
  }, 60_000);
});

describe('the program changed between recording and replay', () => {
  let dir: string;
  let program: string;
  let run: RecordedRun;
  beforeAll(async () => {
    dir = makeTempDir('systape-changed-');
    program = compileFixtureTo('variant', path.join(dir, 'variant'));
    run = await recordFixture([program]);
  });

  test('recorded: "hello from variant"; the same binary replays without divergence', async () => {
    expect(run.stdout).toBe('hello from variant\n');
    expect(run.result.exitStatus).toBe(0);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);

  test('it prints something else: divergence at the write, with both texts', async () => {
    compileFixtureTo('variant', program, { GREETING: '"goodbye"' });
    // refused unless asked for: the program is not the one recorded
    await expect(replayRun(run)).rejects.toMatchObject({ code: 'TRACE_FILE_CHANGED' });
    const replayed = await replayRun(run, { allowChangedFiles: true });
    expect(replayed.warnings.join('\n')).toContain(
      `the program runs ${program}, and it has changed`,
    );
    const d = replayed.divergence;
    expect(d).toBeDefined();
    expect(d!.kind).toBe('syscall');
    expect(d!.seq).toBe(writeOf(run, 'hello from variant\n').seq);
    expect(d!.expected).toBe('write(1, "hello from variant\\n", 19) = 19');
    expect(d!.actual).toBe('write(1, "goodbye from variant\\n", 21) = ?');
    expect(d!.message.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(
        /^replay diverged at seq \d+ \(pid \d+, tid \d+\): the program made a different system call$/,
      ),
      `  expected: ${d!.expected}`,
      `  actual:   ${d!.actual}`,
    ]);
    expect(replayed.stdout).toBe('');
  }, 60_000);

  test('it makes another system call first: divergence names both calls', async () => {
    compileFixtureTo('variant', program, { EXTRA_CALL: 1 });
    const replayed = await replayRun(run, { allowChangedFiles: true });
    const d = replayed.divergence;
    expect(d).toBeDefined();
    expect(d!.kind).toBe('syscall');
    expect(d!.seq).toBe(writeOf(run, 'hello from variant\n').seq);
    expect(d!.expected).toBe('write(1, "hello from variant\\n", 19) = 19');
    expect(d!.actual).toMatch(/^getppid\(\) = \?$/);
    expect(changedLines(d!.diff)).toEqual([`-${d!.expected}`, `+${d!.actual}`]);
    expect(d!.message).toMatch(/the program made a different system call/);
  }, 60_000);
});

describe('a program rebuilt with a larger data segment', () => {
  test('the real brk returns another address: a result divergence shows both', async () => {
    const dir = makeTempDir();
    const program = path.join(dir, 'prog');
    const build = (source: string) => {
      fs.writeFileSync(`${program}.c`, source);
      execFileSync('cc', ['-o', program, `${program}.c`]);
    };
    build('#include <stdio.h>\nint main(void) { puts("small"); return 0; }\n');
    const run = await recordFixture([program]);
    build(
      '#include <stdio.h>\nstatic char big[1 << 20];\n' +
        'int main(void) { big[5] = 1; puts("large"); return big[7]; }\n',
    );
    const replayed = await replayRun(run, { allowChangedFiles: true });
    const d = replayed.divergence;
    expect(d?.kind).toBe('result');
    expect(d?.expected).toMatch(/^brk\(NULL\) = 0x[0-9a-f]+$/);
    // it ran for real, so what it returned is known
    expect(d?.actual).toMatch(/^brk\(NULL\) = 0x[0-9a-f]+$/);
    expect(d?.actual).not.toBe(d?.expected);
  }, 60_000);
});
