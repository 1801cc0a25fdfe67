/** The trace header: what was run, where, and on what machine. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TraceHeaderInit } from '../formats/trace/writer';
import { nativeLibcVersion } from './native/binding';

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

export function systapeVersion(): string {
  // package.json sits above both recorder/ and dist/recorder/.
  for (const rel of ['..', '../..']) {
    try {
      const file = path.join(__dirname, rel, 'package.json');
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
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
