/**
 * One workload timed natively and through systape's library API (`record()`, `replay()`) in
 * one Node.js process that has loaded systape already, as a Jest suite uses them: the times
 * hold what recording or replaying costs the program, and none of the CLI's fixed start-up
 * (Node.js starting, modules loading). Modes alternate within each round after a warm-up
 * round. Prints the times as JSON (a WarmTimes) on stdout.
 *
 * usage: node dist/bench/warm.js RUNS TRACE -- COMMAND [ARGS...]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { record } from '../recorder/record';
import { replay } from '../replayer/replay';

/** Milliseconds of each timed round, per mode. */
export interface WarmTimes {
  nativeMs: number[];
  recordMs: number[];
  replayMs: number[];
}

async function main(): Promise<void> {
  const [runsArg, trace, dashes, ...cmd] = process.argv.slice(2);
  const runs = Number(runsArg);
  if (!(runs >= 1) || !trace || dashes !== '--' || cmd.length === 0)
    throw new Error('usage: warm.js RUNS TRACE -- COMMAND [ARGS...]');
  const devNull = fs.openSync('/dev/null', 'r+');
  const times: WarmTimes = { nativeMs: [], recordMs: [], replayMs: [] };
  const timed = async (into: number[], round: number, run: () => unknown) => {
    const start = process.hrtime.bigint();
    await run();
    if (round > 0) into.push(Number(process.hrtime.bigint() - start) / 1e6);
  };
  for (let round = 0; round <= runs; round++) {
    await timed(times.nativeMs, round, () => {
      const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', devNull, devNull] });
      if (r.error) throw r.error;
    });
    await timed(times.recordMs, round, () =>
      record(cmd, { output: trace, stdio: [devNull, devNull, devNull] }),
    );
    await timed(times.replayMs, round, async () => {
      const r = await replay(trace);
      if (r.divergence) throw new Error(`replay diverged: ${r.divergence.message}`);
    });
  }
  fs.closeSync(devNull);
  process.stdout.write(JSON.stringify(times));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
