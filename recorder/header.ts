/** The trace header: what was run, where, and on what machine. */
import * as os from 'node:os';
import type { TraceHeaderInit } from '../formats/trace/writer';
import { cpuDescription } from './cpu';
import { nativeLibcVersion } from './native/binding';
import { systapeVersion } from './version';

let libcCache: string | undefined;

/** e.g. "glibc 2.36", as reported by the libc the tracer runs against. */
export function libcVersion(): string {
  if (libcCache === undefined) {
    try {
      libcCache = `glibc ${nativeLibcVersion()}`;
    } catch {
      libcCache = 'unknown';
    }
  }
  return libcCache;
}

export function buildHeader(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  options: { pin: boolean; aslr: boolean; vdso: boolean },
): TraceHeaderInit {
  const cpu = cpuDescription();
  return {
    systapeVersion: systapeVersion(),
    arch: 'x86_64',
    kernel: os.release(),
    libc: libcVersion(),
    hostname: os.hostname(),
    argv,
    cwd,
    env,
    startTime: Date.now(),
    options,
    ...(cpu ? { cpu } : {}),
  };
}
