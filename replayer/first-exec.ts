/**
 * Finding a trace's first exec without decoding the calls before it: replay
 * runs what the recorder's first execve ran.
 */
import { callNumber as syscallNumber } from '../formats/syscalls/summary';
import { decodeRecord } from '../formats/trace/codec';
import type { TraceRecord } from '../formats/trace/records';
import { unpackRaw } from '../formats/trace/msgpack';
import { Cursor } from '../formats/trace/msgpack-scan';

const EXECVE = syscallNumber('execve');

/**
 * The first successful execve record or exec record of a chunk, if any, found
 * without decoding the records before it (a decoder for iterateTraceChunks).
 */
export function firstExec(payload: Buffer, records: () => TraceRecord[]): Iterable<TraceRecord> {
  try {
    const c = new Cursor(payload);
    const total = c.array();
    for (let i = 0; i < total; i++) {
      const start = c.pos;
      c.skip();
      const tag = payload[start + 1];
      const isExec =
        tag === 2 /* exec */ || (tag === 0 && syscallNumberAt(payload, start) === EXECVE);
      if (!isExec) continue;
      const rec = decodeRecord(unpackRaw(payload.subarray(start, c.pos)));
      if (rec.t === 'exec' || (rec.t === 'sys' && Number(rec.ret) === 0)) return [rec];
    }
    return [];
  } catch {
    return records();
  }
}

/** The number of the syscall record at `start` (fixarray, tag 0, seq, pid, tid, nr). */
function syscallNumberAt(payload: Buffer, start: number): number {
  const c = new Cursor(payload);
  c.pos = start;
  if (c.array() < 7 || c.byte() !== 0) return -1;
  c.int();
  c.int();
  c.int();
  return c.int();
}
