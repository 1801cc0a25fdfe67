/** `systape dump`: print a trace as strace-like lines, JSON, or a summary. */
import { formatRecord, toJSON } from '../../formats/decode';
import { nearSyscallNames, syscallByName, syscallName } from '../../formats/syscalls';
import { iterateTrace, SystapeError, type EndRecord, type TraceRecord } from '../../formats/trace';
import { LineWriter, printWarning } from '../output';

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

function syscallFilter(names: string[] | undefined): Set<number> | undefined {
  if (!names || names.length === 0) return undefined;
  const nrs = new Set<number>();
  for (const name of names.flatMap((n) => n.split(','))) {
    const def = syscallByName(name);
    if (!def) {
      const near = nearSyscallNames(name);
      throw new SystapeError(
        'UNKNOWN_SYSCALL',
        `unknown syscall "${name}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
      );
    }
    nrs.add(def.nr);
  }
  return nrs;
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
 * How many of the trace's syscalls the in-process hook recorded (the fast path) and how many
 * stopped the program for the tracer; undefined when the end record does not say (older
 * traces). The counts are the whole trace's, which `filtered` says when -p or -e narrowed
 * the rest of the summary.
 */
function fastPathLine(end: EndRecord, filtered: boolean): string | undefined {
  if (end.fastCalls === undefined) return undefined;
  return (
    `recorded in-process${filtered ? ' (whole trace)' : ''}: ${end.fastCalls} of ${end.syscalls} ` +
    'syscalls (the rest stopped the program)'
  );
}

/** Print `file` to stdout. Throws SystapeError on unreadable or corrupt traces. */
export function dump(file: string, opts: DumpOptions): void {
  const nrs = syscallFilter(opts.syscall);
  const it = iterateTrace(file);
  const out = new LineWriter();
  const header = it.header;
  const rootPid = undefined as number | undefined;
  if (opts.header) {
    out.line(opts.json ? jsonLine({ header }) : `# ${jsonLine(header)}`);
  }
  const counts = new Map<number, { calls: number; errors: number }>();
  const pids = new Set<number>();
  const tids = new Set<number>();
  let records = 0;
  let syscalls = 0;
  let end: EndRecord | undefined;
  let root = rootPid;
  for (const rec of it) {
    records++;
    if (rec.t === 'end') end = rec;
    // The first record is the root program's own (its execve, then its exec record).
    if (root === undefined && rec.t !== 'end') root = rec.pid;
    if (!selected(rec, opts, nrs)) continue;
    if (opts.stats) {
      if (rec.t === 'sys') {
        syscalls++;
        pids.add(rec.pid);
        tids.add(rec.tid);
        const c = counts.get(rec.nr) ?? { calls: 0, errors: 0 };
        c.calls++;
        const ret = Number(rec.ret);
        if (ret < 0 && ret >= -4095) c.errors++;
        counts.set(rec.nr, c);
      }
      continue;
    }
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
  if (opts.stats) {
    const rows = [...counts.entries()].sort((a, b) => b[1].calls - a[1].calls);
    if (opts.json) {
      out.line(
        jsonLine({
          records,
          syscalls,
          processes: pids.size,
          threads: tids.size,
          exitStatus: end?.exitStatus ?? null,
          ...(end?.fastCalls !== undefined ? { fastCalls: end.fastCalls } : {}),
          calls: Object.fromEntries(rows.map(([nr, c]) => [syscallName(nr), c])),
        }),
      );
    } else {
      out.line(`${'calls'.padStart(10)} ${'errors'.padStart(8)}  syscall`);
      out.line(`${'-'.repeat(10)} ${'-'.repeat(8)}  ${'-'.repeat(16)}`);
      for (const [nr, c] of rows)
        out.line(
          `${String(c.calls).padStart(10)} ${String(c.errors || '').padStart(8)}  ${syscallName(nr)}`,
        );
      out.line(`${'-'.repeat(10)} ${'-'.repeat(8)}  ${'-'.repeat(16)}`);
      out.line(`${String(syscalls).padStart(10)} ${''.padStart(8)}  total`);
      out.line(`syscalls: ${syscalls}`);
      const fast = end ? fastPathLine(end, opts.pid !== undefined || nrs !== undefined) : undefined;
      if (fast) out.line(fast);
      out.line(`processes: ${pids.size}, threads: ${tids.size}`);
      if (end) out.line(`exit status: ${end.exitStatus}, duration: ${end.durationMs} ms`);
    }
  }
  out.flush();
  if (it.truncated) {
    printWarning(
      `${file} is truncated at byte ${it.truncated.offset} (${it.truncated.reason}); ` +
        `shown: the ${records} complete records before it (was the recorder killed?)`,
    );
  } else if (!end) {
    printWarning(`${file} has no end record: the recording did not finish`);
  }
}
