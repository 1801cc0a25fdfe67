/**
 * A recording interrupted by `kill -9` of the recorder keeps everything it
 * wrote up to its last complete chunk, and `dump` still reads it.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTrace } from '../formats/trace';

const CLI = path.join(__dirname, '..', 'bin', 'systape.js');

function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() > until) reject(new Error('timed out'));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

test('kill -9 of the recorder keeps the records written so far', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-kill-'));
  const trace = path.join(dir, 'sleepy.systape');
  const marker = path.join(dir, 'started');
  // The program announces itself through a file, then idles in a long sleep.
  const recorder = spawn(
    process.execPath,
    [CLI, 'record', '-o', trace, '--', 'sh', '-c', `echo hello > ${marker}; exec sleep 30`],
    { stdio: 'ignore' },
  );
  await waitFor(() => fs.existsSync(marker), 10_000);
  // Chunks are flushed every ~100 ms: give the idle recording time to write one.
  await new Promise((r) => setTimeout(r, 400));
  recorder.kill('SIGKILL');
  await new Promise((r) => recorder.once('exit', r));

  const { header, records } = readTrace(trace);
  expect(header.argv).toEqual(['sh', '-c', expect.stringContaining('echo hello')]);
  // The shell's write to the marker file and the exec of sleep are on disk.
  const execs = records.filter((r) => r.t === 'exec').map((r) => (r.t === 'exec' ? r.path : ''));
  expect(execs).toEqual([expect.stringMatching(/\/dash$|\/sh$/), expect.stringMatching(/sleep$/)]);
  expect(records.some((r) => r.t === 'end')).toBe(false);

  const dump = spawnSync(process.execPath, [CLI, 'dump', trace], { encoding: 'utf8' });
  expect(dump.status).toBe(0);
  expect(dump.stdout).toMatch(/write\(1, "hello\\n", 6\) = 6/);
  expect(dump.stderr).toMatch(/no end record|truncated/);
  fs.rmSync(dir, { recursive: true, force: true });
});
