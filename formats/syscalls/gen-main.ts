/**
 * Writes the files generated from the syscall table: the C core's header and
 * the summary replay loads (summary.generated.ts):
 *
 *   node dist/formats/syscalls/gen-main.js [--check]
 *
 * `--check` writes nothing and exits 1 when a file is out of date.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { C_HEADER_PATH, generateCHeader } from './gen-c';
import { SUMMARY_PATH, generateSummary } from './gen-summary';

/** The directory holding this package's package.json, found upwards from `start`. */
function repoRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'recorder'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no systape checkout above ${start}`);
  }
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const root = repoRoot(__dirname);
  let status = 0;
  for (const [file, text] of [
    [C_HEADER_PATH, generateCHeader()],
    [SUMMARY_PATH, generateSummary()],
  ]) {
    const target = join(root, file);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (check) {
      if (current !== text) {
        process.stderr.write(`${target} is out of date: run gen-main without --check\n`);
        status = 1;
      }
      continue;
    }
    if (current !== text) writeFileSync(target, text);
    process.stdout.write(`${current === text ? 'up to date' : 'wrote'} ${target}\n`);
  }
  return status;
}

process.exitCode = main(process.argv.slice(2));
