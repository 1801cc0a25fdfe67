/**
 * Replaying programs that start commands with vfork (a shell running a simple
 * command, Python's subprocess): the recording can hold the parent's return
 * from vfork and its next calls before the child's execve, which replay must
 * let run first. And replaying a trace cut short (the recorder was killed)
 * follows the program as far as the trace goes, then stops with a divergence.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replay } from '../replayer/replay';
import { makeTempDir, recordFixture, removeTempDirs, syscalls } from './helpers/record';

afterAll(removeTempDirs);

const SHELL_LOOP = 'for i in 1 2 3; do echo line $i; sleep 0.01; done; echo done';

test('a shell loop running a command per iteration replays identically', async () => {
  const run = await recordFixture(['/bin/sh', '-c', SHELL_LOOP]);
  expect(run.stdout).toBe('line 1\nline 2\nline 3\ndone\n');
  expect(syscalls(run, 'vfork').length + syscalls(run, 'clone3').length).toBeGreaterThan(0);
  const res = await replay(run.result.tracePath);
  expect(res.divergence).toBeUndefined();
  expect(res.stdout).toBe(run.stdout);
  expect(res.exitStatus).toBe(0);
}, 60_000);

test("Python's subprocess (vfork and exec) replays identically", async () => {
  const script =
    'import subprocess\n' +
    'print(subprocess.run(["echo", "from child"], capture_output=True).stdout)\n' +
    'print(subprocess.check_output("date +%N", shell=True))\n';
  const run = await recordFixture(['python3', '-c', script]);
  expect(run.stdout).toMatch(/^b'from child\\n'\nb'\d+\\n'\n$/);
  for (let i = 0; i < 2; i++) {
    const res = await replay(run.result.tracePath);
    expect(res.divergence).toBeUndefined();
    expect(res.stdout).toBe(run.stdout); // the recorded nanoseconds, every time
  }
}, 60_000);

test('a truncated trace replays as far as it goes, then stops, saying it is truncated', async () => {
  const run = await recordFixture(['/bin/sh', '-c', SHELL_LOOP]);
  const cut = path.join(makeTempDir(), 'cut.systape');
  const whole = fs.readFileSync(run.result.tracePath);
  fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const res = await replay(cut);
  expect(res.truncated?.offset).toBeGreaterThan(0);
  // where the cut falls decides what the program was doing when the trace ran out
  expect(['extra', 'exec', 'spawn', 'stuck']).toContain(res.divergence?.kind);
  expect(res.recordedExitStatus).toBeNull();
  expect(run.stdout.startsWith(res.stdout)).toBe(true);
}, 60_000);
