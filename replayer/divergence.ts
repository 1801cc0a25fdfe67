/**
 * Turning the C core's divergence event into a report a person can act on:
 * what was recorded next, what the program did instead, and a unified diff
 * of the surrounding calls in strace-like form.
 */
import { createTwoFilesPatch } from 'diff';
import { decodeSyscall, formatRecord } from '../formats/decode';
import { iterateTrace } from '../formats/trace/reader';
import type { SyscallRecord, TraceRecord } from '../formats/trace/records';

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

/**
 * Build the report. Reads the trace again for context: the records of the
 * diverging thread before the expected one.
 */
export function buildDivergence(
  file: string,
  event: { expectedSeq: number | null; reason: number; recordedTid: number },
  actualCall: SyscallRecord | undefined,
): Divergence {
  const kind = KINDS[event.reason] ?? 'syscall';
  const before: TraceRecord[] = [];
  let expected: TraceRecord | undefined;
  let recordedPid = 0;
  const it = iterateTrace(file);
  try {
    for (const rec of it) {
      if (rec.t === 'end') continue;
      if (event.expectedSeq !== null && rec.seq === event.expectedSeq) {
        expected = rec;
        break;
      }
      if ('tid' in rec && rec.tid === event.recordedTid) {
        recordedPid = rec.pid;
        before.push(rec);
        if (before.length > CONTEXT) before.shift();
      }
    }
  } finally {
    it.close();
  }
  const tid = expected && 'tid' in expected ? expected.tid : event.recordedTid;
  const pid = expected && 'pid' in expected ? expected.pid : recordedPid;
  const line = (r: TraceRecord) => formatRecord(r, { strSize: 64 });
  const expectedLine = expected ? line(expected) : null;
  // The actual call carries replay's own ids; show it under the recorded ones.
  // Its result is unknown: replay stopped it at the entry.
  const actualLine = actualCall ? callWithoutResult({ ...actualCall, pid, tid }) : null;
  const context = before.map(line);
  const recordedText = [...context, expectedLine ?? '(end of recording)'].join('\n') + '\n';
  const replayedText = [...context, actualLine ?? '(no call)'].join('\n') + '\n';
  const diff = createTwoFilesPatch('recorded', 'replayed', recordedText, replayedText, '', '', {
    context: CONTEXT,
  });
  const where =
    event.expectedSeq === null ? 'after the end of the recording' : `at seq ${event.expectedSeq}`;
  const message = [
    `replay diverged ${where} (pid ${pid}, tid ${tid}): ${describe(kind)}`,
    `  expected: ${expectedLine ?? '(nothing: the recording had ended)'}`,
    `  actual:   ${actualLine ?? '(no call)'}`,
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
  };
}
