/** Signals a CLI passes on to the program it runs under a tracer. */
import { signalSession } from './native/binding';

const FORWARDED = { SIGTERM: 15, SIGHUP: 1, SIGINT: 2 } as const;

/**
 * Pass SIGTERM, SIGHUP and SIGINT this process gets on to the program of the session whose
 * event pipe is `fd` (what a shell's `kill`, a closed terminal or a CI timeout mean for it);
 * returns the function that stops doing so.
 */
export function forwardSignals(fd: number): () => void {
  const handlers: [NodeJS.Signals, () => void][] = [];
  for (const [name, sig] of Object.entries(FORWARDED)) {
    const handler = () => {
      // Ctrl-C at a terminal already reached the program (same process group).
      if (name === 'SIGINT' && process.stdin.isTTY) return;
      signalSession(fd, sig);
    };
    handlers.push([name as NodeJS.Signals, handler]);
    process.on(name, handler);
  }
  return () => {
    for (const [name, handler] of handlers) process.off(name, handler);
  };
}
