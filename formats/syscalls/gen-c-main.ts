/**
 * Writes the C core's syscall table header from the TypeScript table:
 *
 *   node dist/formats/syscalls/gen-c-main.js [--check] [output]
 *
 * `output` defaults to the header's place in the repository; `--check` writes
 * nothing and exits 1 when the file is out of date.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { C_HEADER_PATH, generateCHeader } from './gen-c';

/** The directory holding this package's package.json, found upwards from `start`. */
function repoRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'recorder'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no systape checkout above ${start}`);
  }
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const target = argv.find((a) => !a.startsWith('--')) ?? join(repoRoot(__dirname), C_HEADER_PATH);
  const text = generateCHeader();
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (check) {
    if (current === text) return 0;
    process.stderr.write(`${target} is out of date: run gen-c-main without --check\n`);
    return 1;
  }
  if (current !== text) writeFileSync(target, text);
  process.stdout.write(`${current === text ? 'up to date' : 'wrote'} ${target}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
