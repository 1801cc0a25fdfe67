/** `systape pack`: keep in a trace the files its program ran and mapped. */
import { packTrace, type PackResult } from '../../recorder/pack';
import { printInfo } from '../output';

function mib(bytes: number): string {
  return bytes >= 1 << 20
    ? `${(bytes / (1 << 20)).toFixed(1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}

/** The lines saying what was kept, for people. */
export function describePack(trace: string, r: PackResult, where?: string): string[] {
  if (r.added.length === 0)
    return [`${trace} already keeps the ${r.alreadyKept} files its program ran and mapped`];
  const size = r.added.reduce((n, f) => n + f.size, 0);
  const lines = [
    `packed ${r.added.length} file${r.added.length === 1 ? '' : 's'} ${where ? `into ${where} for` : 'into'} ${trace}: ` +
      `${mib(size)}, stored in ${mib(r.bytesAdded)}`,
  ];
  for (const f of [...r.added].sort((a, b) => b.size - a.size))
    lines.push(`  ${mib(f.size).padStart(10)}  ${f.paths.join(', ')}`);
  return lines;
}

/** Pack `trace` in place (its files in it, or in `opts.into`) and say what was added. */
export function packCommand(trace: string, opts: { quiet?: boolean; into?: string }): void {
  const result = packTrace(trace, { into: opts.into });
  if (!opts.quiet) for (const line of describePack(trace, result, opts.into)) printInfo(line);
}
