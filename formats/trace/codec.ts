/**
 * Records ⇄ their positional on-disk form (see README.md, "Records").
 *
 * Each record is stored as a MessagePack array whose first element is a type
 * tag; field names are never stored, because a trace holds millions of them.
 * {@link encodeRecord} and {@link decodeRecord} are the mapping;
 * {@link wireRecord} gives a record as the writer hands it to msgpackr.
 */
import { TraceEncodeError, TraceFormatError } from '../errors';
import { fits64, isInt32, unpackRawSequence, wireWord } from './msgpack';
import type {
  EndRecord,
  ExecRecord,
  ExitRecord,
  MappedFile,
  MemRegion,
  SignalRecord,
  SpawnRecord,
  StartRecord,
  SyscallRecord,
  TraceRecord,
  Word,
} from './records';

/** Type tags: the first element of every positional record. */
export const RecordTag = {
  sys: 0,
  spawn: 1,
  exec: 2,
  signal: 3,
  exit: 4,
  end: 5,
  start: 6,
} as const;

/** The highest tag this version knows; higher ones come from newer minor versions. */
export const MAX_RECORD_TAG = 6;

/**
 * `[dir, arg, addr, bytes]` with dir 0 = in, 1 = out; addr is nil when it equals
 * `args[arg]`, the usual case (a buffer passed to the call), saving 8 bytes.
 */
export type MemTuple = [dir: 0 | 1, arg: number, addr: Word | null, bytes: Uint8Array];

/** `[0, seq, pid, tid, nr, args, ret, mem?, flags?]`; mem and flags are left out when empty/zero. */
export type SyscallTuple =
  | [tag: 0, seq: number, pid: number, tid: number, nr: number, args: Word[], ret: Word]
  | [0, number, number, number, number, Word[], Word, mem: MemTuple[]]
  | [0, number, number, number, number, Word[], Word, MemTuple[], flags: number];
/** `[1, seq, pid, tid, childPid, childTid, kind]` with kind 0 = process, 1 = thread, 2 = vfork. */
export type SpawnTuple = [
  tag: 1,
  seq: number,
  pid: number,
  tid: number,
  childPid: number,
  childTid: number,
  kind: 0 | 1 | 2,
];
/** `[2, seq, pid, tid, path, argv, auxv, random]` with auxv as `[type, value]` pairs. */
export type ExecTuple = [
  tag: 2,
  seq: number,
  pid: number,
  tid: number,
  path: string,
  argv: string[],
  auxv: [number, Word][],
  random: Uint8Array,
];
/** `[3, seq, pid, tid, signo, code, senderPid]` */
export type SignalTuple = [
  tag: 3,
  seq: number,
  pid: number,
  tid: number,
  signo: number,
  code: number,
  senderPid: number,
];
/** `[4, seq, pid, tid, processExit, code, signal, core]`; code and signal may be nil. */
export type ExitTuple = [
  tag: 4,
  seq: number,
  pid: number,
  tid: number,
  processExit: boolean,
  code: number | null,
  signal: number | null,
  core: boolean,
];
/** `[path, size, mtimeMs, ino, copy, how?, sha256?]` of a {@link MappedFile} */
export type MappedFileTuple = [
  path: string,
  size: number,
  mtimeMs: number,
  ino: number,
  copy: string | null,
  how?: 'exec' | null,
  sha256?: string,
];
/** `[5, seq, exitStatus, durationMs, syscalls, files?, fastCalls?]` (files may be null) */
export type EndTuple = [
  tag: 5,
  seq: number,
  exitStatus: number,
  durationMs: number,
  syscalls: number,
  files?: MappedFileTuple[] | null,
  fastCalls?: number,
];

/** `[6, seq, pid, tid]` */
export type StartTuple = [tag: 6, seq: number, pid: number, tid: number];

/** A record in its positional form. */
export type PositionalRecord =
  SyscallTuple | SpawnTuple | ExecTuple | SignalTuple | ExitTuple | EndTuple | StartTuple;

const SPAWN_KINDS = ['process', 'thread', 'vfork'] as const;
/** MemRegion.dir by its number in the file. */
const MEM_DIRS = ['in', 'out', 'data', 'path'] as const;

// Built-ins used per field, looked up once: traces are often read inside
// Jest's vm contexts, where every lookup of a global is slow.
const { isArray } = Array;
const { isInteger } = Number;
const toNumber = Number;
const Bytes = Uint8Array;

// --- encoding -------------------------------------------------------------
//
// Each helper checks one field and returns it as stored. With `wire` set, the
// value is ready for msgpackr (see msgpack.ts): integers beyond 32 bits as
// bigints, bigints within 32 bits as numbers. `index` names an element of an
// array field in error messages.

/** `field`, or with `index` the element it names: `args[2]`, `mem[0].addr`. */
function fieldName(field: string, index: number): string {
  if (index < 0) return field;
  const dot = field.indexOf('.');
  if (dot < 0) return `${field}[${index}]`;
  return `${field.slice(0, dot)}[${index}]${field.slice(dot)}`;
}

/** Readers return integers beyond ±2^53 as bigints, which integer fields cannot hold. */
const MAX_INT = 2 ** 53;

function encInt(v: number, wire: boolean, field: string, index = -1): number | bigint {
  if (typeof v === 'number') {
    if (isInt32(v)) return v;
    if (isInteger(v) && v >= -MAX_INT && v <= MAX_INT) return wire ? wireWord(v) : v;
  }
  throw new TraceEncodeError(
    `${fieldName(field, index)} must be an integer within ±2^53, got ${String(v)}`,
  );
}

function encWord(v: Word, wire: boolean, field: string, index = -1): Word {
  if (typeof v === 'number' && isInt32(v)) return v;
  if ((typeof v === 'number' && isInteger(v)) || typeof v === 'bigint') {
    if (fits64(v)) return wire ? wireWord(v) : v;
    throw new TraceEncodeError(`${fieldName(field, index)} ${v} does not fit in 64 bits`);
  }
  throw new TraceEncodeError(
    `${fieldName(field, index)} must be an integer number or bigint, got ${String(v)}`,
  );
}

/** Any number: integers as {@link encWord} stores them, others as float64. */
function encNumber(v: number, wire: boolean, field: string): number | bigint {
  if (typeof v !== 'number') {
    throw new TraceEncodeError(`${field} must be a number, got ${String(v)}`);
  }
  return wire && isInteger(v) && fits64(v) ? wireWord(v) : v;
}

function encBytes(v: Uint8Array, field: string, index = -1): Uint8Array {
  if (!(v instanceof Bytes)) {
    throw new TraceEncodeError(`${fieldName(field, index)} must be a Uint8Array`);
  }
  return v;
}

function encStr(v: string, field: string, index = -1): string {
  if (typeof v !== 'string') {
    throw new TraceEncodeError(`${fieldName(field, index)} must be a string`);
  }
  return v;
}

function encBool(v: boolean, field: string): boolean {
  if (typeof v !== 'boolean') throw new TraceEncodeError(`${field} must be a boolean`);
  return v;
}

/** True when a region's address is the argument it hangs from, so it need not be stored. */
function addrIsArg(m: MemRegion, args: Word[]): boolean {
  return m.arg >= 0 && m.arg < args.length && args[m.arg] === m.addr;
}

function encMem(m: MemRegion, args: Word[], wire: boolean, i: number): unknown[] {
  const dir = MEM_DIRS.indexOf(m.dir);
  if (dir < 0) {
    throw new TraceEncodeError(
      `mem[${i}].dir must be one of ${MEM_DIRS.join(', ')}, got ${String(m.dir)}`,
    );
  }
  return [
    dir,
    encInt(m.arg, wire, 'mem.arg', i),
    addrIsArg(m, args) ? null : encWord(m.addr, wire, 'mem.addr', i),
    encBytes(m.bytes, 'mem.bytes', i),
  ];
}

function syscallTuple(rec: SyscallRecord, wire: boolean): unknown[] {
  const { args, mem } = rec;
  const words: Word[] = new Array<Word>(args.length);
  for (let i = 0; i < args.length; i++) words[i] = encWord(args[i], wire, 'args', i);
  const tuple: unknown[] = [
    0,
    encInt(rec.seq, wire, 'seq'),
    encInt(rec.pid, wire, 'pid'),
    encInt(rec.tid, wire, 'tid'),
    encInt(rec.nr, wire, 'nr'),
    words,
    encWord(rec.ret, wire, 'ret'),
  ];
  const flags = encInt(rec.flags, wire, 'flags');
  const time = rec.time;
  // trailing defaults are left out: the time when unknown, flags when 0, then mem when empty
  if (time || flags !== 0 || mem.length > 0) {
    const regions: unknown[] = new Array<unknown>(mem.length);
    for (let i = 0; i < mem.length; i++) regions[i] = encMem(mem[i], args, wire, i);
    tuple.push(regions);
    if (time || flags !== 0) tuple.push(flags);
    if (time)
      tuple.push(encInt(time.start, wire, 'time.start'), encInt(time.dur, wire, 'time.dur'));
  }
  return tuple;
}

/** The positional form of `rec`; with `wire`, ready for msgpackr. */
function positional(rec: TraceRecord, wire: boolean): unknown[] {
  switch (rec.t) {
    case 'sys':
      return syscallTuple(rec, wire);
    case 'spawn': {
      const kind = SPAWN_KINDS.indexOf(rec.kind);
      if (kind < 0) throw new TraceEncodeError(`spawn kind ${String(rec.kind)} is unknown`);
      return [
        1,
        encInt(rec.seq, wire, 'seq'),
        encInt(rec.pid, wire, 'pid'),
        encInt(rec.tid, wire, 'tid'),
        encInt(rec.childPid, wire, 'childPid'),
        encInt(rec.childTid, wire, 'childTid'),
        kind,
      ];
    }
    case 'exec':
      return [
        2,
        encInt(rec.seq, wire, 'seq'),
        encInt(rec.pid, wire, 'pid'),
        encInt(rec.tid, wire, 'tid'),
        encStr(rec.path, 'path'),
        rec.argv.map((a, i) => encStr(a, 'argv', i)),
        rec.auxv.map(([type, value], i) => [
          encInt(type, wire, 'auxv.type', i),
          encWord(value, wire, 'auxv.value', i),
        ]),
        encBytes(rec.random, 'random'),
      ];
    case 'signal':
      return [
        3,
        encInt(rec.seq, wire, 'seq'),
        encInt(rec.pid, wire, 'pid'),
        encInt(rec.tid, wire, 'tid'),
        encInt(rec.signo, wire, 'signo'),
        encInt(rec.code, wire, 'code'),
        encInt(rec.senderPid, wire, 'senderPid'),
      ];
    case 'exit':
      return [
        4,
        encInt(rec.seq, wire, 'seq'),
        encInt(rec.pid, wire, 'pid'),
        encInt(rec.tid, wire, 'tid'),
        encBool(rec.processExit, 'processExit'),
        rec.code === null ? null : encInt(rec.code, wire, 'code'),
        rec.signal === null ? null : encInt(rec.signal, wire, 'signal'),
        encBool(rec.core, 'core'),
      ];
    case 'end': {
      const tuple: unknown[] = [
        5,
        encInt(rec.seq, wire, 'seq'),
        encInt(rec.exitStatus, wire, 'exitStatus'),
        encNumber(rec.durationMs, wire, 'durationMs'),
        encInt(rec.syscalls, wire, 'syscalls'),
      ];
      if (rec.files && rec.files.length > 0)
        tuple.push(
          rec.files.map((f, i) => [
            encStr(f.path, 'files.path', i),
            encInt(f.size, wire, 'files.size', i),
            encNumber(f.mtimeMs, wire, 'files.mtimeMs'),
            encInt(f.ino, wire, 'files.ino', i),
            f.copy === null ? null : encStr(f.copy, 'files.copy', i),
            ...(f.how || f.sha256 ? [f.how ? encStr(f.how, 'files.how', i) : null] : []),
            ...(f.sha256 ? [encStr(f.sha256, 'files.sha256', i)] : []),
          ]),
        );
      if (rec.fastCalls !== undefined) {
        if (tuple.length === 5) tuple.push(null);
        tuple.push(encInt(rec.fastCalls, wire, 'fastCalls'));
      }
      return tuple;
    }
    case 'start':
      return [
        6,
        encInt(rec.seq, wire, 'seq'),
        encInt(rec.pid, wire, 'pid'),
        encInt(rec.tid, wire, 'tid'),
      ];
    default:
      throw new TraceEncodeError(
        `unknown record type ${JSON.stringify((rec as { t: unknown }).t)}`,
      );
  }
}

/** A record's positional form. Throws {@link TraceEncodeError} on values the format cannot hold. */
export function encodeRecord(rec: TraceRecord): PositionalRecord {
  return positional(rec, false) as PositionalRecord;
}

/**
 * The positional form of `rec` ready for msgpackr (`packTransient` in
 * msgpack.ts): what `pack` (msgpack.ts) makes of {@link encodeRecord}'s result,
 * without a second pass. Throws {@link TraceEncodeError} like {@link encodeRecord}.
 */
export function wireRecord(rec: TraceRecord): unknown[] {
  return positional(rec, true);
}

// --- decoding -------------------------------------------------------------
//
// Integers may come as numbers or, when stored as int64/uint64, as bigints
// (the reader asks msgpackr for bigints, which is cheaper than its own
// conversion); they are handed out as numbers within ±2^53. Field names for
// error messages are built only when a field is bad: a chunk holds thousands
// of records. `index` names an element of an array field.

const MAX_INT_N = 0x20_0000_0000_0000n; // 2^53

function corrupt(message: string): never {
  throw new TraceFormatError('TRACE_CORRUPT', message);
}

/** A bigint within ±2^53 as a number; others unchanged. */
function narrow(v: bigint): number | bigint {
  return v >= -MAX_INT_N && v <= MAX_INT_N ? toNumber(v) : v;
}

function decInt(a: unknown[], i: number, field: string, index = -1): number {
  const v = a[i];
  if (typeof v === 'number' && isInteger(v)) return v;
  if (typeof v === 'bigint') return bigToInt(v, field, index);
  return corrupt(`${fieldName(field, index)} is not an integer`);
}

function bigToInt(v: bigint, field: string, index: number): number {
  const n = narrow(v);
  if (typeof n === 'number') return n;
  return corrupt(`${fieldName(field, index)} is out of range (${v})`);
}

function decNum(a: unknown[], i: number, field: string): number {
  const v = a[i];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return bigToInt(v, field, -1);
  return corrupt(`${field} is not a number`);
}

function decWord(v: unknown, field: string, index = -1): Word {
  if (typeof v === 'number' && isInteger(v)) return v;
  if (typeof v === 'bigint') return narrow(v);
  return corrupt(`${fieldName(field, index)} is not an integer`);
}

function decNullableInt(a: unknown[], i: number, field: string): number | null {
  return a[i] === null || a[i] === undefined ? null : decInt(a, i, field);
}

function decBool(a: unknown[], i: number, field: string): boolean {
  const v = a[i];
  if (typeof v === 'boolean') return v;
  return corrupt(`${field} is not a boolean`);
}

function decStr(v: unknown, field: string, index = -1): string {
  if (typeof v === 'string') return v;
  return corrupt(`${fieldName(field, index)} is not a string`);
}

function decBytes(v: unknown, field: string, index = -1): Uint8Array {
  if (v instanceof Bytes) return v;
  return corrupt(`${fieldName(field, index)} is not binary`);
}

function decArray(v: unknown, field: string, index = -1): unknown[] {
  if (isArray(v)) return v;
  return corrupt(`${fieldName(field, index)} is not an array`);
}

/** `args[arg]`, for a region stored without its address. */
function argAddr(args: Word[], arg: number, i: number): Word {
  if (arg >= 0 && arg < args.length) return args[arg];
  return corrupt(`mem[${i}] has no address and arg ${arg} is not an argument`);
}

function decRegion(v: unknown, args: Word[], i: number): MemRegion {
  const m = decArray(v, 'mem', i);
  if (m.length < 4) corrupt(`mem[${i}] has ${m.length} fields, expected 4`);
  const dir = m[0];
  if (dir !== 0 && dir !== 1 && dir !== 2 && dir !== 3)
    corrupt(`mem[${i}].dir is ${String(dir)}, expected 0 to 3`);
  const arg = decInt(m, 1, 'mem.arg', i);
  return {
    dir: MEM_DIRS[dir as number],
    arg,
    addr: m[2] === null ? argAddr(args, arg, i) : decWord(m[2], 'mem.addr', i),
    bytes: decBytes(m[3], 'mem.bytes', i),
  };
}

function decMem(v: unknown, args: Word[]): MemRegion[] {
  // nil is accepted for "no regions" although writers leave the field out
  if (v === null || v === undefined) return [];
  const list = decArray(v, 'mem');
  const out: MemRegion[] = new Array<MemRegion>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = decRegion(list[i], args, i);
  return out;
}

function decSyscall(a: unknown[]): SyscallRecord {
  const rawArgs = decArray(a[5], 'args');
  const args: Word[] = new Array<Word>(rawArgs.length);
  for (let i = 0; i < rawArgs.length; i++) args[i] = decWord(rawArgs[i], 'args', i);
  return {
    t: 'sys',
    seq: decInt(a, 1, 'seq'),
    pid: decInt(a, 2, 'pid'),
    tid: decInt(a, 3, 'tid'),
    nr: decInt(a, 4, 'nr'),
    args,
    ret: decWord(a[6], 'ret'),
    mem: decMem(a[7], args),
    flags: a.length > 8 ? decInt(a, 8, 'flags') : 0,
    ...(a.length > 10
      ? { time: { start: decInt(a, 9, 'start'), dur: decInt(a, 10, 'duration') } }
      : {}),
  };
}

function decSpawn(a: unknown[]): SpawnRecord {
  const kind = SPAWN_KINDS[decInt(a, 6, 'kind')];
  if (kind === undefined) corrupt(`spawn kind ${String(a[6])} is unknown`);
  return {
    t: 'spawn',
    seq: decInt(a, 1, 'seq'),
    pid: decInt(a, 2, 'pid'),
    tid: decInt(a, 3, 'tid'),
    childPid: decInt(a, 4, 'childPid'),
    childTid: decInt(a, 5, 'childTid'),
    kind,
  };
}

function decExec(a: unknown[]): ExecRecord {
  return {
    t: 'exec',
    seq: decInt(a, 1, 'seq'),
    pid: decInt(a, 2, 'pid'),
    tid: decInt(a, 3, 'tid'),
    path: decStr(a[4], 'path'),
    argv: decArray(a[5], 'argv').map((s, i) => decStr(s, 'argv', i)),
    auxv: decArray(a[6], 'auxv').map((p, i): [number, Word] => {
      const pair = decArray(p, 'auxv', i);
      return [decInt(pair, 0, 'auxv.type', i), decWord(pair[1], 'auxv.value', i)];
    }),
    random: decBytes(a[7], 'random'),
  };
}

function decSignal(a: unknown[]): SignalRecord {
  return {
    t: 'signal',
    seq: decInt(a, 1, 'seq'),
    pid: decInt(a, 2, 'pid'),
    tid: decInt(a, 3, 'tid'),
    signo: decInt(a, 4, 'signo'),
    code: decInt(a, 5, 'code'),
    senderPid: decInt(a, 6, 'senderPid'),
  };
}

function decExit(a: unknown[]): ExitRecord {
  return {
    t: 'exit',
    seq: decInt(a, 1, 'seq'),
    pid: decInt(a, 2, 'pid'),
    tid: decInt(a, 3, 'tid'),
    processExit: decBool(a, 4, 'processExit'),
    code: decNullableInt(a, 5, 'code'),
    signal: decNullableInt(a, 6, 'signal'),
    core: decBool(a, 7, 'core'),
  };
}

function decMappedFile(v: unknown, i: number): MappedFile {
  const f = decArray(v, 'files', i);
  return {
    path: decStr(f[0], 'files.path', i),
    size: decInt(f, 1, 'files.size', i),
    mtimeMs: decNum(f, 2, 'files.mtimeMs'),
    ino: decInt(f, 3, 'files.ino', i),
    copy: f[4] === null || f[4] === undefined ? null : decStr(f[4], 'files.copy', i),
    ...(f[5] === 'exec' ? { how: 'exec' as const } : {}),
    ...(typeof f[6] === 'string' ? { sha256: f[6] } : {}),
  };
}

function decEnd(a: unknown[]): EndRecord {
  const rec: EndRecord = {
    t: 'end',
    seq: decInt(a, 1, 'seq'),
    exitStatus: decInt(a, 2, 'exitStatus'),
    durationMs: decNum(a, 3, 'durationMs'),
    syscalls: decInt(a, 4, 'syscalls'),
  };
  if (a[5] !== undefined && a[5] !== null)
    rec.files = decArray(a[5], 'files').map((f, i) => decMappedFile(f, i));
  if (a[6] !== undefined && a[6] !== null) rec.fastCalls = decInt(a, 6, 'fastCalls');
  return rec;
}

function decStart(a: unknown[]): StartRecord {
  return {
    t: 'start',
    seq: decInt(a, 1, 'seq'),
    pid: decInt(a, 2, 'pid'),
    tid: decInt(a, 3, 'tid'),
  };
}

/** Fewest elements each tag needs; trailing elements beyond the known ones are ignored. */
const MIN_LENGTH = [7, 7, 8, 7, 8, 5, 4];
const DECODERS: ((a: unknown[]) => TraceRecord)[] = [
  decSyscall,
  decSpawn,
  decExec,
  decSignal,
  decExit,
  decEnd,
  decStart,
];

/**
 * The tag of a positional record, or -1 when `value` is not one. Readers use it
 * to skip record types added by newer minor versions.
 */
export function recordTag(value: unknown): number {
  if (!isArray(value)) return -1;
  const tag: unknown = value[0];
  return typeof tag === 'number' && isInteger(tag) && tag >= 0 ? tag : -1;
}

/**
 * A record from its positional form (as decoded from MessagePack).
 * Throws {@link TraceFormatError} (`TRACE_CORRUPT`) when it is malformed or its
 * tag is unknown. Elements past the known fields are ignored: newer minor
 * versions may append fields.
 */
export function decodeRecord(value: unknown): TraceRecord {
  const tag = recordTag(value);
  if (tag < 0) corrupt('record is not an array starting with a type tag');
  if (tag > MAX_RECORD_TAG) corrupt(`unknown record type tag ${tag}`);
  const a = value as unknown[];
  const rec = DECODERS[tag];
  if (a.length < MIN_LENGTH[tag]) {
    corrupt(`record with tag ${tag} has ${a.length} fields, expected at least ${MIN_LENGTH[tag]}`);
  }
  return rec(a);
}

/**
 * The records in `bytes`: positional records packed one after the other (as
 * {@link TraceWriter.appendPacked} takes them). Throws like {@link decodeRecord}.
 */
export function unpackRecords(bytes: Uint8Array): TraceRecord[] {
  return unpackRawSequence(bytes).map((v) => decodeRecord(v));
}
