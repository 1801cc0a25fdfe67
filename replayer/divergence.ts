/**
 * Turning the C core's divergence event into a report a person can act on:
 * what was recorded next, what the program did instead, and a unified diff
 * of the surrounding calls in strace-like form.
 */
import { createTwoFilesPatch } from 'diff';
import { decodeSyscall, formatRecord } from '../formats/decode';
import { syscallByNumber } from '../formats/syscalls';
import { iterateTrace } from '../formats/trace/reader';
import type { SyscallRecord, TraceRecord, Word } from '../formats/trace/records';

/** Why replay stopped. */
export type DivergenceKind =
  /** another syscall, or other arguments, or other input bytes (paths, payloads) */
  | 'syscall'
  /** a call executed for real (a memory mapping) returned something else */
  | 'result'
  /** every thread waits and the next recorded event cannot happen */
  | 'stuck'
  /** a process or thread appeared where none was recorded */
  | 'spawn'
  /** an exec happened where none was recorded, or did not where one was */
  | 'exec'
  /** the program went on making calls after the recording ended */
  | 'extra';

const KINDS: Record<number, DivergenceKind> = {
  1: 'syscall',
  2: 'result',
  3: 'stuck',
  4: 'spawn',
  5: 'exec',
  6: 'extra',
};

/** The first point where the replayed program left the recording. */
export interface Divergence {
  kind: DivergenceKind;
  /** seq of the record replay expected next (null: the recording had ended) */
  seq: number | null;
  /** the recorded pid and tid of the thread that diverged */
  pid: number;
  tid: number;
  /** the expected record, strace-like */
  expected: string | null;
  /** the call the program made instead, strace-like (null when it made none) */
  actual: string | null;
  /** unified diff of the surrounding calls: recorded vs replayed */
  diff: string;
  /** a readable summary: where, expected, actual, and the diff */
  message: string;
  /** true when replay stopped the program here; false when it went on (`keepGoing`) */
  stopped: boolean;
}

const CONTEXT = 6;

function callWithoutResult(call: SyscallRecord): string {
  const d = decodeSyscall(call, { strSize: 64 });
  return `${d.name}(${d.args.join(', ')}) = ?`;
}

function describe(kind: DivergenceKind): string {
  switch (kind) {
    case 'syscall':
      return 'the program made a different system call';
    case 'result':
      return 'a call executed for real returned something else';
    case 'stuck':
      return 'every thread is waiting and the next recorded event cannot happen';
    case 'spawn':
      return 'a process or thread appeared that the recording does not have';
    case 'exec':
      return 'the program did not exec as recorded';
    case 'extra':
      return 'the program made calls after the recording ended';
  }
}

/** A divergence event of the C core, with the call the program made instead. */
export interface DivergenceEvent {
  expectedSeq: number | null;
  reason: number;
  recordedTid: number;
  /** false when replay reported it and went on (`keepGoing`) */
  stopped?: boolean;
  /** what the actual call returned, when it ran for real */
  actualRet?: Word | null;
  actualCall?: SyscallRecord;
}

/** What the trace says around one divergence. */
interface Context {
  expected?: TraceRecord;
  before: TraceRecord[];
  recordedPid: number;
}

/**
 * The recorded records around each divergence, in one pass over the trace:
 * the expected record and the diverging thread's records before it.
 */
function contexts(file: string, events: readonly DivergenceEvent[]): Context[] {
  const recent = new Map<number, TraceRecord[]>();
  const pidOf = new Map<number, number>();
  const bySeq = new Map<number, number[]>();
  const found: (Context | undefined)[] = events.map(() => undefined);
  events.forEach((e, i) => {
    if (e.expectedSeq !== null) bySeq.set(e.expectedSeq, [...(bySeq.get(e.expectedSeq) ?? []), i]);
  });
  const snapshot = (tid: number, expected?: TraceRecord): Context => ({
    expected,
    before: [...(recent.get(tid) ?? [])],
    recordedPid: pidOf.get(tid) ?? 0,
  });
  let pending = bySeq.size;
  const it = iterateTrace(file);
  try {
    for (const rec of it) {
      if (rec.t === 'end') continue;
      const waiting = bySeq.get(rec.seq);
      if (waiting) {
        for (const i of waiting) found[i] = snapshot(events[i].recordedTid, rec);
        if (--pending === 0 && events.every((e) => e.expectedSeq !== null)) break;
      }
      if ('tid' in rec) {
        pidOf.set(rec.tid, rec.pid);
        const list = recent.get(rec.tid) ?? [];
        list.push(rec);
        if (list.length > CONTEXT) list.shift();
        recent.set(rec.tid, list);
      }
    }
  } finally {
    it.close();
  }
  return events.map((e, i) => found[i] ?? snapshot(e.recordedTid));
}

/** Build the reports of several divergences, reading the trace once. */
export function buildDivergences(file: string, events: readonly DivergenceEvent[]): Divergence[] {
  const ctx = contexts(file, events);
  return events.map((event, i) => report(event, ctx[i]));
}

/** The bytes a call passed in through argument `arg`, all its regions joined. */
function inputOf(rec: SyscallRecord, arg: number): Buffer {
  return Buffer.concat(rec.mem.filter((m) => m.dir === 'in' && m.arg === arg).map((m) => m.bytes));
}

function quote(bytes: Buffer): string {
  return JSON.stringify(bytes.toString('latin1'));
}

/**
 * Where the input of two calls that print alike differs: an argv or envp
 * entry, or a buffer longer than the strace-like line shows. Null when
 * their input bytes are the same.
 */
export function inputDifference(expected: SyscallRecord, actual: SyscallRecord): string | null {
  if (expected.nr !== actual.nr) return null;
  const def = syscallByNumber(expected.nr);
  for (let arg = 0; arg < 6; arg++) {
    const a = inputOf(expected, arg);
    const b = inputOf(actual, arg);
    if (a.equals(b)) continue;
    const name = def?.args[arg]?.name ?? `arg${arg}`;
    if (def?.args[arg]?.type === 'argv') {
      const split = (x: Buffer) =>
        x
          .toString('utf8')
          .split('\0')
          .filter((s) => s !== '');
      const before = new Set(split(a));
      const after = new Set(split(b));
      const gone = [...before].filter((s) => !after.has(s));
      const added = [...after].filter((s) => !before.has(s));
      return `${name}: recorded ${JSON.stringify(gone)}, replayed ${JSON.stringify(added)}`;
    }
    let at = 0;
    while (at < a.length && at < b.length && a[at] === b[at]) at++;
    const from = Math.max(0, at - 16);
    return (
      `${name} differs at byte ${at}: recorded ${quote(a.subarray(from, at + 32))}, ` +
      `replayed ${quote(b.subarray(from, at + 32))}`
    );
  }
  return null;
}

function report(event: DivergenceEvent, { expected, before, recordedPid }: Context): Divergence {
  const kind = KINDS[event.reason] ?? 'syscall';
  const { actualCall } = event;
  const tid = expected && 'tid' in expected ? expected.tid : event.recordedTid;
  const pid = expected && 'pid' in expected ? expected.pid : recordedPid;
  const line = (r: TraceRecord) => formatRecord(r, { strSize: 64 });
  const expectedLine = expected ? line(expected) : null;
  // The actual call carries replay's own ids; show it under the recorded ones.
  // Its result is unknown (replay stopped it at the entry) unless it ran for real.
  const actualLine = !actualCall
    ? null
    : event.actualRet === undefined || event.actualRet === null
      ? callWithoutResult({ ...actualCall, pid, tid })
      : formatRecord({ ...actualCall, pid, tid, ret: event.actualRet }, { strSize: 64 });
  const context = before.map(line);
  const difference =
    expected?.t === 'sys' &&
    actualCall &&
    expectedLine?.replace(/ = .*$/, '') === actualLine?.replace(/ = \?$/, '')
      ? inputDifference(expected, actualCall)
      : null;
  const recordedText = [...context, expectedLine ?? '(end of recording)'].join('\n') + '\n';
  const replayedText = [...context, actualLine ?? '(no call)'].join('\n') + '\n';
  const diff = createTwoFilesPatch('recorded', 'replayed', recordedText, replayedText, '', '', {
    context: CONTEXT,
  });
  const where =
    event.expectedSeq === null ? 'after the end of the recording' : `at seq ${event.expectedSeq}`;
  const message = [
    `replay diverged ${where} (pid ${pid}, tid ${tid}): ${describe(kind)}` +
      (event.stopped === false ? '; replay went on' : ''),
    `  expected: ${expectedLine ?? '(nothing: the recording had ended)'}`,
    `  actual:   ${actualLine ?? '(no call)'}`,
    ...(difference ? [`  differs:  ${difference}`] : []),
    '',
    diff.trimEnd(),
  ].join('\n');
  return {
    kind,
    seq: event.expectedSeq,
    pid,
    tid,
    expected: expectedLine,
    actual: actualLine,
    diff,
    message,
    stopped: event.stopped ?? true,
  };
}
