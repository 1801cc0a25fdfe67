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

test('a race between two reads goes both ways; the trace says chaos and replays', async () => {
  const dir = makeTempDir('systape-chaos-');
  fs.writeFileSync(path.join(dir, 'defaults.json'), JSON.stringify({ theme: 'light' }));
  fs.writeFileSync(path.join(dir, 'user.json'), JSON.stringify({ theme: 'dark' }));
  const argv = ['node', '-e', RACE, path.join(dir, 'defaults.json'), path.join(dir, 'user.json')];
  const outcomes = new Set<number>();
  let failing: string | undefined;
  // (each way comes out about one run in three or more: 30 runs miss one of them once in 10^5)
  const devNull = fs.openSync('/dev/null', 'r+');
  for (let i = 0; i < 30 && outcomes.size < 2; i++) {
    const output = path.join(dir, `run-${i}.systape`);
    const r = await record(argv, { output, chaos: true, stdio: [devNull, devNull, devNull] });
    outcomes.add(r.exitStatus);
    if (r.exitStatus === 1) failing = output;
  }
  fs.closeSync(devNull);
  expect([...outcomes].sort()).toEqual([0, 1]);
  expect(readHeader(failing!).options.chaos).toBe(true);
  const replayed = await replay(failing!);
  expect(replayed.divergence).toBeUndefined();
  expect(replayed.exitStatus).toBe(1);
}, 120_000);
