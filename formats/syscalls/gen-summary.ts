/**
 * Writes `summary.generated.ts`: each syscall's number, name, argument types,
 * result type and whether it is described, from the table in this directory.
 * Replay reads only that much of the table, and loading the summary costs a
 * millisecond where the whole table (with the constants it decodes flags
 * with) costs twenty, at every start of `systape replay`.
 */
import { SYSCALLS, isDescribed } from './index';

/** Where the summary lives, from the repository's root. */
export const SUMMARY_PATH = 'formats/syscalls/summary.generated.ts';

/** The summary module's text. */
export function generateSummary(): string {
  const rows = SYSCALLS.map(
    (s) =>
      `  [${s.nr}, '${s.name}', [${s.args.map((a) => `'${a.type}'`).join(', ')}], '${s.ret}', ` +
      `${isDescribed(s)}],`,
  );
  return [
    '/*',
    ' * Generated from the syscall table (formats/syscalls) by gen-summary.ts: do not edit.',
    ' * Regenerate with `node dist/formats/syscalls/gen-main.js` after `tsc`.',
    ' */',
    "import type { ArgType, RetType } from './types';",
    '',
    '/** [nr, name, argument types, result type, described], by number */',
    'export const SUMMARY: readonly (readonly [number, string, readonly ArgType[], RetType, boolean])[] = [',
    ...rows,
    '];',
    '',
  ].join('\n');
}
