import { replay } from '../replayer/replay';
import { catchAndReplay } from './flaky-coin/catch-and-replay';

test('a flaky failure, caught once, replays identically every time', async () => {
  const caught = await catchAndReplay();
  expect(caught).toBeDefined();
  const { tracePath, stderr, replayed } = caught!;
  expect(stderr).toMatch(/: failing\n$/);
  expect(replayed.divergence).toBeUndefined();
  expect(replayed.exitStatus).toBe(1);
  expect(replayed.stderr).toBe(stderr);
  // and again: the recorded clock and random numbers, not today's
  const again = await replay(tracePath);
  expect(again.stderr).toBe(stderr);
  expect(again.exitStatus).toBe(1);
}, 120_000);
