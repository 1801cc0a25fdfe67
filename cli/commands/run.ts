/** `systape run`: run a program with faults injected into chosen system calls. */
import { injector, parseInjection } from '../../recorder/inject';
import { intercept } from '../../recorder/intercept';
import { printInfo } from '../output';

export interface RunCliOptions {
  inject?: string[];
  quiet?: boolean;
}

/** Returns the exit status the CLI should exit with: the program's. */
export async function runCommand(argv: string[], opts: RunCliOptions): Promise<number> {
  // every rule is checked before the program starts
  const rules = (opts.inject ?? []).map(parseInjection);
  const result = await intercept(argv, {
    ...injector(rules, (fault) => {
      if (opts.quiet) return;
      const what = fault.injection.errno ?? `a delay of ${fault.injection.delayMs} ms`;
      printInfo(`injected ${what} into ${fault.call} in process ${fault.pid}`);
    }),
    forwardSignals: true,
  });
  return result.exitStatus;
}
