/**
 * Replay hands the trace's chunks to the C core as they are in the file, and the C core reads
 * their records itself (recorder/native/replay_chunk.c). It also follows, call by call and
 * process by process, which descriptors are the program's own stdout and stderr, so that
 * replay echoes exactly what the program wrote to them: these programs copy, move and close
 * them in every way a shell does, and replay must print the same bytes on the same stream.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, recordFixture, removeTempDirs } from './helpers/record';
import { expectSameAsRecorded, replayRun } from './helpers/replay';

afterAll(removeTempDirs);

const SCRIPTS: [string, string][] = [
  // dup2 (exec n>&m), and the F_DUPFD copy a shell saves a descriptor with around a redirection
  [
    'copies made by dup2 and fcntl(F_DUPFD)',
    'exec 3>&1; echo one >&3; echo two 1>&2; exec 4>&2 1>&4; echo three; exec 5>&3 3>&-; echo four >&5',
  ],
  // stdout closed, then opened on a file (whose writes are not echoed), then a copy of stderr
  [
    'closed, reopened on a file, then on stderr',
    'exec 1>&-; exec 1>"$OUT_FILE"; echo not-echoed; exec 1>&2; echo on-stderr',
  ],
  // each child process starts with a copy of its parent's descriptors, and changes only its own
  [
    'child processes and pipes',
    '(exec 1>&2; echo child-to-err); echo parent-to-out; echo piped | cat; ls /nonexistent-dir',
  ],
];

describe('replayed output follows stdout and stderr through the calls that move them', () => {
  test.each(SCRIPTS)(
    '%s',
    async (_title, script) => {
      const run = await recordFixture(['sh', '-c', script], {
        env: { ...process.env, OUT_FILE: '/dev/null' },
      });
      expect(run.stdout + run.stderr).not.toBe('');
      const replayed = await replayRun(run);
      expectSameAsRecorded(run, replayed);
    },
    60_000,
  );

  test('what went to a file is not echoed, and the file is not written again', async () => {
    const cwd = makeTempDir('systape-chunks-');
    const first = await recordFixture(['sh', '-c', SCRIPTS[1][1]], {
      cwd,
      env: { ...process.env, OUT_FILE: 'written.txt' },
    });
    const file = path.join(cwd, 'written.txt');
    expect(fs.readFileSync(file, 'utf8')).toBe('not-echoed\n');
    fs.rmSync(file);
    expect(first.stdout).toBe('');
    expect(first.stderr).toBe('on-stderr\n');
    const replayed = await replayRun(first);
    expectSameAsRecorded(first, replayed);
    expect(fs.existsSync(file)).toBe(false);
  }, 60_000);
});
