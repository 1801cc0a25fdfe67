/**
 * Encoding recorded records into the packed layout the C core reads during
 * replay (the same layouts it writes while recording, see
 * recorder/native/systape.h), annotated with how to replay each call.
 */
import type { TraceRecord, Word } from '../formats/trace/records';
import { STDERR, STDOUT, int32, isFileMapping, type FileTable } from '../formats/trace/descriptors';
import { outputFdArg, replayFlags } from './policy';

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

function header(buf: Buffer, size: number, type: number, flags: number, seq: number): void {
  buf.writeUInt32LE(size, 0);
  buf.writeUInt16LE(type, 4);
  buf.writeUInt16LE(flags, 6);
  buf.writeBigUInt64LE(BigInt(seq), 8);
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
  fillFrom: (file: string) => string = (file) => file,
): Buffer {
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
      let size = 88;
      for (const m of regions) size += 16 + pad8(m.bytes.length);
      if (mapped) size += 16 + pad8(mapped.length);
      const buf = Buffer.alloc(size);
      const outArg = outputFdArg(rec.nr);
      const target =
        outArg === undefined ? undefined : files.pathOf(rec.pid, int32(rec.args[outArg] ?? 0));
      const echo = target === STDOUT ? 'stdout' : target === STDERR ? 'stderr' : null;
      header(buf, size, EV_SYSCALL, replayFlags(rec, echo), rec.seq);
      buf.writeInt32LE(rec.pid, 16);
      buf.writeInt32LE(rec.tid, 20);
      buf.writeInt32LE(rec.nr, 24);
      buf.writeUInt32LE(regions.length + (mapped ? 1 : 0), 28);
      for (let i = 0; i < 6; i++) writeWord(buf, 32 + 8 * i, rec.args[i] ?? 0);
      writeWord(buf, 80, rec.ret);
      let off = 88;
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
      return buf;
    }
    case 'spawn': {
      const buf = Buffer.alloc(40);
      header(buf, 40, EV_SPAWN, 0, rec.seq);
      buf.writeInt32LE(rec.pid, 16);
      buf.writeInt32LE(rec.tid, 20);
      buf.writeInt32LE(rec.childPid, 24);
      buf.writeInt32LE(rec.childTid, 28);
      buf.writeUInt32LE(SPAWN_KINDS[rec.kind], 32);
      return buf;
    }
    case 'exec': {
      const path = Buffer.from(rec.path);
      const argv = Buffer.from(rec.argv.map((a) => `${a}\0`).join(''));
      const size = pad8(56 + rec.auxv.length * 16 + path.length + argv.length);
      const buf = Buffer.alloc(size);
      header(buf, size, EV_EXEC, 0, rec.seq);
      buf.writeInt32LE(rec.pid, 16);
      buf.writeInt32LE(rec.tid, 20);
      buf.writeUInt32LE(path.length, 24);
      buf.writeUInt32LE(argv.length, 28);
      buf.writeUInt32LE(rec.auxv.length, 32);
      buf.set(rec.random.subarray(0, 16), 40);
      let off = 56;
      for (const [type, value] of rec.auxv) {
        writeWord(buf, off, type);
        writeWord(buf, off + 8, value);
        off += 16;
      }
      buf.set(path, off);
      buf.set(argv, off + path.length);
      return buf;
    }
    case 'start': {
      const buf = Buffer.alloc(24);
      header(buf, 24, EV_START, 0, rec.seq);
      buf.writeInt32LE(rec.pid, 16);
      buf.writeInt32LE(rec.tid, 20);
      return buf;
    }
    case 'signal': {
      const buf = Buffer.alloc(40);
      header(buf, 40, EV_SIGNAL, 0, rec.seq);
      buf.writeInt32LE(rec.pid, 16);
      buf.writeInt32LE(rec.tid, 20);
      buf.writeInt32LE(rec.signo, 24);
      buf.writeInt32LE(rec.code, 28);
      buf.writeInt32LE(rec.senderPid, 32);
      return buf;
    }
    case 'exit': {
      const buf = Buffer.alloc(32);
      header(buf, 32, EV_EXIT, 0, rec.seq);
      buf.writeInt32LE(rec.pid, 16);
      buf.writeInt32LE(rec.tid, 20);
      buf.writeInt32LE(waitStatus(rec.code, rec.signal, rec.core), 24);
      return buf;
    }
    case 'end': {
      const buf = Buffer.alloc(32);
      header(buf, 32, EV_END, 0, rec.seq);
      buf.writeUInt32LE(rec.exitStatus, 16);
      buf.writeBigUInt64LE(BigInt(rec.syscalls), 24);
      return buf;
    }
  }
}
