/**
 * Log every file a command opens, with the process that opened it and what
 * came of it: `open`, `openat` and `openat2` stop for a look at their exit,
 * nothing else stops.
 */
import { intercept, type InterceptResult } from '../../recorder/intercept';

export interface Opened {
  pid: number;
  /** the path as the program gave it */
  path: string;
  /** the descriptor it got, or the errno name of the failure */
  result: number | string;
}

/** Run `argv`; `onOpen` hears of each file as it is opened. */
export async function logOpens(
  argv: string[],
  onOpen: (opened: Opened) => void,
  stdio?: [number | undefined, number | undefined, number | undefined],
): Promise<InterceptResult> {
  return intercept(argv, {
    syscalls: ['open', 'openat', 'openat2'],
    stdio,
    onExit(call) {
      const pathArg = call.name === 'open' ? 0 : 1;
      onOpen({
        pid: call.pid,
        path: call.readString(call.args[pathArg]),
        result: call.ok ? Number(call.ret) : (call.errno ?? 'error'),
      });
    },
  });
}

// node dist/examples/intercept/log-opens.js -- COMMAND [ARGS...]
if (require.main === module) {
  const argv = process.argv.slice(2).filter((a, i) => i > 0 || a !== '--');
  logOpens(argv, (o) => process.stderr.write(`[${o.pid}] ${o.path} -> ${o.result}\n`)).then(
    (r) => process.exit(r.exitStatus),
    (e: Error) => {
      process.stderr.write(`log-opens: ${e.message}\n`);
      process.exit(1);
    },
  );
}
