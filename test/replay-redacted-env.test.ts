/**
 * A variable redacted when recording (`--env-redact`) is not in the trace; the recorded
 * program used its real value. Replay takes the value from its own environment when it has
 * it, and otherwise says which variables are missing.
 */
import { replay } from '../replayer/replay';
import { recordFixture, removeTempDirs } from './helpers/record';

afterAll(removeTempDirs);

const NAME = 'SYSTAPE_TEST_TOKEN';

test('replay fills a redacted variable from its environment, or warns that it cannot', async () => {
  const run = await recordFixture(['/bin/sh', '-c', `echo "token=$${NAME}"`], {
    env: { PATH: process.env.PATH, [NAME]: 's3cret' },
    envRedact: ['SYSTAPE_TEST_*'],
  });
  expect(run.stdout).toBe('token=s3cret\n');
  expect(run.trace.header.env[NAME]).toBe('<redacted>');

  process.env[NAME] = 's3cret';
  try {
    const res = await replay(run.result.tracePath);
    expect(res.divergence).toBeUndefined();
    expect(res.stdout).toBe('token=s3cret\n');
  } finally {
    delete process.env[NAME];
  }

  const warnings: string[] = [];
  const res = await replay(run.result.tracePath, { onWarning: (m) => warnings.push(m) });
  expect(warnings.join('\n')).toContain(`${NAME} was redacted when recording and not set here`);
  expect(res.divergence?.actual).toContain('token=<redacted>');
}, 60_000);
