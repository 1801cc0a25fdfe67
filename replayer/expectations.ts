/**
 * Encoding recorded records into the packed layout the C core reads during
 * replay (the same layouts it writes while recording, see
 * recorder/native/systape.h), annotated with how to replay each call.
 */
import type { TraceRecord, Word } from '../formats/trace/records';
import { STDERR, STDOUT, int32, isFileMapping, type FileTable } from '../formats/trace/descriptors';
import { SYSCALL_EVENT_SIZE } from '../recorder/events';
import { NO_FD, type PackedCalls } from './packed';
import { callFlags, outputFdArg, replayFlags } from './policy';

const EV_SYSCALL = 1;
const EV_SPAWN = 2;
const EV_EXEC = 3;
const EV_SIGNAL = 4;
const EV_EXIT = 5;
const EV_END = 6;
const EV_START = 13;
const REGION_FILE_PATH = 2;
/** MemRegion.dir as the C core numbers it (enum st_dir). */
const C_DIRS = { in: 0, out: 1, data: 3, path: 4 } as const;
const TWO_32 = 0x1_0000_0000;

const SPAWN_KINDS = { process: 0, thread: 1, vfork: 2 } as const;

function pad8(n: number): number {
  return (n + 7) & ~7;
}

function writeWord(buf: Buffer, off: number, w: Word): void {
  if (typeof w === 'number' && Number.isSafeInteger(w)) {
    const hi = Math.floor(w / TWO_32);
    buf.writeUInt32LE(w - hi * TWO_32, off);
    buf.writeInt32LE(hi | 0, off + 4);
  } else {
    buf.writeBigUInt64LE(BigInt.asUintN(64, BigInt(w)), off);
  }
}

/**
 * Room in `out` for a record of `size` bytes, with its header written and, for
 * records of a thread (all but the end), its pid and tid at 16 and 20.
 * Returns where the record starts.
 */
function begin(
  out: ExpectationBatch,
  size: number,
  type: number,
  flags: number,
  rec: { seq: number; pid?: number; tid?: number },
): number {
  const at = out.reserve(size);
  const buf = out.buf;
  buf.writeUInt32LE(size, at);
  buf.writeUInt16LE(type, at + 4);
  buf.writeUInt16LE(flags, at + 6);
  writeWord(buf, at + 8, rec.seq);
  if (rec.pid !== undefined && rec.tid !== undefined) {
    buf.writeInt32LE(rec.pid, at + 16);
    buf.writeInt32LE(rec.tid, at + 20);
  }
  return at;
}

/** Whether descriptor `fd` of process `pid` is the original stdout or stderr. */
function echoOf(files: FileTable, pid: number, fd: number | undefined): 'stdout' | 'stderr' | null {
  const target = fd === undefined ? undefined : files.pathOf(pid, fd);
  return target === STDOUT ? 'stdout' : target === STDERR ? 'stderr' : null;
}

/**
 * Expectations encoded back to back into one growing buffer, sent in batches:
 * no buffer per record (a trace can hold millions of them).
 */
export class ExpectationBatch {
  buf = Buffer.allocUnsafe(1 << 20);
  len = 0;

  /** Room for a record of `size` bytes, zeroed; returns where it starts. */
  reserve(size: number): number {
    if (this.len + size > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.len + size));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    const at = this.len;
    this.buf.fill(0, at, at + size);
    this.len += size;
    return at;
  }

  /** The bytes so far (a copy), and start over. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.len));
    this.len = 0;
    return out;
  }
}

const EV_PACKED = 14;

/**
 * Encode a run of calls in the trace's own form (struct ev_packed, then each
 * call's replay flags as uint16, then the MessagePack, each part padded to 8).
 */
export function encodePacked(run: PackedCalls, files: FileTable, out: ExpectationBatch): void {
  const flagsLen = pad8(2 * run.count);
  const size = 16 + flagsLen + pad8(run.bytes.length);
  const at = out.reserve(size);
  const buf = out.buf;
  buf.writeUInt32LE(size, at);
  buf.writeUInt16LE(EV_PACKED, at + 4);
  buf.writeUInt32LE(run.count, at + 8);
  buf.writeUInt32LE(run.bytes.length, at + 12);
  for (let i = 0; i < run.count; i++) {
    const fd = run.outFd[i];
    const echo = echoOf(files, run.pid[i], fd === NO_FD ? undefined : fd);
    const flags = callFlags(run.nr[i], echo, run.positive[i]);
    // (little-endian u16, by hand: writeUInt16LE checks its bounds at every call)
    buf[at + 16 + 2 * i] = flags & 0xff;
    buf[at + 17 + 2 * i] = flags >> 8;
    const change = run.changes?.[i];
    if (change) files.observe(change);
  }
  run.bytes.copy(buf, at + 16 + flagsLen);
}

/** A wait(2) status from an exit record. */
function waitStatus(code: number | null, signal: number | null, core: boolean): number {
  if (signal !== null) return signal | (core ? 0x80 : 0);
  return ((code ?? 0) & 0xff) << 8;
}

/**
 * Encode one record. `files` must have seen every earlier record (it names
 * the file behind a mapping); the caller feeds it this record afterwards.
 * `fillFrom` says where to read a mapped file's recorded contents (the file
 * itself, or a copy of it as it was).
 */
export function encodeExpectation(
  rec: TraceRecord,
  files: FileTable,
  out: ExpectationBatch,
  fillFrom: (file: string) => string = (file) => file,
): void {
  switch (rec.t) {
    case 'sys': {
      let mapped: Buffer | undefined;
      // the recorded path of a mapped file (traces before it had one: from the fd table)
      const pathRegion = rec.mem.find((m) => m.dir === 'path');
      const regions = pathRegion ? rec.mem.filter((m) => m !== pathRegion) : rec.mem;
      if (isFileMapping(rec)) {
        const file = pathRegion
          ? Buffer.from(pathRegion.bytes).toString('utf8')
          : files.pathOf(rec.pid, int32(rec.args[4]));
        if (file !== undefined) mapped = Buffer.from(`${fillFrom(file)}\0`);
      }
      let size = SYSCALL_EVENT_SIZE;
      for (const m of regions) size += 16 + pad8(m.bytes.length);
      if (mapped) size += 16 + pad8(mapped.length);
      const outArg = outputFdArg(rec.nr);
      const echo = echoOf(
        files,
        rec.pid,
        outArg === undefined ? undefined : int32(rec.args[outArg] ?? 0),
      );
      const at = begin(out, size, EV_SYSCALL, replayFlags(rec, echo), rec);
      const buf = out.buf;
      buf.writeInt32LE(rec.nr, at + 24);
      buf.writeUInt32LE(regions.length + (mapped ? 1 : 0), at + 28);
      for (let i = 0; i < 6; i++) writeWord(buf, at + 32 + 8 * i, rec.args[i] ?? 0);
      writeWord(buf, at + 80, rec.ret);
      let off = at + SYSCALL_EVENT_SIZE;
      const region = (dir: number, arg: number, addr: Word, bytes: Uint8Array) => {
        buf[off] = dir;
        buf[off + 1] = arg & 0xff;
        buf.writeUInt32LE(bytes.length, off + 4);
        writeWord(buf, off + 8, addr);
        buf.set(bytes, off + 16);
        off += 16 + pad8(bytes.length);
      };
      for (const m of regions) region(C_DIRS[m.dir], m.arg, m.addr, m.bytes);
      // addr 1: the file may be mapped itself (it is the recorded one, or a copy of it)
      if (mapped) region(REGION_FILE_PATH, 4, 1, mapped);
      return;
    }
    case 'spawn': {
      const at = begin(out, 40, EV_SPAWN, 0, rec);
      const buf = out.buf;
      buf.writeInt32LE(rec.childPid, at + 24);
      buf.writeInt32LE(rec.childTid, at + 28);
      buf.writeUInt32LE(SPAWN_KINDS[rec.kind], at + 32);
      return;
    }
    case 'exec': {
      const path = Buffer.from(rec.path);
      const argv = Buffer.from(rec.argv.map((a) => `${a}\0`).join(''));
      const size = pad8(56 + rec.auxv.length * 16 + path.length + argv.length);
      const at = begin(out, size, EV_EXEC, 0, rec);
      const buf = out.buf;
      buf.writeUInt32LE(path.length, at + 24);
      buf.writeUInt32LE(argv.length, at + 28);
      buf.writeUInt32LE(rec.auxv.length, at + 32);
      buf.set(rec.random.subarray(0, 16), at + 40);
      let off = at + 56;
      for (const [type, value] of rec.auxv) {
        writeWord(buf, off, type);
        writeWord(buf, off + 8, value);
        off += 16;
      }
      buf.set(path, off);
      buf.set(argv, off + path.length);
      return;
    }
    case 'start':
      begin(out, 24, EV_START, 0, rec);
      return;
    case 'signal': {
      const at = begin(out, 40, EV_SIGNAL, 0, rec);
      const buf = out.buf;
      buf.writeInt32LE(rec.signo, at + 24);
      buf.writeInt32LE(rec.code, at + 28);
      buf.writeInt32LE(rec.senderPid, at + 32);
      return;
    }
    case 'exit': {
      const at = begin(out, 32, EV_EXIT, 0, rec);
      const buf = out.buf;
      buf.writeInt32LE(waitStatus(rec.code, rec.signal, rec.core), at + 24);
      return;
    }
    case 'end': {
      const at = begin(out, 32, EV_END, 0, rec);
      const buf = out.buf;
      buf.writeUInt32LE(rec.exitStatus, at + 16);
      buf.writeBigUInt64LE(BigInt(rec.syscalls), at + 24);
      return;
    }
  }
}
