#!/usr/bin/env node
/**
 * Builds systape's C core (recorder/native/*.c) into
 * recorder/native/build/libsystape.so with the system C compiler.
 *
 * Run by `npm install` (through the package's build script) and, because
 * package managers increasingly skip install scripts, also lazily by the
 * recorder on first use when the library is missing or older than its sources.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const NATIVE_DIR = path.join(__dirname, '..', 'recorder', 'native');
const BUILD_DIR = path.join(NATIVE_DIR, 'build');
const LIBRARY = path.join(BUILD_DIR, 'libsystape.so');
const CFLAGS = [
  '-std=gnu11',
  '-O2',
  '-g',
  '-fPIC',
  '-shared',
  // only the st_* entry points are exported (ST_API): nothing else can clash with a
  // symbol of the process that loads the library
  '-fvisibility=hidden',
  '-pthread',
  '-Wall',
  '-Wextra',
  '-Werror',
];

function sources() {
  return fs
    .readdirSync(NATIVE_DIR)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => path.join(NATIVE_DIR, f));
}

function inputs() {
  const headers = [NATIVE_DIR, path.join(NATIVE_DIR, 'generated')].flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.h'))
      .map((f) => path.join(dir, f)),
  );
  return [...sources(), ...headers];
}

/** True when the library is missing or older than any of its sources. */
function isStale() {
  let built;
  try {
    built = fs.statSync(LIBRARY).mtimeMs;
  } catch {
    return true;
  }
  return inputs().some((f) => fs.statSync(f).mtimeMs > built);
}

function findCompiler() {
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
    const r = spawnSync(cc, ['--version'], { stdio: 'ignore' });
    if (r.status === 0) return cc;
  }
  return null;
}

/**
 * Compile the library. Writes to a temporary name and renames it into place,
 * so concurrent builders (parallel test workers) never load a half-written file.
 * Throws an Error with a clear message when no compiler exists or it fails.
 */
function build() {
  const cc = findCompiler();
  if (!cc) {
    throw new Error(
      'systape needs a C compiler to build its tracer: none found (tried $CC, cc, gcc, clang). ' +
        'Install one (Debian/Ubuntu: apt-get install gcc) and run `npx systape --help` again.',
    );
  }
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const tmp = `${LIBRARY}.${process.pid}.tmp`;
  const r = spawnSync(cc, [...CFLAGS, '-o', tmp, ...sources()], { encoding: 'utf8' });
  if (r.status !== 0) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    throw new Error(`building systape's C core with ${cc} failed:\n${r.stderr || r.error}`);
  }
  fs.renameSync(tmp, LIBRARY);
  return LIBRARY;
}

/** Build only if needed; returns the library path. */
function ensureBuilt() {
  return isStale() ? build() : LIBRARY;
}

module.exports = { LIBRARY, build, ensureBuilt, isStale };

if (require.main === module) {
  try {
    build();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
