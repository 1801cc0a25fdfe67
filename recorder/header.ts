/** The trace header: what was run, where, and on what machine. */
import * as os from 'node:os';
import type { TraceHeaderInit } from '../formats/trace';

let libcCache: string | undefined;

/** e.g. "glibc 2.36", from Node's own diagnostic report of the running libc. */
export function libcVersion(): string {
  if (libcCache === undefined) {
    let v: string | undefined;
    try {
      const report = process.report as unknown as {
        excludeNetwork?: boolean;
        getReport(): { header?: { glibcVersionRuntime?: string } };
      };
      report.excludeNetwork = true;
      v = report.getReport().header?.glibcVersionRuntime;
    } catch {
      v = undefined;
    }
    libcCache = v ? `glibc ${v}` : 'unknown';
  }
  return libcCache;
}

export function systapeVersion(): string {
  // package.json sits two levels above both recorder/ and dist/recorder/.
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(rel) as { name?: string; version?: string };
      if (pkg.name === 'systape' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export function buildHeader(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  options: { pin: boolean; aslr: boolean; vdso: boolean },
): TraceHeaderInit {
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
  };
}
