/**
 * Records ⇄ their positional on-disk form (see README.md, "Records").
 *
 * Each record is stored as a MessagePack array whose first element is a type
 * tag; field names are never stored, because a trace holds millions of them.
 * {@link encodeRecord} and {@link decodeRecord} are the reference mapping;
 * {@link writeRecord} and {@link readRecord} go straight between records and
 * bytes, with a fast path for syscall records (the bulk of every trace) that
 * skips the intermediate arrays.
 */
import { TraceEncodeError, TraceFormatError } from '../errors';
import type { MsgpackReader, MsgpackWriter } from './msgpack';
import type {
  EndRecord,
  ExecRecord,
  ExitRecord,
  MemRegion,
  SignalRecord,
  SpawnRecord,
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
} as const;

/** The highest tag this version knows; higher ones come from newer minor versions. */
export const MAX_RECORD_TAG = 5;

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
/** `[5, seq, exitStatus, durationMs, syscalls]` */
export type EndTuple = [
  tag: 5,
  seq: number,
  exitStatus: number,
  durationMs: number,
  syscalls: number,
];

/** A record in its positional form. */
export type PositionalRecord =
  SyscallTuple | SpawnTuple | ExecTuple | SignalTuple | ExitTuple | EndTuple;

const SPAWN_KINDS = ['process', 'thread', 'vfork'] as const;

// --- encoding -------------------------------------------------------------

function encInt(v: number, field: string): number {
  if (!Number.isInteger(v)) throw new TraceEncodeError(`${field} must be an integer, got ${v}`);
  return v;
}

function encWord(v: Word, field: string): Word {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new TraceEncodeError(`${field} must be an integer number or bigint, got ${String(v)}`);
}

function encBytes(v: Uint8Array, field: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TraceEncodeError(`${field} must be a Uint8Array`);
  return v;
}

function encStr(v: string, field: string): string {
  if (typeof v !== 'string') throw new TraceEncodeError(`${field} must be a string`);
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

function encMem(m: MemRegion, args: Word[]): MemTuple {
  if (m.dir !== 'in' && m.dir !== 'out') {
    throw new TraceEncodeError(`mem.dir must be 'in' or 'out', got ${String(m.dir)}`);
  }
  return [
    m.dir === 'in' ? 0 : 1,
    encInt(m.arg, 'mem.arg'),
    addrIsArg(m, args) ? null : encWord(m.addr, 'mem.addr'),
    encBytes(m.bytes, 'mem.bytes'),
  ];
}

/** A record's positional form. Throws {@link TraceEncodeError} on values the format cannot hold. */
export function encodeRecord(rec: TraceRecord): PositionalRecord {
  switch (rec.t) {
    case 'sys': {
      const head = [
        0,
        encInt(rec.seq, 'seq'),
        encInt(rec.pid, 'pid'),
        encInt(rec.tid, 'tid'),
        encInt(rec.nr, 'nr'),
        rec.args.map((a, i) => encWord(a, `args[${i}]`)),
        encWord(rec.ret, 'ret'),
      ] as [0, number, number, number, number, Word[], Word];
      const flags = encInt(rec.flags, 'flags');
      const mem = (): MemTuple[] => rec.mem.map((m) => encMem(m, rec.args));
      if (flags !== 0) return [...head, mem(), flags];
      if (rec.mem.length > 0) return [...head, mem()];
      return head;
    }
    case 'spawn': {
      const kind = SPAWN_KINDS.indexOf(rec.kind);
      if (kind < 0) throw new TraceEncodeError(`spawn kind ${String(rec.kind)} is unknown`);
      return [
        1,
        encInt(rec.seq, 'seq'),
        encInt(rec.pid, 'pid'),
        encInt(rec.tid, 'tid'),
        encInt(rec.childPid, 'childPid'),
        encInt(rec.childTid, 'childTid'),
        kind as 0 | 1 | 2,
      ];
    }
    case 'exec':
      return [
        2,
        encInt(rec.seq, 'seq'),
        encInt(rec.pid, 'pid'),
        encInt(rec.tid, 'tid'),
        encStr(rec.path, 'path'),
        rec.argv.map((a, i) => encStr(a, `argv[${i}]`)),
        rec.auxv.map(([type, value], i): [number, Word] => [
          encInt(type, `auxv[${i}].type`),
          encWord(value, `auxv[${i}].value`),
        ]),
        encBytes(rec.random, 'random'),
      ];
    case 'signal':
      return [
        3,
        encInt(rec.seq, 'seq'),
        encInt(rec.pid, 'pid'),
        encInt(rec.tid, 'tid'),
        encInt(rec.signo, 'signo'),
        encInt(rec.code, 'code'),
        encInt(rec.senderPid, 'senderPid'),
      ];
    case 'exit':
      return [
        4,
        encInt(rec.seq, 'seq'),
        encInt(rec.pid, 'pid'),
        encInt(rec.tid, 'tid'),
        encBool(rec.processExit, 'processExit'),
        rec.code === null ? null : encInt(rec.code, 'code'),
        rec.signal === null ? null : encInt(rec.signal, 'signal'),
        encBool(rec.core, 'core'),
      ];
    case 'end':
      if (typeof rec.durationMs !== 'number') {
        throw new TraceEncodeError(`durationMs must be a number, got ${String(rec.durationMs)}`);
      }
      return [
        5,
        encInt(rec.seq, 'seq'),
        encInt(rec.exitStatus, 'exitStatus'),
        rec.durationMs,
        encInt(rec.syscalls, 'syscalls'),
      ];
    default:
      throw new TraceEncodeError(
        `unknown record type ${JSON.stringify((rec as { t: unknown }).t)}`,
      );
  }
}

/**
 * Appends one record to `w`, byte for byte what `w.value(encodeRecord(rec))`
 * would write. Syscall records, the bulk of every trace, skip the intermediate
 * array. On error `w` may hold a partial record: the caller rewinds `w.pos`.
 */
export function writeRecord(w: MsgpackWriter, rec: TraceRecord): void {
  if (rec.t !== 'sys') {
    w.value(encodeRecord(rec));
    return;
  }
  const { mem, flags, args } = rec;
  const n = flags !== 0 ? 9 : mem.length > 0 ? 8 : 7;
  w.arrayHeader(n);
  w.int(0);
  w.int(rec.seq);
  w.int(rec.pid);
  w.int(rec.tid);
  w.int(rec.nr);
  w.arrayHeader(args.length);
  for (let i = 0; i < args.length; i++) w.word(args[i]);
  w.word(rec.ret);
  if (n === 7) return;
  w.arrayHeader(mem.length);
  for (let i = 0; i < mem.length; i++) {
    const m = mem[i];
    w.arrayHeader(4);
    if (m.dir === 'out') w.int(1);
    else if (m.dir === 'in') w.int(0);
    else throw new TraceEncodeError(`mem.dir must be 'in' or 'out', got ${String(m.dir)}`);
    w.int(m.arg);
    if (addrIsArg(m, args)) w.nil();
    else w.word(m.addr);
    w.bin(encBytes(m.bytes, 'mem.bytes'));
  }
  if (n === 9) w.int(flags);
}

// --- decoding -------------------------------------------------------------

function corrupt(message: string): never {
  throw new TraceFormatError('TRACE_CORRUPT', message);
}

function decInt(a: unknown[], i: number, field: string): number {
  const v = a[i];
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return corrupt(`${field} is not an integer`);
}

function decNum(a: unknown[], i: number, field: string): number {
  const v = a[i];
  if (typeof v === 'number') return v;
  return corrupt(`${field} is not a number`);
}

function decWord(v: unknown, field: string): Word {
  if ((typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint') return v;
  return corrupt(`${field} is not an integer`);
}

function decNullableInt(a: unknown[], i: number, field: string): number | null {
  return a[i] === null || a[i] === undefined ? null : decInt(a, i, field);
}

function decBool(a: unknown[], i: number, field: string): boolean {
  const v = a[i];
  if (typeof v === 'boolean') return v;
  return corrupt(`${field} is not a boolean`);
}

function decStr(v: unknown, field: string): string {
  if (typeof v === 'string') return v;
  return corrupt(`${field} is not a string`);
}

function decBytes(v: unknown, field: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  return corrupt(`${field} is not binary`);
}

function decArray(v: unknown, field: string): unknown[] {
  if (Array.isArray(v)) return v;
  return corrupt(`${field} is not an array`);
}

/** `args[arg]`, for a region stored without its address. */
function argAddr(args: Word[], arg: number, i: number): Word {
  if (arg >= 0 && arg < args.length) return args[arg];
  return corrupt(`mem[${i}] has no address and arg ${arg} is not an argument`);
}

function decMem(v: unknown, args: Word[]): MemRegion[] {
  // nil is accepted for "no regions" although writers leave the field out
  if (v === null || v === undefined) return [];
  const list = decArray(v, 'mem');
  const out: MemRegion[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const m = decArray(list[i], `mem[${i}]`);
    if (m.length < 4) corrupt(`mem[${i}] has ${m.length} fields, expected 4`);
    const dir = m[0];
    if (dir !== 0 && dir !== 1) corrupt(`mem[${i}].dir is ${String(dir)}, expected 0 or 1`);
    const arg = decInt(m, 1, `mem[${i}].arg`);
    out[i] = {
      dir: dir === 0 ? 'in' : 'out',
      arg,
      addr: m[2] === null ? argAddr(args, arg, i) : decWord(m[2], `mem[${i}].addr`),
      bytes: decBytes(m[3], `mem[${i}].bytes`),
    };
  }
  return out;
}

function decSyscall(a: unknown[]): SyscallRecord {
  const rawArgs = decArray(a[5], 'args');
  const args: Word[] = new Array(rawArgs.length);
  for (let i = 0; i < rawArgs.length; i++) args[i] = decWord(rawArgs[i], `args[${i}]`);
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
    argv: decArray(a[5], 'argv').map((s, i) => decStr(s, `argv[${i}]`)),
    auxv: decArray(a[6], 'auxv').map((p, i): [number, Word] => {
      const pair = decArray(p, `auxv[${i}]`);
      return [decInt(pair, 0, `auxv[${i}].type`), decWord(pair[1], `auxv[${i}].value`)];
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

function decEnd(a: unknown[]): EndRecord {
  return {
    t: 'end',
    seq: decInt(a, 1, 'seq'),
    exitStatus: decInt(a, 2, 'exitStatus'),
    durationMs: decNum(a, 3, 'durationMs'),
    syscalls: decInt(a, 4, 'syscalls'),
  };
}

/** Fewest elements each tag needs; trailing elements beyond the known ones are ignored. */
const MIN_LENGTH = [7, 7, 8, 7, 8, 5];
const DECODERS: ((a: unknown[]) => TraceRecord)[] = [
  decSyscall,
  decSpawn,
  decExec,
  decSignal,
  decExit,
  decEnd,
];

/**
 * The tag of a positional record, or -1 when `value` is not one. Readers use it
 * to skip record types added by newer minor versions.
 */
export function recordTag(value: unknown): number {
  if (!Array.isArray(value)) return -1;
  const tag: unknown = value[0];
  return typeof tag === 'number' && Number.isInteger(tag) && tag >= 0 ? tag : -1;
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

function readMem(r: MsgpackReader, args: Word[]): MemRegion[] {
  if (r.nil()) return [];
  const n = r.arrayHeader('mem');
  const out: MemRegion[] = [];
  for (let i = 0; i < n; i++) {
    const fields = r.arrayHeader('mem region');
    if (fields < 4) r.fail(`mem[${i}] has ${fields} fields, expected 4`);
    const dir = r.int('mem.dir');
    if (dir !== 0 && dir !== 1) r.fail(`mem[${i}].dir is ${dir}, expected 0 or 1`);
    const arg = r.int('mem.arg');
    out.push({
      dir: dir === 0 ? 'in' : 'out',
      arg,
      addr: r.nil() ? argAddr(args, arg, i) : r.word('mem.addr'),
      bytes: r.bin('mem.bytes'),
    });
    for (let k = 4; k < fields; k++) r.skip();
  }
  return out;
}

/**
 * Reads one record from `r`, the same as `decodeRecord(r.value())`.
 * Returns undefined for a record whose tag is unknown when `skipUnknown` is set
 * (the file comes from a newer minor version); otherwise such a record throws.
 */
export function readRecord(r: MsgpackReader, skipUnknown: boolean): TraceRecord | undefined {
  const start = r.pos;
  const n = r.arrayHeader('record');
  if (n >= 7 && r.peek() === 0) {
    r.pos++;
    const seq = r.int('seq');
    const pid = r.int('pid');
    const tid = r.int('tid');
    const nr = r.int('nr');
    const na = r.arrayHeader('args');
    const args: Word[] = [];
    for (let i = 0; i < na; i++) args.push(r.word('args'));
    const ret = r.word('ret');
    const mem = n > 7 ? readMem(r, args) : [];
    const flags = n > 8 ? r.int('flags') : 0;
    for (let k = 9; k < n; k++) r.skip();
    return { t: 'sys', seq, pid, tid, nr, args, ret, mem, flags };
  }
  r.pos = start;
  const value = r.value();
  if (skipUnknown && recordTag(value) > MAX_RECORD_TAG) return undefined;
  return decodeRecord(value);
}
