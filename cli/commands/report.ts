/** `systape report A [B]`: a run (or two runs compared) as one self-contained HTML page. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport } from '../../analysis/report';
import { errnoOf, SystapeError } from '../../formats/errors';
import { printInfo } from '../output';

export interface ReportCommandOptions {
  /** the page to write (default `report.html` in the working directory) */
  output?: string;
  /** strace-like lines kept per run */
  lines?: number;
  /** calls kept one by one per run before they are counted in bins */
  maxCalls?: number;
  quiet?: boolean;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Write the report of `a` (and `b`); returns the exit status. */
export function reportCommand(
  a: string,
  b: string | undefined,
  opts: ReportCommandOptions,
): number {
  const output = opts.output ?? 'report.html';
  const html = buildReport(b === undefined ? [a] : [a, b], {
    maxLines: opts.lines,
    maxCalls: opts.maxCalls,
  });
  // write beside the target and rename, so that a failed write leaves no half page behind
  const tmp = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, html);
    fs.renameSync(tmp, output);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const reason = errnoOf(e) ?? (e instanceof Error ? e.message : String(e));
    throw new SystapeError('REPORT_WRITE', `cannot write the report to ${output}: ${reason}`, {
      cause: e,
    });
  }
  if (!opts.quiet)
    printInfo(
      `report of ${b === undefined ? a : `${a} and ${b}`} written to ${output} (${size(Buffer.byteLength(html))})`,
    );
  return 0;
}
