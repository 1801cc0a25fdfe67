/**
 * `systape stats FILE`: what a recorded program did, in numbers (see analysis/stats.ts);
 * `systape dump --stats` prints its syscall table.
 */
import * as fs from 'node:fs';
import {
  traceStats,
  type CallCounts,
  type RecordingStats,
  type TraceStats,
} from '../../analysis/stats';
import { iterateTrace, SystapeError } from '../../formats/trace';
import { syscallFilter } from '../filters';
import { LineWriter, printWarning } from '../output';
import { humanBytes, humanDuration, renderTable, shellWords, type Column } from '../table';

/** The tables `--by` prints alone. */
export const STATS_TABLES = ['syscall', 'process', 'thread'] as const;

export interface StatsCommandOptions {
  /** only this process or thread */
  pid?: number;
  /** only these syscalls (names, repeatable or comma-separated) */
  syscall?: string[];
  /** print the result object as JSON */
  json?: boolean;
  /** print only this calls table */
  by?: (typeof STATS_TABLES)[number];
  /** every row: tables stop at {@link ROW_LIMIT} otherwise */
  all?: boolean;
}

/** Rows a table shows without `--all`. */
export const ROW_LIMIT = 20;

export interface FormatStatsOptions {
  /** the trace file, named in the first line */
  file?: string;
  by?: StatsCommandOptions['by'];
  all?: boolean;
}

const num = (n: number): string => String(n);
const blankZero = (n: number): string => (n === 0 ? '' : String(n));
const bytesCell = (n: number): string => (n === 0 ? '' : humanBytes(n));
const right = (title: string): Column => ({ title, align: 'right' });
const left = (title: string): Column => ({ title, align: 'left' });

/** `3 ENOENT`: a count of failures and the commonest errno. */
function errorsCell(errors: number, errnos: string[] = []): string {
  if (errors === 0) return '';
  if (errnos.length === 0) return String(errors);
  return `${errors} ${errnos[0]}${errnos.length > 1 ? '+' : ''}`;
}

/** The first `ROW_LIMIT` rows unless `all`, and a line saying what was left out. */
function cut<T>(rows: T[], all: boolean | undefined, what: string): { shown: T[]; more: string[] } {
  if (all || rows.length <= ROW_LIMIT) return { shown: rows, more: [] };
  const n = rows.length - ROW_LIMIT;
  return {
    shown: rows.slice(0, ROW_LIMIT),
    more: [`  … and ${n} more ${what} (--all shows them)`],
  };
}

/** Time columns, when the calls carry times: share of the total, total, average, max. */
function timeCells(c: CallCounts, totalNs: number): string[] {
  const t = c.time;
  if (!t) return ['', '', '', ''];
  const share = totalNs > 0 ? ((100 * t.totalNs) / totalNs).toFixed(2) : '';
  return [share, humanDuration(t.totalNs), humanDuration(t.avgNs), humanDuration(t.maxNs)];
}

function syscallTable(s: TraceStats, all?: boolean): string[] {
  const timed = s.times.present;
  const totalNs = s.total.time?.totalNs ?? 0;
  const columns = [
    ...(timed ? [right('% time'), right('total'), right('average'), right('max')] : []),
    right('calls'),
    right('errors'),
    left('syscall'),
  ];
  const row = (c: CallCounts, name: string) => [
    ...(timed ? timeCells(c, totalNs) : []),
    num(c.calls),
    blankZero(c.errors),
    name,
  ];
  const { shown, more } = cut(s.syscalls, all, 'syscalls');
  const title = `Syscalls, by ${timed ? 'time spent in them' : 'calls'}`;
  return [
    title,
    ...renderTable(
      columns,
      shown.map((r) => row(r, r.name)),
      { total: row(s.total, 'total') },
    ),
    ...more,
  ];
}

/** Characters of a command shown in a table: xargs and the like run very long ones. */
const COMMAND_WIDTH = 100;

function commandOf(argv: string[]): string {
  if (argv.length === 0) return '?';
  const text = shellWords(argv);
  return text.length <= COMMAND_WIDTH ? text : `${text.slice(0, COMMAND_WIDTH - 1)}…`;
}

function processTable(s: TraceStats, all?: boolean): string[] {
  const timed = s.times.present;
  const columns = [
    right('pid'),
    left('process'),
    right('threads'),
    right('calls'),
    right('errors'),
    ...(timed ? [right('time')] : []),
    right('exit'),
    left('command'),
  ];
  const { shown, more } = cut(s.processes, all, 'processes');
  const rows = shown.map((p) => [
    num(p.pid),
    p.label,
    num(p.threads),
    num(p.calls),
    blankZero(p.errors),
    ...(timed ? [p.time ? humanDuration(p.time.totalNs) : ''] : []),
    p.exit ? (p.exit.signal ?? String(p.exit.code)) : '',
    commandOf(p.argv),
  ]);
  return [`Processes: ${s.processes.length}`, ...renderTable(columns, rows), ...more];
}

function threadTable(s: TraceStats, all?: boolean): string[] {
  const timed = s.times.present;
  const commands = new Map(s.processes.map((p) => [p.pid, commandOf(p.argv)]));
  const columns = [
    right('tid'),
    left('thread'),
    right('calls'),
    right('errors'),
    ...(timed ? [right('time')] : []),
    left('command'),
  ];
  const { shown, more } = cut(s.threads, all, 'threads');
  const rows = shown.map((t) => [
    num(t.tid),
    t.label,
    num(t.calls),
    blankZero(t.errors),
    ...(timed ? [t.time ? humanDuration(t.time.totalNs) : ''] : []),
    commands.get(t.pid) ?? '',
  ]);
  return [`Threads: ${s.threads.length}`, ...renderTable(columns, rows), ...more];
}

function ioTable(s: TraceStats, all?: boolean): string[] {
  const io = s.io;
  const title =
    `I/O: read ${humanBytes(io.read)} in ${io.reads} calls, ` +
    `wrote ${humanBytes(io.written)} in ${io.writes} calls`;
  if (io.by.length === 0) return [title];
  const { shown, more } = cut(io.by, all, 'files and endpoints');
  const rows = shown.map((r) => [
    bytesCell(r.read),
    blankZero(r.reads),
    bytesCell(r.written),
    blankZero(r.writes),
    r.name,
  ]);
  const columns = [
    right('read'),
    right('reads'),
    right('written'),
    right('writes'),
    left('file or endpoint'),
  ];
  return [title, ...renderTable(columns, rows), ...more];
}

function fileTable(s: TraceStats, all?: boolean): string[] {
  const title = `Files: ${s.files.length} paths`;
  if (s.files.length === 0) return [title];
  const { shown, more } = cut(s.files, all, 'paths');
  const rows = shown.map((f) => [
    num(f.calls),
    errorsCell(f.errors, f.errnos),
    bytesCell(f.read),
    bytesCell(f.written),
    f.how.join(',') || '-',
    f.path,
  ]);
  const columns = [
    right('calls'),
    right('errors'),
    right('read'),
    right('written'),
    left('how'),
    left('path'),
  ];
  return [title, ...renderTable(columns, rows), ...more];
}

function directoryTable(s: TraceStats, all?: boolean): string[] {
  if (s.directories.length === 0) return [];
  const { shown, more } = cut(s.directories, all, 'directories');
  const rows = shown.map((d) => [num(d.calls), num(d.entries), d.path]);
  return [
    `Directories listed: ${s.directories.length}`,
    ...renderTable([right('calls'), right('entries'), left('path')], rows),
    ...more,
  ];
}

function networkTable(s: TraceStats, all?: boolean): string[] {
  if (s.endpoints.length === 0) return ['Network: no sockets'];
  const title = `Network: ${s.endpoints.length} endpoints`;
  const { shown, more } = cut(s.endpoints, all, 'endpoints');
  const rows = shown.map((e) => [
    e.protocol,
    e.how,
    blankZero(e.sockets),
    num(e.calls),
    errorsCell(e.errors, e.errnos),
    bytesCell(e.sent),
    bytesCell(e.received),
    e.address || '-',
  ]);
  const columns = [
    left('protocol'),
    left('how'),
    right('sockets'),
    right('calls'),
    right('errors'),
    right('sent'),
    right('received'),
    left('address'),
  ];
  return [title, ...renderTable(columns, rows), ...more];
}

function recordingLines(r: RecordingStats, s: TraceStats): string[] {
  const kinds = Object.entries(r.recordsByKind)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const file = r.fileBytes === undefined ? '' : `${humanBytes(r.fileBytes)}, `;
  const lines = [
    [
      'trace file',
      `${file}format ${r.format}` +
        (r.packed ? ', packed (keeps the files it ran and mapped)' : '') +
        (r.complete ? '' : ', incomplete'),
    ],
    ['records', `${r.records}: ${kinds}`],
    [
      'syscalls',
      r.inProcess === undefined
        ? `${r.syscalls}`
        : `${r.syscalls}: ${r.inProcess} recorded in-process, ${r.stopped} stopped the program`,
    ],
    [
      'memory',
      `${humanBytes(r.memoryBytes)} captured in ${r.memoryRegions} regions` +
        (r.memoryTruncated ? ` (cut short in ${r.memoryTruncated} calls)` : ''),
    ],
    [
      'duration',
      r.durationMs === undefined
        ? 'unknown (no end record)'
        : `${humanDuration(r.durationMs * 1e6)}, exit status ${r.exitStatus}`,
    ],
    ['processes', `${s.processes.length}, threads ${s.threads.length}`],
  ];
  if (r.truncated)
    lines.push(['cut short', `at byte ${r.truncated.offset} (${r.truncated.reason})`]);
  // the filters narrow the calls counted, never these
  const title = s.filter ? 'Recording (whole trace)' : 'Recording';
  return [title, ...lines.map(([k, v]) => `  ${k.padEnd(12)}${v}`)];
}

/** The text `systape stats` prints, line by line. */
export function formatStats(s: TraceStats, opts: FormatStatsOptions = {}): string[] {
  const out: string[] = [];
  out.push(`${opts.file ? `${opts.file}: ` : ''}${commandOf(s.command)}`);
  if (s.filter) {
    const only = [
      s.filter.pid !== undefined ? `process or thread ${s.filter.pid}` : '',
      s.filter.syscalls ? s.filter.syscalls.join(', ') : '',
    ].filter(Boolean);
    out.push(`only ${only.join('; ')}`);
  }
  if (!s.times.present)
    out.push(`no per-call times: ${s.times.why ?? 'none recorded'}; counts only`);
  const sections: string[][] = [];
  if (!opts.by || opts.by === 'syscall') sections.push(syscallTable(s, opts.all));
  if (!opts.by || opts.by === 'process') sections.push(processTable(s, opts.all));
  // one thread per process says nothing the processes table does not
  if (opts.by === 'thread' || (!opts.by && s.threads.length > s.processes.length))
    sections.push(threadTable(s, opts.all));
  if (!opts.by)
    sections.push(
      ioTable(s, opts.all),
      fileTable(s, opts.all),
      directoryTable(s, opts.all),
      networkTable(s, opts.all),
      recordingLines(s.recording, s),
    );
  for (const lines of sections) if (lines.length) out.push('', ...lines);
  return out;
}

/** Print the statistics of `file`; returns the exit status. Throws SystapeError on bad input. */
export function statsCommand(file: string, opts: StatsCommandOptions): number {
  const syscalls = syscallFilter(opts.syscall);
  const it = iterateTrace(file);
  const stats = traceStats(it.header, it, {
    pid: opts.pid,
    syscalls,
    fileBytes: fs.statSync(file).size,
  });
  if (opts.pid !== undefined && !syscalls && stats.total.calls === 0)
    throw new SystapeError('NO_SUCH_PROCESS', `${file} has no process or thread ${opts.pid}`);
  const w = new LineWriter();
  if (opts.json) w.line(JSON.stringify(stats, null, 2));
  else for (const l of formatStats(stats, { file, by: opts.by, all: opts.all })) w.line(l);
  w.flush();
  const r = stats.recording;
  if (r.truncated)
    printWarning(
      `${file} is truncated at byte ${r.truncated.offset} (${r.truncated.reason}); ` +
        `counted: the ${r.records} complete records before it (was the recorder killed?)`,
    );
  else if (!r.complete) printWarning(`${file} has no end record: the recording did not finish`);
  return 0;
}
