/**
 * A whole Jest run (Node.js, many threads, a module cache, a failing test that prints the
 * clock) recorded and replayed: byte-identical stdout and stderr, the recorded exit
 * status 1, no divergence.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execsOf, makeTempDir, recordFixture, removeTempDirs, REPO_ROOT } from './helpers/record';
import { expectSameAsRecorded, replayRun } from './helpers/replay';

afterAll(removeTempDirs);

const SAMPLE_TEST = `
test('adds', () => {
  expect(1 + 1).toBe(2);
});

test('knows the time', () => {
  const now = Date.now();
  console.log('now is', now);
  expect(now).toBe(0);
});
`;

test('a Jest run with one passing and one failing test replays identically', async () => {
  const project = makeTempDir('systape-jest-');
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'replayed-project', private: true }, null, 2) + '\n',
  );
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'));
  fs.writeFileSync(path.join(project, 'sample.test.js'), SAMPLE_TEST);

  // Not this worker's Jest variables: the recorded Jest is a run of its own.
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('JEST_')) delete env[name];
  const jest = path.join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const run = await recordFixture([process.execPath, jest, '--ci', 'sample.test.js'], {
    cwd: project,
    env,
  });

  expect(run.result.exitStatus).toBe(1);
  const output = run.stdout + run.stderr;
  expect(output).toMatch(/✓ adds/);
  expect(output).toMatch(/✕ knows the time/);
  expect(output).toMatch(/now is \d{13}/);
  expect(output).toMatch(/Expected: 0\n\s+Received: \d{13}/);
  expect(output).toMatch(/Tests: +1 failed, 1 passed, 2 total/);
  expect(execsOf(run, path.basename(process.execPath)).length).toBeGreaterThanOrEqual(1);

  const replayed = await replayRun(run);
  expectSameAsRecorded(run, replayed);
  expect(replayed.exitStatus).toBe(1);
}, 120_000);
