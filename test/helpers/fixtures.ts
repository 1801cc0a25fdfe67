/**
 * Builds the C fixture programs in `test/fixtures/` on demand, so that tests can trace them.
 *
 * Binaries go to `test/fixtures/build/` (gitignored) and are rebuilt when missing or older
 * than their source. Compilation is synchronous and safe when several Jest workers ask for the
 * same fixture at once: each compiles to a private temporary name and renames it into place,
 * so a reader only ever sees a complete binary.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Directory holding the fixture sources (`<name>.c`). */
export const FIXTURES_DIR = path.resolve(__dirname, '..', 'fixtures');

/** Directory the compiled fixtures are written to. */
export const FIXTURES_BUILD_DIR = path.join(FIXTURES_DIR, 'build');

/** Compiler flags used for every fixture. */
export const FIXTURE_CFLAGS: readonly string[] = [
  '-std=c11',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-O1',
  '-pthread',
];

/** Fixtures that need extra flags: static_hello exists to test a binary with no libc.so. */
const EXTRA_FLAGS: Readonly<Record<string, readonly string[]>> = {
  static_hello: ['-static'],
};

/** Names of all fixtures (sources in {@link FIXTURES_DIR}), sorted. */
export function listFixtures(): string[] {
  return fs
    .readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.c'))
    .map((f) => f.slice(0, -2))
    .sort();
}

function mtimeMs(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Returns the absolute path of the compiled fixture `name` (from `test/fixtures/<name>.c`),
 * compiling it with `cc` first if the binary is missing or older than its source.
 *
 * @param name - fixture name without extension, e.g. `"memfx"`
 * @throws if there is no such source or the compiler fails (the message includes its output)
 */
export function fixture(name: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`invalid fixture name: ${name}`);
  const src = path.join(FIXTURES_DIR, `${name}.c`);
  const out = path.join(FIXTURES_BUILD_DIR, name);
  const srcTime = mtimeMs(src);
  if (srcTime === undefined) throw new Error(`no fixture source ${src}`);
  const outTime = mtimeMs(out);
  if (outTime !== undefined && outTime >= srcTime) return out;

  fs.mkdirSync(FIXTURES_BUILD_DIR, { recursive: true });
  // Unique per process and call: two workers never write the same temporary file.
  const tmp = `${out}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const args = [...FIXTURE_CFLAGS, ...(EXTRA_FLAGS[name] ?? []), '-o', tmp, src];
  try {
    execFileSync('cc', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // rename(2) replaces atomically; the last of two racing workers simply wins.
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    const e = err as { stderr?: Buffer; message: string };
    const detail = e.stderr && e.stderr.length > 0 ? e.stderr.toString() : e.message;
    throw new Error(`compiling fixture ${name} failed:\ncc ${args.join(' ')}\n${detail}`);
  }
  return out;
}
