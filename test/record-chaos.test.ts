/**
 * `record --chaos`: the thread to run next is drawn at random among those waiting, so that
 * a race the usual first-come order hides comes out; the trace says so, and replays.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readHeader } from '../formats/trace';
import { record } from '../recorder/record';
import { replay } from '../replayer/replay';
import { makeTempDir, removeTempDirs } from './helpers/record';

afterAll(removeTempDirs);

// two reads at once, merged in the order they complete: the user's value should win
const RACE = `
const fs = require('node:fs');
const read = (f) => fs.promises.readFile(f, 'utf8');
const merged = {};
Promise.all([
  read(process.argv[1]).then((t) => Object.assign(merged, JSON.parse(t))),
  read(process.argv[2]).then((t) => Object.assign(merged, JSON.parse(t))),
]).then(() => process.exit(merged.theme === 'dark' ? 0 : 1));
`;

test('a race between two reads goes both ways; every run replays as recorded', async () => {
  const dir = makeTempDir('systape-chaos-');
  fs.writeFileSync(path.join(dir, 'defaults.json'), JSON.stringify({ theme: 'light' }));
  fs.writeFileSync(path.join(dir, 'user.json'), JSON.stringify({ theme: 'dark' }));
  const argv = ['node', '-e', RACE, path.join(dir, 'defaults.json'), path.join(dir, 'user.json')];
  const outcomes = new Set<number>();
  const devNull = fs.openSync('/dev/null', 'r+');
  // (each way comes out about one run in three or more: 30 runs miss one once in 10^5; and
  // each run's threads took their turns in another order, which replay must follow)
  for (let i = 0; i < 30 && (outcomes.size < 2 || i < 12); i++) {
    const output = path.join(dir, `run-${i}.systape`);
    const r = await record(argv, { output, chaos: true, stdio: [devNull, devNull, devNull] });
    outcomes.add(r.exitStatus);
    expect(readHeader(output).options.chaos).toBe(true);
    const replayed = await replay(output);
    expect(replayed.divergence?.message).toBeUndefined();
    expect(replayed.exitStatus).toBe(r.exitStatus);
  }
  fs.closeSync(devNull);
  expect([...outcomes].sort()).toEqual([0, 1]);
}, 120_000);
