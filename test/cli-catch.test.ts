/**
 * `systape catch`, run as a user runs it: it records a command until a run fails, keeps
 * that run and the last passing one (nothing else), and the caught run replays to the same
 * failure; a command that never fails stops after --runs; Ctrl-C keeps what was recorded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeTempDirs, runCli, sleep, startCli, waitCli } from './helpers/record';

afterAll(removeTempDirs);

/** Fails on its third run: counts its runs in a file. */
const THIRD_RUN_FAILS =
  'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo "run $n"; [ $n -lt 3 ]';

describe('systape catch', () => {
  test('keeps the failing run and the last passing one; the failure replays identically', async () => {
    const dir = makeTempDir('systape-catch-');
    const r = await runCli(['catch', '--runs', '10', '--', 'sh', '-c', THIRD_RUN_FAILS], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(r.stderr).toMatch(/caught a failure at run 3 \(exit status 1\)/);
    expect(r.stderr).toMatch(/last passing run: caught\/passing\.systape \(run 2/);
    expect(r.stderr).toMatch(/systape diff caught\/passing\.systape caught\/failing\.systape/);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'caught')).sort()).toEqual([
      'failing.log',
      'failing.systape',
      'passing.log',
      'passing.systape',
    ]);
    expect(fs.readFileSync(path.join(dir, 'caught', 'failing.log'), 'utf8')).toBe('run 3\n');
    expect(fs.readFileSync(path.join(dir, 'caught', 'passing.log'), 'utf8')).toBe('run 2\n');

    // the world has moved on (the counter says 3), the replay still sees what the run saw
    for (let i = 0; i < 2; i++) {
      const replay = await runCli(['replay', path.join('caught', 'failing.systape')], { cwd: dir });
      expect(replay.stdout).toBe('run 3\n');
      expect(replay.status).toBe(1);
    }
    expect(fs.readFileSync(path.join(dir, 'count'), 'utf8')).toBe('3\n');
  });

  test('a command that never fails: stops after --runs and says so', async () => {
    const dir = makeTempDir('systape-catch-');
    const r = await runCli(['catch', '--runs', '3', '--out', 'traces', '--', 'true'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no failure in 3 runs/);
    expect(fs.readdirSync(path.join(dir, 'traces')).sort()).toEqual([
      'passing.log',
      'passing.systape',
    ]);
  });

  test('--test is for Jest command lines', async () => {
    const r = await runCli(['catch', '--test', 'adds', '--', 'true']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--test narrows a Jest run to one test, but `true` does not run jest/);
  });

  test('Ctrl-C keeps the traces recorded so far', async () => {
    const dir = makeTempDir('systape-catch-');
    const child = startCli(['catch', '--runs', '1000', '--', 'sleep', '0.3'], { cwd: dir });
    const passing = path.join(dir, 'caught', 'passing.systape');
    for (let i = 0; i < 200 && !fs.existsSync(passing); i++) await sleep(50);
    child.kill('SIGINT');
    const r = await waitCli(child);
    expect(r.status).toBe(130);
    expect(r.stderr).toMatch(/interrupted after \d+ runs? .*: no failure caught/);
    const kept = fs.readdirSync(path.join(dir, 'caught'));
    expect(kept).toContain('passing.systape');
    // the run in progress was cut short and kept as it was
    expect(kept).toContain('interrupted.systape');
    const cut = await runCli(['dump', path.join(dir, 'caught', 'interrupted.systape')]);
    expect(cut.stdout).toMatch(/killed by SIGINT/);
    const dump = await runCli(['dump', passing]);
    expect(dump.status).toBe(0);
    expect(dump.stdout).toMatch(/clock_nanosleep|nanosleep/);
  });
});
