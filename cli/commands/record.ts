/** `systape record`: run a program and write its trace. */
import { isatty } from 'node:tty';
import { record } from '../../recorder/record';
import { printInfo, printWarning } from '../output';

export interface RecordCliOptions {
  output?: string;
  envRedact?: string[];
  pin: boolean;
  fastpath: boolean;
  inject?: string[];
  /** keep the files the program ran and mapped in the trace */
  pack?: boolean;
  /** compress the trace's chunks (Brotli) where that pays (default true) */
  compress?: boolean;
  /** give threads their turns in an order drawn at random */
  chaos?: boolean;
  quiet?: boolean;
}

/** Returns the exit status the CLI should exit with: the program's. */
export async function recordCommand(argv: string[], opts: RecordCliOptions): Promise<number> {
  const inject = opts.inject?.length
    ? opts.inject.map((await import('../../recorder/inject')).parseInjection)
    : [];
  const result = await record(argv, {
    output: opts.output,
    envRedact: opts.envRedact,
    pin: opts.pin,
    fastPath: opts.fastpath,
    compress: opts.compress,
    chaos: opts.chaos,
    forwardSignals: true,
    onWarning: (m) => printWarning(m),
    inject,
    onInjected: (fault) => {
      if (opts.quiet) return;
      const what = fault.injection.errno ?? `a delay of ${fault.injection.delayMs} ms`;
      printInfo(`injected ${what} into ${fault.call} in process ${fault.pid}`);
    },
  });
  if (opts.pack) {
    const { packTrace } = await import('../../recorder/pack');
    const { describePack } = await import('./pack');
    const packed = packTrace(result.tracePath);
    if (!opts.quiet) for (const line of describePack(result.tracePath, packed)) printInfo(line);
  }
  // A one-line summary for people at a terminal; scripts get only the program's output.
  if (!opts.quiet && isatty(2)) {
    printInfo(
      `recorded ${result.syscalls} syscalls (${result.fastCalls} in-process) into ${result.tracePath} ` +
        `(${Math.ceil(result.bytes / 1024)} KiB, ${result.durationMs} ms); exit status ${result.exitStatus}`,
    );
  }
  return result.exitStatus;
}
