/**
 * Decoding of the packed event stream the C core writes to its pipe
 * (layouts in recorder/native/systape.h) into trace records.
 */
import type { MemRegion, SyscallRecord, TraceRecord, Word } from '../formats/trace/records';

const EV_SYSCALL = 1;
/** sizeof(struct ev_syscall): its memory regions follow */
export const SYSCALL_EVENT_SIZE = 104;
const EV_SPAWN = 2;
const EV_EXEC = 3;
const EV_SIGNAL = 4;
const EV_EXIT = 5;
const EV_END = 6;
const EV_STARTED = 7;
const EV_EXEC_FAILED = 8;
const EV_ERROR = 9;
/** EV_ERROR's flag: the program could not be started as asked (EVE_CANNOT_START) */
const EVE_CANNOT_START = 1;
const EV_DIVERGED = 10;
const EV_ECHO = 11;
const EV_START = 13;
const EV_PACKED = 14;
const EV_ICALL = 15;
const EV_SITES = 20;
/** EV_PACKED's flags: a record in the batch maps a file */
const EVP_MAPS = 1;

const SPAWN_KINDS = ['process', 'thread', 'vfork'] as const;
/** MemRegion.dir by the C core's enum st_dir (2 is replay's file-path region). */
const C_DIRS: Record<number, MemRegion['dir']> = { 0: 'in', 1: 'out', 3: 'data', 4: 'path' };
const TWO_32 = 0x1_0000_0000;

/** Control events that are not trace records. */
export type ControlEvent =
  | { t: 'started'; rootPid: number }
  | { t: 'exec-failed'; errno: number }
  /** `cannotStart`: the program could not be started as asked (its packed files not in place) */
  | { t: 'error'; errno: number; message: string; cannotStart: boolean }
  /** the session ended; `divergences` counts replay's, reported or not */
  | {
      t: 'finished';
      seq: number;
      rootStatus: number;
      syscalls: number;
      /** how many of the syscalls the in-process hook recorded (the fast path) */
      fastCalls: number;
      divergences: number;
    }
  /** replay: the program did something else than recorded (the actual call follows as a 'sys' event when `hasCall`); `stopped` when replay stopped it there */
  | {
      t: 'diverged';
      expectedSeq: number | null;
      reason: number;
      pid: number;
      tid: number;
      recordedTid: number;
      hasCall: boolean;
      stopped: boolean;
      /** what the call returned, when it ran for real (a 'result' divergence) */
      actualRet: Word | null;
    }
  /** replay: bytes the program wrote to stdout (1) or stderr (2) */
  | { t: 'echo'; fd: number; bytes: Buffer }
  /**
   * record, replay: the sites the fast path patched, for the next session of the same
   * program (recorder/site-cache.ts); sent at the end, when some were not known before
   */
  | { t: 'sites'; bytes: Buffer }
  /**
   * record: `count` syscall records already packed in the trace's form (the
   * fast path's); `mapsFiles` when some of them map a file (carry its path)
   */
  | { t: 'packed'; count: number; bytes: Buffer; mapsFiles: boolean }
  /**
   * intercept: a filtered call stopped at its entry or exit; the tracer
   * waits for a decision (see recorder/intercept.ts)
   */
  | {
      t: 'icall';
      seq: number;
      pid: number;
      tid: number;
      nr: number;
      phase: 'entry' | 'exit';
      /** the six argument registers */
      args: bigint[];
      /** exit: the result register, signed */
      ret: bigint;
      /** the stack pointer at the call's entry */
      sp: bigint;
    };

export type EngineEvent = TraceRecord | ControlEvent;

/** A signed 64-bit value: a number when exact, else a bigint. */
function readWord(buf: Buffer, off: number): Word {
  const hi = buf.readInt32LE(off + 4);
  // |hi| < 2^21 keeps hi * 2^32 + lo within Number.MAX_SAFE_INTEGER.
  if (hi >= -0x20_0000 && hi < 0x20_0000) return hi * TWO_32 + buf.readUInt32LE(off);
  return buf.readBigInt64LE(off);
}

function pad8(n: number): number {
  return (n + 7) & ~7;
}

/** Split a wait(2) status into exit code or terminating signal. */
export function decodeWaitStatus(status: number): {
  code: number | null;
  signal: number | null;
  core: boolean;
} {
  const sig = status & 0x7f;
  if (sig === 0) return { code: (status >> 8) & 0xff, signal: null, core: false };
  return { code: null, signal: sig, core: (status & 0x80) !== 0 };
}

/** A shell's view of a wait status: the exit code, or 128 + signal. */
export function shellStatus(status: number): number {
  const { code, signal } = decodeWaitStatus(status);
  return code ?? 128 + (signal ?? 0);
}

function decodeSyscall(buf: Buffer, off: number, flags: number): TraceRecord {
  const nmem = buf.readUInt32LE(off + 28);
  const args: Word[] = new Array(6);
  for (let i = 0; i < 6; i++) args[i] = readWord(buf, off + 32 + 8 * i);
  const mem: MemRegion[] = [];
  let p = off + SYSCALL_EVENT_SIZE;
  for (let i = 0; i < nmem; i++) {
    const len = buf.readUInt32LE(p + 4);
    mem.push({
      dir: C_DIRS[buf[p]] ?? 'in',
      arg: buf[p + 1],
      addr: readWord(buf, p + 8),
      bytes: buf.subarray(p + 16, p + 16 + len),
    });
    p += 16 + pad8(len);
  }
  const rec: SyscallRecord = {
    t: 'sys',
    seq: Number(buf.readBigUInt64LE(off + 8)),
    pid: buf.readInt32LE(off + 16),
    tid: buf.readInt32LE(off + 20),
    nr: buf.readInt32LE(off + 24),
    args,
    ret: readWord(buf, off + 80),
    mem,
    flags,
  };
  // stamped by the tracer (timing.c): start since the recording began, duration; 0 when unknown
  const dur = Number(buf.readBigUInt64LE(off + 96));
  if (dur !== 0) rec.time = { start: Number(buf.readBigUInt64LE(off + 88)), dur };
  return rec;
}

function decodeExec(buf: Buffer, off: number): TraceRecord {
  const pathLen = buf.readUInt32LE(off + 24);
  const argvLen = buf.readUInt32LE(off + 28);
  const auxvN = buf.readUInt32LE(off + 32);
  const auxv: [number, Word][] = [];
  let p = off + 56;
  for (let i = 0; i < auxvN; i++, p += 16)
    auxv.push([Number(readWord(buf, p)), readWord(buf, p + 8)]);
  const path = buf.toString('utf8', p, p + pathLen);
  p += pathLen;
  const argvText = buf.toString('utf8', p, p + argvLen);
  const argv = argvText.length ? argvText.slice(0, -1).split('\0') : [];
  return {
    t: 'exec',
    seq: Number(buf.readBigUInt64LE(off + 8)),
    pid: buf.readInt32LE(off + 16),
    tid: buf.readInt32LE(off + 20),
    path,
    argv,
    auxv,
    random: Uint8Array.prototype.slice.call(buf, off + 40, off + 56),
  };
}

function decodeEvent(buf: Buffer, off: number, type: number, flags: number): EngineEvent {
  switch (type) {
    case EV_SYSCALL:
      return decodeSyscall(buf, off, flags);
    case EV_PACKED: {
      const len = buf.readUInt32LE(off + 12);
      return {
        t: 'packed',
        count: buf.readUInt32LE(off + 8),
        bytes: buf.subarray(off + 16, off + 16 + len),
        mapsFiles: (flags & EVP_MAPS) !== 0,
      };
    }
    case EV_SPAWN:
      return {
        t: 'spawn',
        seq: Number(buf.readBigUInt64LE(off + 8)),
        pid: buf.readInt32LE(off + 16),
        tid: buf.readInt32LE(off + 20),
        childPid: buf.readInt32LE(off + 24),
        childTid: buf.readInt32LE(off + 28),
        kind: SPAWN_KINDS[buf.readUInt32LE(off + 32)] ?? 'process',
      };
    case EV_EXEC:
      return decodeExec(buf, off);
    case EV_SIGNAL:
      return {
        t: 'signal',
        seq: Number(buf.readBigUInt64LE(off + 8)),
        pid: buf.readInt32LE(off + 16),
        tid: buf.readInt32LE(off + 20),
        signo: buf.readInt32LE(off + 24),
        code: buf.readInt32LE(off + 28),
        senderPid: buf.readInt32LE(off + 32),
      };
    case EV_EXIT: {
      const pid = buf.readInt32LE(off + 16);
      const tid = buf.readInt32LE(off + 20);
      return {
        t: 'exit',
        seq: Number(buf.readBigUInt64LE(off + 8)),
        pid,
        tid,
        // a leader superseded by another thread's execve lives on as that thread
        processExit: pid === tid && buf.readUInt32LE(off + 28) === 0,
        ...decodeWaitStatus(buf.readInt32LE(off + 24)),
      };
    }
    case EV_END:
      return {
        t: 'finished',
        seq: Number(buf.readBigUInt64LE(off + 8)),
        rootStatus: buf.readInt32LE(off + 16),
        divergences: buf.readUInt32LE(off + 20),
        syscalls: Number(buf.readBigUInt64LE(off + 24)),
        fastCalls: Number(buf.readBigUInt64LE(off + 32)),
      };
    case EV_STARTED:
      return { t: 'started', rootPid: buf.readInt32LE(off + 8) };
    case EV_EXEC_FAILED:
      return { t: 'exec-failed', errno: buf.readInt32LE(off + 8) };
    case EV_ERROR: {
      const len = buf.readUInt32LE(off + 12);
      return {
        t: 'error',
        errno: buf.readInt32LE(off + 8),
        message: buf.toString('utf8', off + 16, off + 16 + len),
        cannotStart: (flags & EVE_CANNOT_START) !== 0,
      };
    }
    case EV_DIVERGED: {
      const seq = buf.readBigUInt64LE(off + 8);
      return {
        t: 'diverged',
        expectedSeq: seq === 0xffff_ffff_ffff_ffffn ? null : Number(seq),
        reason: buf.readInt32LE(off + 16),
        pid: buf.readInt32LE(off + 20),
        tid: buf.readInt32LE(off + 24),
        recordedTid: buf.readInt32LE(off + 28),
        hasCall: buf.readUInt32LE(off + 32) !== 0,
        stopped: buf.readUInt32LE(off + 36) !== 0,
        actualRet: buf.readUInt32LE(off + 48) !== 0 ? readWord(buf, off + 40) : null,
      };
    }
    case EV_START:
      return {
        t: 'start',
        seq: Number(buf.readBigUInt64LE(off + 8)),
        pid: buf.readInt32LE(off + 16),
        tid: buf.readInt32LE(off + 20),
      };
    case EV_ICALL:
      return {
        t: 'icall',
        seq: Number(buf.readBigUInt64LE(off + 8)),
        pid: buf.readInt32LE(off + 16),
        tid: buf.readInt32LE(off + 20),
        nr: buf.readInt32LE(off + 24),
        phase: buf.readUInt32LE(off + 28) === 0 ? 'entry' : 'exit',
        args: [0, 1, 2, 3, 4, 5].map((i) => buf.readBigUInt64LE(off + 32 + 8 * i)),
        ret: buf.readBigInt64LE(off + 80),
        sp: buf.readBigUInt64LE(off + 88),
      };
    case EV_SITES: {
      const n = buf.readUInt32LE(off + 8);
      const size = buf.readUInt32LE(off + 12);
      return { t: 'sites', bytes: Buffer.from(buf.subarray(off + 16, off + 16 + n * size)) };
    }
    case EV_ECHO: {
      const len = buf.readUInt32LE(off + 12);
      return {
        t: 'echo',
        fd: buf.readInt32LE(off + 8),
        bytes: Buffer.from(buf.subarray(off + 16, off + 16 + len)),
      };
    }
    default:
      throw new Error(`unknown event type ${type} from the C core`);
  }
}

/**
 * Incremental decoder: feed it the pipe's chunks as they arrive; it calls
 * `onEvent` for every complete event and keeps any partial tail for later.
 */
export class EventDecoder {
  /** bytes received but not decoded yet: the start of an event, in pieces */
  private parts: Buffer[] = [];
  private partsLen = 0;

  /**
   * `reused`: the chunks pushed are one buffer read into again and again, so the events
   * handed to `onEvent` hold views of it that are good until `onEvent` returns, and pieces
   * of an event cut between reads are copied.
   */
  constructor(
    private readonly onEvent: (ev: EngineEvent) => void,
    private readonly reused = false,
  ) {}

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.parts.length > 0) {
      // An event cut between reads: join the pieces only once it is whole
      // (batches of packed records span many reads).
      this.parts.push(this.reused ? Buffer.from(chunk) : chunk);
      this.partsLen += chunk.length;
      const head = this.parts[0].length >= 4 ? this.parts[0] : Buffer.concat(this.parts);
      if (this.partsLen < head.readUInt32LE(0) || this.partsLen < 8) return;
      buf = Buffer.concat(this.parts, this.partsLen);
      this.parts = [];
      this.partsLen = 0;
    }
    let off = 0;
    while (buf.length - off >= 8) {
      const size = buf.readUInt32LE(off);
      if (size < 8) throw new Error(`corrupt event stream from the C core (size ${size})`);
      if (buf.length - off < size) break;
      this.onEvent(decodeEvent(buf, off, buf.readUInt16LE(off + 4), buf.readUInt16LE(off + 6)));
      off += size;
    }
    if (off < buf.length) {
      const rest = Buffer.from(buf.subarray(off));
      this.parts = [rest];
      this.partsLen = rest.length;
    }
  }

  /** True when the stream ended in the middle of an event. */
  get incomplete(): boolean {
    return this.partsLen > 0;
  }
}
