/**
 * Threads that wait for each other by spinning, without a system call: one thread at a time
 * runs in user space, so the spinning one is preempted after about 100 ms of CPU time, when
 * recording and when replaying alike. Without that, both would wait forever.
 */
import { replay } from '../replayer/replay';
import { fixture } from './helpers/fixtures';
import { recordFixture, removeTempDirs } from './helpers/record';

afterAll(removeTempDirs);

test('two threads spinning on each other record and replay to the end', async () => {
  const run = await recordFixture([fixture('spinwait')]);
  expect(run.stdout).toBe('both threads ran\n');
  expect(run.result.exitStatus).toBe(0);
  const res = await replay(run.result.tracePath);
  expect(res.divergence).toBeUndefined();
  expect(res.stdout).toBe('both threads ran\n');
  expect(res.exitStatus).toBe(0);
}, 60_000);
