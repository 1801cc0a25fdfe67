/**
 * examples/flaky run as its README says: each flaky test is caught failing within the run
 * limit, its failing run replays to the same failure and output five times in a row, and
 * `systape diff` names the real cause of each.
 *
 * `npm test` runs this file on its own, after the others: the diagnosis is judged exactly
 * here, and with another test file loading the machine beside it, the runs `diff` compares
 * differ in more timing-dependent inputs than a user's would.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { makeTempDir, removeTempDirs } from '../test/helpers/record';

afterAll(removeTempDirs);

interface Outcome {
  slug: string;
  caught: boolean;
  replays?: { status: number | null; sameOutput: boolean }[];
  cause?: string[];
  scheduling?: boolean;
}

const SCRIPT = path.join(__dirname, 'flaky', 'catch-all.js');

function catchAll(only: string): Outcome {
  const out = makeTempDir('systape-flaky-');
  const r = spawnSync(process.execPath, [SCRIPT, '--json', '--out', out, '--only', only], {
    encoding: 'utf8',
    timeout: 280_000,
  });
  if (r.status !== 0) throw new Error(`catch-all.js failed: ${r.stderr}`);
  const [outcome] = JSON.parse(r.stdout) as Outcome[];
  expect(outcome.caught).toBe(true);
  expect(outcome.replays).toHaveLength(5);
  for (const replay of outcome.replays ?? []) {
    expect(replay.status).toBe(1);
    expect(replay.sameOutput).toBe(true);
  }
  return outcome;
}

describe('examples/flaky: caught, replayed, explained', () => {
  test('a time-dependent test: the clock', () => {
    expect(catchAll('time').cause).toEqual(['clock']);
  }, 300_000);

  test('a test that depends on its random seed: random bytes', () => {
    expect(catchAll('random').cause).toEqual(['random']);
  }, 300_000);

  test('a test that takes a directory listing as sorted: the listing order', () => {
    expect(catchAll('directory').cause).toEqual(['directory-order']);
  }, 300_000);

  test('a race between two reads: the order the threads ran in', () => {
    const outcome = catchAll('race');
    expect(outcome.cause).toEqual([]);
    expect(outcome.scheduling).toBe(true);
  }, 300_000);
});
