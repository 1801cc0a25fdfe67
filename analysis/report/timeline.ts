/**
 * One trace as the report draws it: a lane per thread, named by role
 * (identities.ts) and grouped by process; the calls along each lane with their
 * family and outcome; spawns, execs, signals and exits as marks; and the
 * strace-like lines of a capped number of records, chosen so that the ones a
 * reader looks at first (points of interest, marks, errors, each lane's ends)
 * are there. The trace is read twice, streamed: once for the timeline, once
 * to format the chosen lines.
 */
import { formatRecord } from '../../formats/decode';
import { errnoName, isErrorResult, signalName, syscallByNumber } from '../../formats/syscalls';
import { iterateTrace } from '../../formats/trace/reader';
import {
  SyscallFlags,
  type EndRecord,
  type SyscallRecord,
  type TraceRecord,
} from '../../formats/trace/records';
import { Identities, taskLabel, type TaskName } from '../identities';
import { axisPosition } from './axis';
import {
  FAMILIES,
  MarkType,
  type CallKind,
  type FocusPoint,
  type LaneInfo,
  type PackedBins,
  type ProcessInfo,
  type RunData,
} from './model';
import { DEFAULT_MAX_CALLS, DEFAULT_MAX_LINES } from './limits';
import { packAscending, packUints } from './pack';

/** Options of {@link readTimeline}. */
export interface TimelineOptions {
  /** strace-like lines kept for the page (default {@link DEFAULT_MAX_LINES}) */
  maxLines?: number;
  /** calls kept one by one; above this, lanes are counted in bins (default {@link DEFAULT_MAX_CALLS}) */
  maxCalls?: number;
  /** seqs to place on the timeline, whose lines (and their lane's neighbours') are kept first */
  focus?: number[];
}

/** Bins over a run's axis when its calls are counted instead. */
const BIN_COUNT = 4000;
/** Characters of one line kept (long writes and paths). */
const MAX_LINE_CHARS = 320;
/** Calls of the same lane kept on each side of a focus point. */
const FOCUS_CONTEXT = 12;

/** `1.2.10` after `1.2.9`; names the trace could not place (`pid123`) last. */
function compareProcessNames(x: string, y: string): number {
  const px = /^\d+(\.\d+)*$/.test(x) ? x.split('.').map(Number) : null;
  const py = /^\d+(\.\d+)*$/.test(y) ? y.split('.').map(Number) : null;
  if (!px || !py) return px ? -1 : py ? 1 : x.localeCompare(y);
  for (let i = 0; i < Math.min(px.length, py.length); i++)
    if (px[i] !== py[i]) return px[i] - py[i];
  return px.length - py.length;
}

/** Lane order: by process role, main thread first, then threads in the order they were made. */
export function compareLanes(
  x: { process: string; thread: number },
  y: { process: string; thread: number },
): number {
  return compareProcessNames(x.process, y.process) || x.thread - y.thread;
}

/** `P1.2` -> `1.2` */
const processOfLabel = (label: string): string => label.replace(/^P/, '');

function errnoOf(rec: SyscallRecord): string | undefined {
  if (rec.flags & SyscallFlags.NO_RETURN || !isErrorResult(rec.ret)) return undefined;
  const v = BigInt.asIntN(64, typeof rec.ret === 'bigint' ? rec.ret : BigInt(rec.ret));
  return errnoName(Number(-v));
}

/** Growable columns of one kind of lane item. */
class Columns {
  readonly seq: number[] = [];
  readonly x: number[] = [];
  readonly lane: number[] = [];
  readonly value: number[] = [];
  readonly arg: number[] = [];

  push(seq: number, x: number, lane: number, value: number, arg = 0): void {
    this.seq.push(seq);
    this.x.push(x);
    this.lane.push(lane);
    this.value.push(value);
    this.arg.push(arg);
  }

  get length(): number {
    return this.seq.length;
  }

  /** index of `seq`, or -1 (seqs ascend) */
  find(seq: number): number {
    let lo = 0;
    let hi = this.seq.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.seq[mid] === seq) return mid;
      if (this.seq[mid] < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** the x column, unless it repeats the seqs */
  packedX(): string | undefined {
    return this.x.every((x, i) => x === this.seq[i]) ? undefined : packAscending(this.x);
  }
}

/** What the first pass gathers. */
class TimelineBuilder {
  readonly ids: Identities;
  readonly lanes: LaneInfo[] = [];
  private readonly laneIndex = new Map<string, number>();
  readonly processes = new Map<string, ProcessInfo>();
  readonly kinds: CallKind[] = [];
  private readonly kindIndex = new Map<string, number>();
  readonly calls = new Columns();
  readonly marks = new Columns();
  records = 0;
  errors = 0;
  signals = 0;
  min = Infinity;
  max = -Infinity;
  end: EndRecord | undefined;

  constructor(ids: Identities) {
    this.ids = ids;
  }

  private process(name: string, pid: number): ProcessInfo {
    let p = this.processes.get(name);
    if (!p) {
      p = { label: `P${name}`, pid: this.ids.pidOf.get(name) ?? pid, argvs: [] };
      const argv = this.ids.argv.get(name);
      if (argv) p.argvs.push(argv);
      this.processes.set(name, p);
    }
    return p;
  }

  private lane(task: TaskName, pid: number, tid: number, x: number): number {
    const label = taskLabel(task);
    let i = this.laneIndex.get(label);
    if (i === undefined) {
      this.process(task.process, pid);
      i = this.lanes.length;
      this.lanes.push({
        label,
        process: `P${task.process}`,
        thread: task.thread,
        tid,
        calls: 0,
        errors: 0,
        first: x,
        last: x,
      });
      this.laneIndex.set(label, i);
    }
    const lane = this.lanes[i];
    lane.last = Math.max(lane.last, x);
    return i;
  }

  private kind(rec: SyscallRecord): number {
    const errno = errnoOf(rec);
    const injected = (rec.flags & SyscallFlags.INJECTED) !== 0;
    const key = `${rec.nr}/${errno ?? ''}/${injected ? 1 : 0}`;
    let k = this.kindIndex.get(key);
    if (k === undefined) {
      const def = syscallByNumber(rec.nr);
      const family = FAMILIES.indexOf(def?.family ?? 'other');
      const kind: CallKind = { name: def?.name ?? `syscall_${rec.nr}`, family, count: 0 };
      if (errno) kind.errno = errno;
      if (injected) kind.injected = true;
      k = this.kinds.length;
      this.kinds.push(kind);
      this.kindIndex.set(key, k);
    }
    this.kinds[k].count++;
    return k;
  }

  add(rec: TraceRecord): void {
    this.records++;
    this.ids.observe(rec);
    if (rec.t === 'end') {
      this.end = rec;
      return;
    }
    const x = axisPosition(rec);
    this.min = Math.min(this.min, x);
    this.max = Math.max(this.max, x);
    const task = this.ids.task(rec.pid, rec.tid);
    const lane = this.lane(task, rec.pid, rec.tid, x);
    switch (rec.t) {
      case 'sys': {
        const kind = this.kind(rec);
        this.lanes[lane].calls++;
        if (this.kinds[kind].errno) {
          this.lanes[lane].errors++;
          this.errors++;
        }
        this.calls.push(rec.seq, x, lane, kind);
        break;
      }
      case 'spawn': {
        const child = this.ids.task(rec.childPid, rec.childTid);
        const childLane = this.lane(child, rec.childPid, rec.childTid, x);
        this.marks.push(rec.seq, x, lane, MarkType.SPAWN, childLane);
        break;
      }
      case 'exec': {
        // the recorded program's own exec repeats the header's command line
        const argvs = this.process(task.process, rec.pid).argvs;
        const last = argvs[argvs.length - 1];
        if (!last || JSON.stringify(last) !== JSON.stringify(rec.argv)) argvs.push(rec.argv);
        this.marks.push(rec.seq, x, lane, MarkType.EXEC);
        break;
      }
      case 'signal':
        this.signals++;
        this.marks.push(rec.seq, x, lane, MarkType.SIGNAL, rec.signo);
        break;
      case 'exit': {
        const arg = rec.signal !== null ? 256 + rec.signal : (rec.code ?? 512);
        this.marks.push(rec.seq, x, lane, MarkType.EXIT, arg);
        if (rec.processExit)
          this.process(task.process, rec.pid).exit = {
            code: rec.code,
            signal: rec.signal === null ? null : signalName(rec.signal),
            core: rec.core,
          };
        break;
      }
      case 'start':
        break;
    }
  }

  /** Sorts lanes by role and renumbers the columns' lane indexes to match. */
  sortLanes(): void {
    const order = this.lanes
      .map((_, i) => i)
      .sort((a, b) =>
        compareLanes(
          { process: processOfLabel(this.lanes[a].process), thread: this.lanes[a].thread },
          { process: processOfLabel(this.lanes[b].process), thread: this.lanes[b].thread },
        ),
      );
    const newIndex = new Array<number>(order.length);
    order.forEach((old, i) => (newIndex[old] = i));
    const sorted = order.map((i) => this.lanes[i]);
    this.lanes.splice(0, this.lanes.length, ...sorted);
    for (const cols of [this.calls, this.marks])
      for (let i = 0; i < cols.length; i++) cols.lane[i] = newIndex[cols.lane[i]];
    for (let i = 0; i < this.marks.length; i++)
      if (this.marks.value[i] === MarkType.SPAWN) this.marks.arg[i] = newIndex[this.marks.arg[i]];
  }
}

/** The seqs whose lines the page keeps, within `budget` (see the module comment). */
function chooseLines(b: TimelineBuilder, focus: number[], budget: number): Set<number> | 'all' {
  const { calls, marks } = b;
  if (calls.length + marks.length <= budget) return 'all';
  const chosen = new Set<number>();
  const full = () => chosen.size >= budget;
  const add = (seq: number) => {
    if (!full()) chosen.add(seq);
  };
  // points of interest, with the calls around them in their own lane
  for (const seq of focus) {
    add(seq);
    const i = calls.find(seq);
    if (i < 0) continue;
    const lane = calls.lane[i];
    for (const dir of [-1, 1]) {
      let kept = 0;
      for (let j = i + dir; j >= 0 && j < calls.length && kept < FOCUS_CONTEXT; j += dir) {
        if (calls.lane[j] !== lane) continue;
        add(calls.seq[j]);
        kept++;
      }
    }
  }
  for (let i = 0; i < marks.length && chosen.size < budget / 3; i++) add(marks.seq[i]);
  const errorKinds = new Set(b.kinds.flatMap((k, i) => (k.errno ? [i] : [])));
  for (let i = 0; i < calls.length && chosen.size < (budget * 2) / 3; i++)
    if (errorKinds.has(calls.value[i])) add(calls.seq[i]);
  // each lane's first and last calls
  const seen = new Map<number, number>();
  for (let i = 0; i < calls.length; i++) {
    const n = seen.get(calls.lane[i]) ?? 0;
    if (n < 3) add(calls.seq[i]);
    seen.set(calls.lane[i], n + 1);
  }
  seen.clear();
  for (let i = calls.length - 1; i >= 0; i--) {
    const n = seen.get(calls.lane[i]) ?? 0;
    if (n < 3) add(calls.seq[i]);
    seen.set(calls.lane[i], n + 1);
  }
  // then evenly through the run
  const room = budget - chosen.size;
  if (room > 0) {
    const step = calls.length / room;
    for (let f = 0; f < calls.length && !full(); f += step) add(calls.seq[Math.floor(f)]);
  }
  return chosen;
}

/** Calls counted per lane in {@link BIN_COUNT} bins of the axis (see {@link PackedBins}). */
function binCalls(b: TimelineBuilder): PackedBins {
  const width = Math.max(1, Math.ceil((b.max - b.min + 1) / BIN_COUNT));
  const perLane = b.lanes.map(() => new Map<number, number[]>());
  const { calls } = b;
  for (let i = 0; i < calls.length; i++) {
    const bin = Math.floor((calls.x[i] - b.min) / width);
    const bins = perLane[calls.lane[i]];
    let counts = bins.get(bin);
    if (!counts) bins.set(bin, (counts = new Array<number>(1 + FAMILIES.length).fill(0)));
    const kind = b.kinds[calls.value[i]];
    if (kind.errno) counts[0]++;
    counts[1 + kind.family]++;
  }
  const lanes = perLane.map((bins) => {
    const out: number[] = [];
    let previous = 0;
    for (const bin of [...bins.keys()].sort((x, y) => x - y)) {
      out.push(bin - previous, ...(bins.get(bin) ?? []));
      previous = bin;
    }
    return packUints(out);
  });
  return { width, start: b.min, lanes };
}

function focusPoints(b: TimelineBuilder, focus: number[]): FocusPoint[] {
  return focus.map((seq) => {
    for (const cols of [b.calls, b.marks]) {
      const i = cols.find(seq);
      if (i >= 0) return { seq, x: cols.x[i], lane: cols.lane[i] };
    }
    return { seq, x: seq, lane: -1 };
  });
}

/**
 * Reads the trace at `file` into the page's data for one run.
 * Throws the trace reader's errors ({@link SystapeError}s) for a missing, unreadable or
 * damaged file.
 */
export function readTimeline(file: string, opts: TimelineOptions = {}): RunData {
  const maxLines = opts.maxLines ?? DEFAULT_MAX_LINES;
  const maxCalls = opts.maxCalls ?? DEFAULT_MAX_CALLS;
  const focus = [...new Set(opts.focus ?? [])];

  const it = iterateTrace(file);
  const header = it.header;
  const b = new TimelineBuilder(new Identities(header));
  for (const rec of it) b.add(rec);
  const truncated = it.truncated;
  b.sortLanes();

  const chosen = chooseLines(b, focus, maxLines);
  const lineSeqs: number[] = [];
  const lineText: string[] = [];
  for (const rec of iterateTrace(file)) {
    if (rec.t === 'end' || rec.t === 'start') continue;
    if (chosen !== 'all' && !chosen.has(rec.seq)) continue;
    const line = formatRecord(rec);
    lineSeqs.push(rec.seq);
    lineText.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line);
  }

  const { calls, marks } = b;
  const binned = calls.length > maxCalls;
  const processes = [...b.processes.entries()]
    .sort(([x], [y]) => compareProcessNames(x, y))
    .map(([, p]) => p);
  const run: RunData = {
    file,
    command: header.argv,
    cwd: header.cwd,
    hostname: header.hostname,
    kernel: header.kernel,
    startTime: header.startTime,
    exitStatus: b.end?.exitStatus ?? null,
    durationMs: b.end?.durationMs ?? null,
    counts: {
      records: b.records,
      calls: calls.length,
      errors: b.errors,
      processes: b.processes.size,
      threads: b.lanes.length,
      signals: b.signals,
    },
    range: { min: Number.isFinite(b.min) ? b.min : 0, max: Number.isFinite(b.max) ? b.max : 0 },
    processes,
    lanes: b.lanes,
    kinds: b.kinds,
    marks: {
      count: marks.length,
      seq: packAscending(marks.seq),
      x: marks.packedX(),
      lane: packUints(marks.lane),
      type: packUints(marks.value),
      arg: packUints(marks.arg),
    },
    lines: {
      seq: packAscending(lineSeqs),
      text: lineText,
      leftOut: calls.length + marks.length - lineSeqs.length,
    },
    focus: focusPoints(b, focus),
  };
  if (header.injections?.length) run.injections = header.injections;
  if (truncated) run.truncated = `${truncated.reason} (at byte ${truncated.offset})`;
  if (binned) run.bins = binCalls(b);
  else
    run.calls = {
      count: calls.length,
      seq: packAscending(calls.seq),
      x: calls.packedX(),
      lane: packUints(calls.lane),
      kind: packUints(calls.value),
    };
  return run;
}
