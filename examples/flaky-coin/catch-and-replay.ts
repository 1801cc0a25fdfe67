/**
 * Record `coin.js` until a run fails, then replay the failing run.
 * Run from the repository root: `npx ts-node` is not needed, the test suite
 * runs it through Jest (see ../flaky-coin.test.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { record } from '../../recorder/record';
import { replay, type ReplayResult } from '../../replayer/replay';

export interface CaughtFailure {
  tracePath: string;
  runs: number;
  /** what the failing run printed on stderr, as recorded */
  stderr: string;
  replayed: ReplayResult;
}

/** Record the coin until it fails (at most `maxRuns` times), then replay that run. */
export async function catchAndReplay(maxRuns = 40): Promise<CaughtFailure | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-coin-'));
  const script = path.join(__dirname, 'coin.js');
  for (let run = 1; run <= maxRuns; run++) {
    const tracePath = path.join(dir, `run-${run}.systape`);
    const errFile = path.join(dir, `run-${run}.err`);
    const err = fs.openSync(errFile, 'w');
    const out = fs.openSync('/dev/null', 'w');
    let status: number;
    try {
      ({ exitStatus: status } = await record([process.execPath, script], {
        output: tracePath,
        stdio: [undefined, out, err],
      }));
    } finally {
      fs.closeSync(err);
      fs.closeSync(out);
    }
    if (status !== 0) {
      return {
        tracePath,
        runs: run,
        stderr: fs.readFileSync(errFile, 'utf8'),
        replayed: await replay(tracePath),
      };
    }
    fs.rmSync(tracePath);
  }
  return undefined;
}
