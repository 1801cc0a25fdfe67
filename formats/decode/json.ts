/**
 * Trace records as plain JSON-safe objects, for `dump --json`: 64-bit values
 * that do not fit a double become decimal strings, addresses are hex strings,
 * bytes are base64 (or C-escaped text), and every record carries its
 * strace-like `line`; syscalls add their name, decoded arguments and result.
 */
import type { MemRegion, TraceRecord, Word } from '../trace/records';
import { SyscallFlags } from '../trace/records';
import { decodeSyscall, formatRecord, type FormatOptions } from './line';
import { escapeBytes, u64 } from './values';

/** a register value: a number when exact, else its decimal string */
export type JsonWord = number | string;

/** Line options, plus how memory bytes are encoded. */
export interface JsonOptions extends FormatOptions {
  /** how memory bytes are written: 'base64' (default) or 'escaped' (C escapes, not cut) */
  bytes?: 'base64' | 'escaped';
}

/** One captured memory region. */
export interface JsonMemRegion {
  dir: 'in' | 'out' | 'data' | 'path';
  arg: number;
  /** hex, e.g. "0x7ffd1234" */
  addr: string;
  size: number;
  encoding: 'base64' | 'escaped';
  data: string;
}

/** A syscall record: raw values, their decoding, and its line. */
export interface JsonSyscall {
  t: 'sys';
  seq: number;
  pid: number;
  tid: number;
  nr: number;
  name: string;
  /** raw register values */
  args: JsonWord[];
  /** each argument as strace prints it */
  decoded: string[];
  ret: JsonWord;
  /** the result as strace prints it: `3`, `-1 ENOENT (No such file or directory)`, `?` */
  result: string;
  errno?: string;
  detail?: string;
  flags: number;
  /** names of the set flags: UNDESCRIBED, REFUSED, NO_RETURN, MEM_TRUNCATED, INJECTED */
  flagNames: string[];
  mem: JsonMemRegion[];
  line: string;
  /** when the call was made (ns since the recording began) and how long it took (ns) */
  time?: { start: number; dur: number };
}

/** Non-syscall records: their own fields made JSON-safe, plus `line`. */
export type JsonOtherRecord = { t: Exclude<TraceRecord['t'], 'sys'>; line: string } & Record<
  string,
  unknown
>;

/** What {@link toJSON} returns. */
export type JsonRecord = JsonSyscall | JsonOtherRecord;

/** A register value for JSON: the number when exact, else its decimal string. */
export function jsonWord(w: Word): JsonWord {
  if (typeof w === 'number') return w;
  const n = Number(w);
  return Number.isSafeInteger(n) ? n : w.toString();
}

/** Bytes as base64, or as C-escaped text (not cut). */
export function encodeBytes(bytes: Uint8Array, encoding: 'base64' | 'escaped'): string {
  return encoding === 'base64'
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
    : escapeBytes(bytes);
}

function jsonRegion(m: MemRegion, encoding: 'base64' | 'escaped'): JsonMemRegion {
  return {
    dir: m.dir,
    arg: m.arg,
    addr: `0x${u64(m.addr).toString(16)}`,
    size: m.bytes.length,
    encoding,
    data: encodeBytes(m.bytes, encoding),
  };
}

function flagNames(flags: number): string[] {
  return Object.entries(SyscallFlags)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name);
}

/** any other value made JSON-safe: bigints as decimal strings, bytes encoded */
function plain(v: unknown, encoding: 'base64' | 'escaped'): unknown {
  if (typeof v === 'bigint') return jsonWord(v);
  if (v instanceof Uint8Array) return encodeBytes(v, encoding);
  if (Array.isArray(v)) return v.map((x) => plain(x, encoding));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, encoding)]));
  return v;
}

/** A trace record as a JSON-safe object (see the module comment). */
export function toJSON(rec: TraceRecord, opts: JsonOptions = {}): JsonRecord {
  const encoding = opts.bytes ?? 'base64';
  const line = formatRecord(rec, { ...opts, showSeq: false, showPid: false });
  if (rec.t !== 'sys')
    return { ...(plain(rec, encoding) as Record<string, unknown>), t: rec.t, line };
  const d = decodeSyscall(rec, opts);
  const out: JsonSyscall = {
    t: 'sys',
    seq: rec.seq,
    pid: rec.pid,
    tid: rec.tid,
    nr: rec.nr,
    name: d.name,
    args: rec.args.map(jsonWord),
    decoded: d.args,
    ret: jsonWord(rec.ret),
    result: d.result,
    flags: rec.flags,
    flagNames: flagNames(rec.flags),
    mem: rec.mem.map((m) => jsonRegion(m, encoding)),
    line,
  };
  if (d.errno) out.errno = d.errno;
  if (d.detail) out.detail = d.detail;
  if (rec.time) out.time = rec.time;
  return out;
}
