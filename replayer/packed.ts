/**
 * Handing replay's calls to the C core in the trace's own MessagePack form.
 *
 * A trace can hold millions of calls; decoding each into an object and
 * encoding it again for the C core would cost more than replaying it. Most
 * calls need nothing from TypeScript but their replay flags, so a records
 * chunk is scanned here without decoding: runs of such calls go to the C core
 * as they are (recorder/native/unpack.c reads them), with the flags beside
 * them. Calls that change the descriptor table go the same way, with the
 * little the table needs taken out on the way. Records that TypeScript must
 * see decoded (process events, file mappings, execve) are decoded one by one.
 * A chunk that is not what the scan expects is decoded whole, the usual way,
 * which reports any damage.
 */
import { callNumber as syscallNumber } from '../formats/syscalls/summary';
import { MAX_RECORD_TAG, decodeRecord } from '../formats/trace/codec';
import {
  SyscallFlags,
  type MemRegion,
  type SyscallRecord,
  type TraceRecord,
} from '../formats/trace/records';
import { changesFileTable } from '../formats/trace/descriptors';
import { unpackRaw } from '../formats/trace/msgpack';
import { Cursor, UNEXPECTED } from '../formats/trace/msgpack-scan';
import { outputFdArg } from './policy';

/** Calls whose records go to the C core as they are, in trace order. */
export interface PackedCalls {
  t: 'packed';
  /** the records' MessagePack, back to back */
  bytes: Buffer;
  count: number;
  /** per call: its process, number, result sign, and the descriptor it writes its output to */
  pid: Int32Array;
  nr: Int32Array;
  /** 1 when the call returned more than 0 */
  positive: Uint8Array;
  /** the output descriptor argument (write, sendfile...), or {@link NO_FD} */
  outFd: Int32Array;
  /**
   * Per call, for those that can change the descriptor table: what the table
   * needs of them (number, process, arguments as 32-bit values, result and
   * memory, nothing else), to see in order with the others' flags.
   */
  changes: (SyscallRecord | null)[] | null;
}

export const NO_FD = -0x8000_0000;

/** What replay feeds the C core: decoded records and runs of packed calls. */
export type ReplayItem = TraceRecord | PackedCalls;

const MAX_NR = 512;
/** Calls that can go packed: 1, TypeScript needs nothing from them but
 * flags; 2, and what they do to the descriptor table. */
const PACKABLE = new Uint8Array(MAX_NR);
/** The argument holding the output descriptor, or -1. */
const OUT_ARG = new Int8Array(MAX_NR).fill(-1);
{
  const decodedHere = ['mmap', 'execve', 'execveat'].map((n) => syscallNumber(n));
  for (let nr = 0; nr < MAX_NR; nr++) {
    PACKABLE[nr] = decodedHere.includes(nr) ? 0 : changesFileTable(nr) ? 2 : 1;
    OUT_ARG[nr] = outputFdArg(nr) ?? -1;
  }
}

/**
 * Scan a syscall record at the cursor, in the form unpack.c reads; leaves the
 * cursor after it. Returns its number when it can go packed, else -1 (the
 * cursor is then anywhere: the caller skips the record from its start).
 */
/** {@link scanSyscall}, -1 for a record it cannot read (decoded the usual way then). */
function tryScanSyscall(c: Cursor, payload: Buffer, out: Scanned): number {
  try {
    return scanSyscall(c, payload, out);
  } catch {
    return -1;
  }
}

interface Scanned {
  pid: number;
  outFd: number;
  positive: number;
  /** what a descriptor table needs of the call, if it can change one */
  change: SyscallRecord | null;
}

const DIRS = ['in', 'out', 'data', 'path'] as const;

function scanSyscall(c: Cursor, payload: Buffer, out: Scanned): number {
  const n = c.array();
  if (n < 7 || n > 11 || n === 10 || c.byte() !== 0) return -1;
  c.int(); // seq
  const pid = (out.pid = c.int());
  c.int(); // tid
  const nr = c.int();
  if (nr < 0 || nr >= MAX_NR || !PACKABLE[nr]) return -1;
  const nargs = c.array();
  if (nargs > 6) return -1;
  const outArg = OUT_ARG[nr];
  const change = PACKABLE[nr] === 2;
  // (what the descriptor table needs, gathered only for the calls that can change it)
  const args: number[] | null = change ? [] : null;
  out.outFd = NO_FD;
  for (let i = 0; i < nargs; i++) {
    c.int();
    if (i === outArg) out.outFd = c.low32;
    args?.push(c.low32);
  }
  const ret = c.int();
  out.positive = ret > 0 ? 1 : 0;
  const mem: MemRegion[] | null = change ? [] : null;
  if (n >= 8) {
    const nmem = c.array();
    for (let i = 0; i < nmem; i++) {
      if (c.array() !== 4) return -1;
      const dir = c.int();
      const arg = c.int();
      if (dir < 0 || dir > 3 || arg < 0 || arg > 255) return -1;
      if (c.byte() !== 0xc0) {
        c.pos--;
        c.int(); // an address of its own
      }
      const at = c.bin();
      mem?.push({ dir: DIRS[dir], arg, addr: 0, bytes: payload.subarray(at, c.pos) });
    }
  }
  // a call that got a fault injected is replayed as recorded, never for real: decoded, so that
  // its flags say so (policy.ts)
  if (n >= 9 && (c.int() & SyscallFlags.INJECTED) !== 0) return -1;
  if (n === 11) {
    c.int(); // when the call was made
    c.int(); // how long it took
  }
  out.change =
    args && mem ? { t: 'sys', seq: 0, pid, tid: pid, nr, args, ret, mem, flags: 0 } : null;
  return nr;
}

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

/**
 * The items of one records chunk (its MessagePack payload): runs of packed
 * calls and decoded records, in trace order. `records` decodes the whole
 * chunk the usual way, for a chunk the scan does not follow.
 */
export function* scanChunk(payload: Buffer, records: () => TraceRecord[]): Generator<ReplayItem> {
  let covered = 0;
  try {
    for (const item of scan(payload)) {
      covered += item.t === 'packed' ? item.count : 1;
      yield item;
    }
  } catch {
    // the rest decoded the usual way (which says what is wrong with a damaged chunk)
    yield* records().slice(covered);
  }
}

/** Runs end at this size, so that the first calls go on before a chunk is scanned. */
const RUN_BYTES = 32 * 1024;

/** The per-call columns of the run being scanned, in arrays reused from run to run. */
class RunColumns {
  count = 0;
  pid = new Int32Array(1024);
  nr = new Int32Array(1024);
  positive = new Uint8Array(1024);
  outFd = new Int32Array(1024);
  changes: (SyscallRecord | null)[] | null = null;

  add(call: Scanned, nr: number): void {
    const i = this.count++;
    if (i === this.nr.length) this.grow();
    this.pid[i] = call.pid;
    this.nr[i] = nr;
    this.positive[i] = call.positive;
    this.outFd[i] = call.outFd;
    if (call.change) {
      this.changes ??= new Array<SyscallRecord | null>(i).fill(null);
      this.changes.push(call.change);
    } else {
      this.changes?.push(null);
    }
  }

  /** The run of the calls added since the last take, over `bytes`. */
  take(bytes: Buffer): PackedCalls {
    const n = this.count;
    const run: PackedCalls = {
      t: 'packed',
      bytes,
      count: n,
      pid: this.pid.slice(0, n),
      nr: this.nr.slice(0, n),
      positive: this.positive.slice(0, n),
      outFd: this.outFd.slice(0, n),
      changes: this.changes,
    };
    this.count = 0;
    this.changes = null;
    return run;
  }

  private grow(): void {
    const n = this.nr.length * 2;
    const widen = <T extends Int32Array | Uint8Array>(a: T, to: T): T => {
      to.set(a);
      return to;
    };
    this.pid = widen(this.pid, new Int32Array(n));
    this.nr = widen(this.nr, new Int32Array(n));
    this.positive = widen(this.positive, new Uint8Array(n));
    this.outFd = widen(this.outFd, new Int32Array(n));
  }
}

function* scan(payload: Buffer): Generator<ReplayItem> {
  const c = new Cursor(payload);
  const total = c.array();
  let ready: ReplayItem | null = null;
  const call: Scanned = { pid: 0, outFd: NO_FD, positive: 0, change: null };
  let runStart = -1;
  const columns = new RunColumns();
  const endRun = (end: number) => {
    if (runStart < 0) return;
    ready = columns.take(payload.subarray(runStart, end));
    runStart = -1;
  };
  for (let i = 0; i < total; i++) {
    const start = c.pos;
    // a syscall record starts [0, ... (tag 0 after the array header)
    const head = payload[start];
    const tagged =
      (head === 0x97 || head === 0x98 || head === 0x99 || head === 0x9b) &&
      payload[start + 1] === 0;
    const n = tagged ? tryScanSyscall(c, payload, call) : -1;
    if (n >= 0) {
      if (runStart < 0) runStart = start;
      columns.add(call, n);
      if (c.pos - runStart >= RUN_BYTES) endRun(c.pos);
      if (ready) yield ready;
      ready = null;
      continue;
    }
    endRun(start);
    if (ready) yield ready;
    ready = null;
    c.pos = start;
    c.skip();
    const value = unpackRaw(payload.subarray(start, c.pos));
    // a record type from a newer minor version: the usual decoding skips it
    if (!Array.isArray(value) || typeof value[0] !== 'number' || value[0] > MAX_RECORD_TAG)
      throw UNEXPECTED;
    yield decodeRecord(value);
  }
  endRun(c.pos);
  if (ready) yield ready;
}
