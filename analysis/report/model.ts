/**
 * The data a report page embeds, as JSON: what the server side extracts from
 * traces (timeline.ts, comparison.ts) and the page's script draws (client.ts).
 * Long columns of numbers are packed (pack.ts) to keep big traces' pages small.
 */
import type { AxisInfo } from './axis';

/** Syscall families in the order the page lists and colours them; `other`: not in the table. */
export const FAMILIES = [
  'files',
  'network',
  'process',
  'memory',
  'signals',
  'time',
  'ipc',
  'system',
  'other',
] as const;

export type FamilyName = (typeof FAMILIES)[number];

/** A kind of call: one syscall with one outcome (kinds keep the per-call columns small). */
export interface CallKind {
  name: string;
  /** index into {@link FAMILIES} */
  family: number;
  /** the errno name when the call failed */
  errno?: string;
  /** a fault was injected into it (`--inject`) */
  injected?: boolean;
  /** calls of this kind in the run */
  count: number;
}

/** Mark types on the lanes (the `type` column of {@link PackedMarks}). */
export const MarkType = { SPAWN: 0, EXEC: 1, SIGNAL: 2, EXIT: 3 } as const;

/** A process of the run, named by its role (identities.ts). */
export interface ProcessInfo {
  /** `P1`, `P1.2` */
  label: string;
  pid: number;
  /** the programs it ran: its parent's (or the header's) argv, then each exec's (once) */
  argvs: string[][];
  /** how it ended (absent: still running when the recording stopped) */
  exit?: { code: number | null; signal: string | null; core: boolean };
}

/** A thread's lane. */
export interface LaneInfo {
  /** `P1.2` for a main thread, `P1.2/T3` for another */
  label: string;
  /** the process's label */
  process: string;
  /** 0 for the main thread, then 1, 2... (-1: a thread whose start the trace does not hold) */
  thread: number;
  tid: number;
  calls: number;
  errors: number;
  /** axis positions of its first and last records */
  first: number;
  last: number;
}

/** Columns of the run's calls, in trace order (each packed, see pack.ts). */
export interface PackedCalls {
  count: number;
  /** seqs, ascending (packAscending) */
  seq: string;
  /** axis positions when they are not the seqs (packAscending) */
  x?: string;
  /** lane indexes */
  lane: string;
  /** {@link CallKind} indexes */
  kind: string;
}

/**
 * The calls counted in fixed bins of the axis, lane by lane, when a run has too
 * many calls to embed one by one. Per lane: for each non-empty bin, the bin's
 * index (as the difference from the previous one), its errors, then one count
 * per family in {@link FAMILIES} order.
 */
export interface PackedBins {
  /** axis units per bin */
  width: number;
  /** axis position of bin 0 */
  start: number;
  lanes: string[];
}

/** Spawns, execs, signals and exits on the lanes. */
export interface PackedMarks {
  count: number;
  seq: string;
  x?: string;
  lane: string;
  /** {@link MarkType} */
  type: string;
  /** spawn: the new task's lane; signal: the signal number; exit: code, or 256 + signal */
  arg: string;
}

/** Strace-like lines of some records, by seq. */
export interface DetailLines {
  seq: string;
  text: string[];
  /** records of the run that have no line here */
  leftOut: number;
}

/** A point of interest found by comparing runs, placed on one run's timeline. */
export interface FocusPoint {
  seq: number;
  x: number;
  /** lane index in that run, -1 when the seq is not in the trace */
  lane: number;
}

/** One trace's part of the page. */
export interface RunData {
  /** the file as the user named it */
  file: string;
  command: string[];
  cwd: string;
  hostname: string;
  kernel: string;
  /** milliseconds since the epoch */
  startTime: number;
  injections?: string[];
  exitStatus: number | null;
  durationMs: number | null;
  /** why the trace stops early, when it does */
  truncated?: string;
  counts: {
    records: number;
    calls: number;
    errors: number;
    processes: number;
    threads: number;
    signals: number;
  };
  /** axis range: positions of the first and last records */
  range: { min: number; max: number };
  processes: ProcessInfo[];
  lanes: LaneInfo[];
  kinds: CallKind[];
  /** the calls one by one; absent when they are in {@link bins} */
  calls?: PackedCalls;
  bins?: PackedBins;
  marks: PackedMarks;
  lines: DetailLines;
  /** where the focus seqs asked for sit (divergence, inputs) */
  focus: FocusPoint[];
}

/** The first divergence of two runs, placed on both. */
export interface DivergenceData {
  label: string;
  argv: string[];
  a: { seq: number | null; call: string | null };
  b: { seq: number | null; call: string | null };
  diff: string;
  alsoDiverged: string[];
}

/** An input that differed before the divergence. */
export interface InputData {
  kind: string;
  /** `file contents`, `clock values`... */
  kindWords: string;
  summary: string;
  label: string;
  subject?: string;
  count: number;
  first: { a: number | null; b: number | null };
  last: { a: number | null; b: number | null };
  detail?: string;
}

/** The comparison of two runs. */
export interface ComparisonData {
  equivalent: boolean;
  divergence: DivergenceData | null;
  inputs: InputData[];
}

/** Everything the page shows. */
export interface ReportData {
  /** the systape version that wrote the page */
  systape: string;
  /** when the page was written, ISO 8601 */
  generated: string;
  axis: AxisInfo;
  families: readonly string[];
  /** the timelines' rows: every lane of the runs, by label, in role order (lanes of two runs line up) */
  rows: { label: string; process: string; thread: number }[];
  runs: RunData[];
  comparison?: ComparisonData;
}
