/** `systape dump`: print a trace as strace-like lines, JSON, or its syscall table. */
import { formatRecord, toJSON } from '../../formats/decode';
import { iterateTrace, type TraceRecord } from '../../formats/trace';
import { syscallFilter } from '../filters';
import { LineWriter, printWarning } from '../output';
import { statsCommand } from './stats';

export interface DumpOptions {
  pid?: number;
  syscall?: string[];
  json?: boolean;
  stats?: boolean;
  /** bytes of strings shown (strace -s) */
  strSize?: number;
  seq?: boolean;
  header?: boolean;
  /** strace -T: the time spent in each call, `<0.000123>` at the end of its line */
  time?: boolean;
  /** the time each call was made, in seconds since the recording began, before its line */
  timestamps?: boolean;
}

/** `0.000123`: seconds with microseconds, from nanoseconds. */
function seconds(ns: number): string {
  return (ns / 1e9).toFixed(6);
}

/** `line` with the call's time around it, as `dump -t`/`-T` ask; `?` where the trace has none. */
function timed(line: string, rec: TraceRecord, opts: DumpOptions): string {
  const time = rec.t === 'sys' ? rec.time : undefined;
  let out = line;
  if (opts.timestamps)
    out = `${(time ? seconds(time.start) : rec.t === 'sys' ? '?' : '').padStart(12)} ${out}`;
  if (opts.time && rec.t === 'sys') out = `${out} <${time ? seconds(time.dur) : '?'}>`;
  return out;
}

function selected(rec: TraceRecord, opts: DumpOptions, nrs: Set<number> | undefined): boolean {
  if (opts.pid !== undefined && 'pid' in rec && rec.pid !== opts.pid && rec.tid !== opts.pid)
    return false;
  if (nrs && (rec.t !== 'sys' || !nrs.has(rec.nr))) return false;
  return true;
}

function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * Print `file` to stdout; with `stats`, its syscall table (`systape stats --by syscall
 * --all`). Throws SystapeError on unreadable or corrupt traces.
 */
export function dump(file: string, opts: DumpOptions): void {
  if (opts.stats) {
    statsCommand(file, {
      pid: opts.pid,
      syscall: opts.syscall,
      json: opts.json,
      by: 'syscall',
      all: true,
    });
    return;
  }
  const nrs = syscallFilter(opts.syscall);
  const it = iterateTrace(file);
  const out = new LineWriter();
  const header = it.header;
  const rootPid = undefined as number | undefined;
  if (opts.header) {
    out.line(opts.json ? jsonLine({ header }) : `# ${jsonLine(header)}`);
  }
  let records = 0;
  let ended = false;
  let root = rootPid;
  for (const rec of it) {
    records++;
    if (rec.t === 'end') ended = true;
    // The first record is the root program's own (its execve, then its exec record).
    if (root === undefined && rec.t !== 'end') root = rec.pid;
    if (!selected(rec, opts, nrs)) continue;
    if (opts.json) out.line(jsonLine(toJSON(rec)));
    else
      out.line(
        timed(
          formatRecord(rec, {
            strSize: opts.strSize,
            showSeq: opts.seq,
            showPid: true,
            rootPid: root,
            showWritten: true,
          }),
          rec,
          opts,
        ),
      );
  }
  out.flush();
  if (it.truncated) {
    printWarning(
      `${file} is truncated at byte ${it.truncated.offset} (${it.truncated.reason}); ` +
        `shown: the ${records} complete records before it (was the recorder killed?)`,
    );
  } else if (!ended) {
    printWarning(`${file} has no end record: the recording did not finish`);
  }
}
