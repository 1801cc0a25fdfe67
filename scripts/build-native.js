#!/usr/bin/env node
/**
 * Builds systape's C core (recorder/native/*.c) into
 * recorder/native/build/libsystape.so with the system C compiler.
 *
 * First the fast path's in-process hook (recorder/native/fastpath/): built
 * freestanding, linked to run at a fixed address, and flattened into an image
 * that the library embeds and maps into every program it records.
 *
 * Run by `npm install` (through the package's build script) and, because
 * package managers increasingly skip install scripts, also lazily by the
 * recorder on first use when the library is missing or older than its sources.
 */
'use strict';

const { Buffer } = require('node:buffer');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const NATIVE_DIR = path.join(__dirname, '..', 'recorder', 'native');
const BUILD_DIR = path.join(NATIVE_DIR, 'build');
const LIBRARY = path.join(BUILD_DIR, 'libsystape.so');
const FASTPATH_DIR = path.join(NATIVE_DIR, 'fastpath');
const FASTPATH_IMAGE = path.join(BUILD_DIR, 'fastpath.bin');
/* The hook runs inside the traced program, between any two of its
 * instructions: no libc, no stack protector (no TLS), no red zone (the stub
 * calls in below the program's), no vector registers (it saves none). */
const HOOK_CFLAGS = [
  '-std=gnu11',
  '-O2',
  '-ffreestanding',
  '-fno-builtin',
  '-fno-stack-protector',
  '-fno-asynchronous-unwind-tables',
  '-fcf-protection=none',
  '-mno-red-zone',
  '-mgeneral-regs-only',
  '-fpie',
  '-nostdlib',
  '-static',
  '-no-pie',
  '-Wl,--build-id=none',
  '-Wl,-z,noexecstack',
  '-Wl,--no-warn-rwx-segments',
  '-Wall',
  '-Wextra',
  '-Werror',
];
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
  const hook = fs.readdirSync(FASTPATH_DIR).map((f) => path.join(FASTPATH_DIR, f));
  return [...sources(), ...headers, ...hook];
}

/**
 * The loadable bytes of a fixed-address ELF executable, laid out from its
 * first segment's address (what `objcopy -O binary` does, without needing it).
 */
function flattenElf(elf) {
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) throw new Error('not an ELF64 file');
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  const loads = [];
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (elf.readUInt32LE(ph) !== 1) continue; // PT_LOAD
    loads.push({
      offset: Number(elf.readBigUInt64LE(ph + 8)),
      vaddr: elf.readBigUInt64LE(ph + 16),
      filesz: Number(elf.readBigUInt64LE(ph + 32)),
    });
  }
  if (loads.length === 0) throw new Error('no loadable segment');
  const base = loads[0].vaddr;
  const size = Math.max(...loads.map((l) => Number(l.vaddr - base) + l.filesz));
  const image = Buffer.alloc(size);
  for (const l of loads) elf.copy(image, Number(l.vaddr - base), l.offset, l.offset + l.filesz);
  return image;
}

function run(cc, args, what) {
  const r = spawnSync(cc, args, { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`building ${what} with ${cc} failed:\n${r.stderr || r.error}`);
}

/** The hook's image (recorder/native/build/fastpath.bin). */
function buildHook(cc) {
  const elf = path.join(BUILD_DIR, `fastpath.${process.pid}.elf`);
  try {
    run(
      cc,
      [
        ...HOOK_CFLAGS,
        `-Wl,-T,${path.join(FASTPATH_DIR, 'fastpath.ld')}`,
        '-o',
        elf,
        path.join(FASTPATH_DIR, 'entry.S'),
        path.join(FASTPATH_DIR, 'hook.c'),
      ],
      "systape's in-process hook",
    );
    const tmp = `${FASTPATH_IMAGE}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, flattenElf(fs.readFileSync(elf)));
    fs.renameSync(tmp, FASTPATH_IMAGE);
  } finally {
    fs.rmSync(elf, { force: true });
  }
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
  buildHook(cc);
  const tmp = `${LIBRARY}.${process.pid}.tmp`;
  try {
    run(
      cc,
      [...CFLAGS, `-DFP_IMAGE_PATH=${JSON.stringify(FASTPATH_IMAGE)}`, '-o', tmp, ...sources()],
      "systape's C core",
    );
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
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
