/**
 * `intercept()`: run a program and take part in the system calls you name.
 *
 * The program runs under a seccomp filter built from the list, so only those
 * calls stop it; every other call runs at full speed. At each stop your
 * callback sees the call ({@link InterceptedCall}): its arguments, raw and
 * decoded, and the process's memory. At the entry it may change the
 * arguments, or skip the call and supply its result (`skip`, `fail`); at the
 * exit it may change the result. Every thread and child process is followed.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { decodeSyscall, formatSyscall } from '../formats/decode';
import { SystapeError } from '../formats/errors';
import {
  errnoName,
  errnoNumber,
  isErrorResult,
  nearErrnoNames,
  nearSyscallNames,
  syscallByName,
  syscallByNumber,
  syscallName,
} from '../formats/syscalls';
import {
  SyscallFlags,
  type MemRegion,
  type SyscallRecord,
  type Word,
} from '../formats/trace/records';
import { EventDecoder, shellStatus, type EngineEvent } from './events';
import { startInterceptSession } from './native/binding';
import { forwardSignals } from './signals';
import { resolveProgram } from './program';

/** A value for a register: a number (exact integers only) or a bigint. */
export type RegisterValue = number | bigint;

/** A callback of {@link intercept}; it may be async. */
export type InterceptCallback = (call: InterceptedCall) => void | Promise<void>;

/** Options of {@link intercept}. */
export interface InterceptOptions {
  /** the calls to stop at, by name (`'openat'`) or number; the others never stop */
  syscalls: readonly (string | number)[];
  /** called at the entry of each such call, before the kernel sees it */
  onEntry?: InterceptCallback;
  /** called when such a call returns (unless skipped at its entry) */
  onExit?: InterceptCallback;
  /** working directory of the program (default: this process's) */
  cwd?: string;
  /** environment of the program (default: this process's) */
  env?: Record<string, string | undefined>;
  /** fds for the program's stdin, stdout, stderr (default: inherited) */
  stdio?: [number | undefined, number | undefined, number | undefined];
  /** forward SIGTERM/SIGHUP/SIGINT this process receives to the program (CLI use) */
  forwardSignals?: boolean;
}

/** Outcome of {@link intercept}. */
export interface InterceptResult {
  /** the program's exit status as a shell reports it: its exit code, or 128 + signal */
  exitStatus: number;
  /** the signal that killed the program, if one did */
  signal: number | null;
  /** how many calls stopped for the callbacks */
  calls: number;
  rootPid: number;
}

/** A callback threw: the program was killed, and this says where. */
export class InterceptCallbackError extends SystapeError {
  override readonly name: string = 'InterceptCallbackError';
  constructor(
    /** the call the callback was handling, as a line (`openat(AT_FDCWD, "x", ...)`) */
    readonly call: string,
    readonly pid: number,
    override readonly cause: unknown,
  ) {
    super(
      'CALLBACK_FAILED',
      `a callback failed at ${call} in process ${pid}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

const IC_CONTINUE = 0;
const IC_SKIP = 1;
const IC_KILL = 2;
const IC_DETACH = 3;
const IC_ARGS = 1;
const IC_WANT_EXIT = 2;
const IC_RESULT = 4;
const DECISION_BYTES = 64;
/** At most this much of a buffer is read to show a call (strace shows 32 bytes) */
const DECODED_BYTES = 4096;

/** The syscall number of `name`, or an error naming near matches. */
export function interceptableNumber(name: string | number): number {
  if (typeof name === 'number') {
    if (!Number.isInteger(name) || name < 0 || name >= 512)
      throw new SystapeError('UNKNOWN_SYSCALL', `not a syscall number: ${name}`);
    return name;
  }
  const def = syscallByName(name.trim());
  if (def) return def.nr;
  const near = nearSyscallNames(name);
  throw new SystapeError(
    'UNKNOWN_SYSCALL',
    `unknown syscall "${name}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
  );
}

/** The errno number of `errno` (`'ENOSPC'` or 28), or an error naming near matches. */
export function errnoValue(errno: string | number): number {
  if (typeof errno === 'number') {
    if (!Number.isInteger(errno) || errno <= 0 || errno > 4095)
      throw new SystapeError('UNKNOWN_ERRNO', `not an errno: ${errno}`);
    return errno;
  }
  const n = errnoNumber(errno.trim().toUpperCase());
  if (n !== undefined) return n;
  const near = nearErrnoNames(errno);
  throw new SystapeError(
    'UNKNOWN_ERRNO',
    `unknown errno "${errno}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
  );
}

function toBig(v: RegisterValue): bigint {
  if (typeof v === 'bigint') return BigInt.asUintN(64, v);
  if (!Number.isSafeInteger(v))
    throw new SystapeError('EINVAL', `not an exact integer for a register: ${v}`);
  return BigInt.asUintN(64, BigInt(v));
}

/** Open /proc/PID/mem for each access: a program's exec gives it a new one. */
function withMem<T>(pid: number, flags: 'r' | 'r+', use: (fd: number) => T): T {
  const fd = fs.openSync(`/proc/${pid}/mem`, flags);
  try {
    return use(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * One stopped call, given to the callbacks of {@link intercept}. The thread
 * waits until the callback returns (or its promise settles); what the
 * callback asked for happens then.
 */
export class InterceptedCall {
  /** the syscall's name (`syscall_<nr>` for one the table does not know) */
  readonly name: string;
  /** the six argument registers at the stop */
  readonly args: readonly bigint[];
  /** at the exit: the result, signed (`-errno` for a failure) */
  readonly ret: bigint | undefined;
  /** @internal what the callback asked for */
  decision: { action: number; flags: number; value: bigint; args: bigint[] };
  /** where the next string of setStringArg goes: down the stack, past its red zone */
  private scratch: bigint;

  /** @internal */
  constructor(
    readonly pid: number,
    readonly tid: number,
    readonly nr: number,
    readonly phase: 'entry' | 'exit',
    args: bigint[],
    ret: bigint | undefined,
    sp: bigint,
  ) {
    this.scratch = sp - 1024n;
    this.name = syscallName(nr);
    this.args = Object.freeze([...args]);
    this.ret = ret;
    this.decision = { action: IC_CONTINUE, flags: 0, value: 0n, args: [...args] };
  }

  /** argument `i` as a signed number when it fits, else a bigint */
  arg(i: number): number | bigint {
    const v = BigInt.asIntN(64, this.args[i] ?? 0n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : v;
  }

  /** at the exit: whether the call succeeded */
  get ok(): boolean {
    return this.ret !== undefined && !isErrorResult(this.ret);
  }

  /** at the exit, for a failed call: its errno name (`'ENOENT'`) */
  get errno(): string | undefined {
    return this.ret !== undefined && isErrorResult(this.ret)
      ? errnoName(Number(-BigInt.asIntN(64, this.ret)))
      : undefined;
  }

  /** `length` bytes of the process's memory at `addr` (fewer where it ends) */
  readMemory(addr: RegisterValue, length: number): Buffer {
    const out = Buffer.alloc(length);
    const n = withMem(this.pid, 'r', (fd) => fs.readSync(fd, out, 0, length, toBig(addr)));
    return out.subarray(0, n);
  }

  /** The NUL-terminated string at `addr` (at most `max` bytes), as UTF-8. */
  readString(addr: RegisterValue, max = 4096): string {
    const chunks: Buffer[] = [];
    let at = toBig(addr);
    let total = 0;
    while (total < max) {
      // up to the end of the page: the next one may not be mapped
      const room = Math.min(max - total, 4096 - Number(at & 4095n));
      const bytes = this.readMemory(at, room);
      const nul = bytes.indexOf(0);
      chunks.push(nul >= 0 ? bytes.subarray(0, nul) : bytes);
      if (nul >= 0 || bytes.length < room) break;
      total += room;
      at += BigInt(room);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Write `bytes` (a string is written as UTF-8, without a NUL) into the process at `addr`. */
  writeMemory(addr: RegisterValue, bytes: Uint8Array | string): void {
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
    withMem(this.pid, 'r+', (fd) => {
      const n = fs.writeSync(fd, data, 0, data.length, Number(toBig(addr)));
      if (n !== data.length)
        throw new SystapeError('EFAULT', `wrote ${n} of ${data.length} bytes at ${addr}`);
    });
  }

  /** At the entry: change arguments (by index, or the first ones from an array). */
  setArgs(changes: Record<number, RegisterValue> | readonly (RegisterValue | undefined)[]): void {
    this.atEntry('setArgs');
    const entries = Array.isArray(changes)
      ? changes.map((v, i) => [i, v] as const)
      : Object.entries(changes).map(([k, v]) => [Number(k), v] as const);
    for (const [i, v] of entries) {
      if (v === undefined) continue;
      if (!Number.isInteger(i) || i < 0 || i > 5)
        throw new SystapeError('EINVAL', `setArgs: no argument ${i} (0 to 5)`);
      this.decision.args[i] = toBig(v);
    }
    this.decision.flags |= IC_ARGS;
  }

  /**
   * At the entry: make argument `i` point to a copy of `value` (with its NUL),
   * placed below the thread's stack, where nothing lives during the call: to
   * change a path or a string the call reads.
   */
  setStringArg(i: number, value: string): void {
    this.atEntry('setStringArg');
    const bytes = Buffer.from(`${value}\0`);
    this.scratch = (this.scratch - BigInt(bytes.length)) & ~15n;
    this.writeMemory(this.scratch, bytes);
    this.setArgs({ [i]: this.scratch });
  }

  /** At the entry: do not make the call; it returns `result` (default 0). */
  skip(result: RegisterValue = 0): void {
    this.atEntry('skip');
    this.decision.action = IC_SKIP;
    this.decision.value = toBig(result);
  }

  /**
   * Make the call fail with `errno` (`'ENOSPC'` or 28): at the entry it is
   * not made; at the exit it was, and its result is replaced.
   */
  fail(errno: string | number): void {
    const result = -BigInt(errnoValue(errno));
    if (this.phase === 'entry') this.skip(result);
    else this.setResult(result);
  }

  /** At the exit: the call returns `value` instead. */
  setResult(value: RegisterValue): void {
    if (this.phase !== 'exit')
      throw new SystapeError('EINVAL', `setResult: ${this.name} is at its entry (use skip)`);
    this.decision.value = toBig(value);
    this.decision.flags |= IC_RESULT;
  }

  /** No more callbacks for this process (its calls go on unseen). */
  detach(): void {
    if (this.decision.action === IC_SKIP)
      throw new SystapeError('EINVAL', 'detach: the call is skipped already');
    this.decision.action = IC_DETACH;
  }

  /**
   * The arguments decoded as strace shows them (paths and strings read from
   * the process's memory).
   */
  decoded(): string[] {
    return decodeSyscall(this.asRecord()).args;
  }

  /** The call as one strace-like line (`= ?` at the entry). */
  toString(): string {
    return formatSyscall(this.asRecord());
  }

  private asRecord(): SyscallRecord {
    const def = syscallByNumber(this.nr);
    const mem: MemRegion[] = [];
    // what the kernel reads from flat memory (paths, strings, write payloads), as recorded
    for (const e of def?.effects ?? []) {
      const addr = this.args[e.arg];
      if (e.dir !== 'in' || !e.size || addr === 0n) continue;
      let bytes: Buffer | undefined;
      try {
        if ('cstr' in e.size) bytes = Buffer.from(this.readString(addr));
        else if ('fixed' in e.size) bytes = this.readMemory(addr, e.size.fixed);
        else if ('arg' in e.size)
          bytes = this.readMemory(
            addr,
            Math.min(Number(this.args[e.size.arg]) * (e.size.times ?? 1), DECODED_BYTES),
          );
      } catch {
        // not readable: shown as an address
      }
      if (bytes) mem.push({ dir: 'in', arg: e.arg, addr: word(addr), bytes });
    }
    const ret = this.ret === undefined ? 0n : BigInt.asIntN(64, this.ret);
    return {
      t: 'sys',
      seq: 0,
      pid: this.pid,
      tid: this.tid,
      nr: this.nr,
      args: this.args.map(word),
      ret: word(ret),
      mem,
      flags: this.ret === undefined ? SyscallFlags.NO_RETURN : 0,
    };
  }

  private atEntry(what: string): void {
    if (this.phase !== 'entry')
      throw new SystapeError('EINVAL', `${what}: ${this.name} has returned already`);
  }
}

/** A register as the trace's records hold it: a number when exact. */
function word(v: bigint): Word {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

function encodeDecision(d: InterceptedCall['decision']): Buffer {
  const buf = Buffer.alloc(DECISION_BYTES);
  buf.writeUInt32LE(d.action, 0);
  buf.writeUInt32LE(d.flags, 4);
  buf.writeBigUInt64LE(BigInt.asUintN(64, d.value), 8);
  for (let i = 0; i < 6; i++) buf.writeBigUInt64LE(d.args[i], 16 + 8 * i);
  return buf;
}

/** A stopped call as the C core reports it. */
export type CallEvent = Extract<EngineEvent, { t: 'icall' }>;

/**
 * @internal Run `callback` on the call of `ev` and encode what it asked for
 * (`wantExit`: its exit is to be reported too, unless skipped). A callback
 * that throws gives a decision to kill the program, and the error to report.
 */
export async function decideCall(
  ev: CallEvent,
  callback: InterceptCallback | undefined,
  wantExit: boolean,
): Promise<{ decision: Buffer; error?: InterceptCallbackError }> {
  const call = new InterceptedCall(
    ev.pid,
    ev.tid,
    ev.nr,
    ev.phase,
    ev.args,
    ev.phase === 'exit' ? ev.ret : undefined,
    ev.sp,
  );
  try {
    await callback?.(call);
    if (ev.phase === 'entry' && wantExit && call.decision.action === IC_CONTINUE)
      call.decision.flags |= IC_WANT_EXIT;
    return { decision: encodeDecision(call.decision) };
  } catch (e) {
    let line = call.name;
    try {
      line = call.toString();
    } catch {
      // the name alone
    }
    return {
      decision: encodeDecision({ ...call.decision, action: IC_KILL }),
      error: new InterceptCallbackError(line, ev.pid, e),
    };
  }
}

/** @internal The decision that kills the program (a callback failed earlier). */
export function killDecision(): Buffer {
  return encodeDecision({ action: IC_KILL, flags: 0, value: 0n, args: [0n, 0n, 0n, 0n, 0n, 0n] });
}

/** @internal Send a decision to the tracer; false when it is gone. */
export function sendDecision(fd: number, decision: Buffer): boolean {
  try {
    fs.writeSync(fd, decision);
    return true;
  } catch {
    return false; // the tracer is gone (the program was killed): nothing waits
  }
}

/**
 * Run `argv` with the calls in `options.syscalls` stopping for your callbacks.
 * Resolves when the program and all its processes have exited; rejects with
 * {@link InterceptCallbackError} when a callback throws (the program is
 * killed then), and with a {@link SystapeError} naming near matches for an
 * unknown syscall name.
 */
export async function intercept(
  argv: string[],
  options: InterceptOptions,
): Promise<InterceptResult> {
  if (argv.length === 0) throw new SystapeError('EINVAL', 'intercept: no program given');
  const set = new Uint8Array(64);
  for (const name of options.syscalls) {
    const nr = interceptableNumber(name);
    set[nr >> 3] |= 1 << (nr & 7);
  }
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env ?? process.env)) if (v !== undefined) env[k] = v;
  const program = resolveProgram(argv[0], env.PATH, cwd);
  const pipes = startInterceptSession({
    path: program,
    argv,
    env,
    cwd,
    pin: false,
    cpu: -1,
    aslr: true,
    vdso: true,
    refuseIoUring: false,
    intercept: set,
    interceptExit: options.onExit !== undefined,
    stdio: options.stdio,
  });

  const stopForwarding = options.forwardSignals ? forwardSignals(pipes.events) : undefined;

  return new Promise<InterceptResult>((resolve, reject) => {
    let rootPid = 0;
    let finished: Extract<EngineEvent, { t: 'finished' }> | undefined;
    let failure: unknown;
    let chain = Promise.resolve();

    const handle = async (ev: CallEvent): Promise<void> => {
      if (failure) {
        sendDecision(pipes.decisions, killDecision());
        return;
      }
      const callback = ev.phase === 'entry' ? options.onEntry : options.onExit;
      const { decision, error } = await decideCall(ev, callback, options.onExit !== undefined);
      failure ??= error;
      sendDecision(pipes.decisions, decision);
    };

    const decoder = new EventDecoder((ev) => {
      switch (ev.t) {
        case 'started':
          rootPid = ev.rootPid;
          return;
        case 'icall':
          chain = chain.then(() => handle(ev));
          return;
        case 'error':
          failure ??= new SystapeError('ETRACER', ev.message);
          return;
        case 'finished':
          finished = ev;
          return;
        default:
          return;
      }
    });
    const stream = new net.Socket({ fd: pipes.events, readable: true, writable: false });
    stream.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk);
      } catch (e) {
        failure ??= e;
      }
    });
    stream.on('error', (e) => {
      failure ??= e;
    });
    stream.on('close', () => {
      void chain.then(() => {
        stopForwarding?.();
        fs.closeSync(pipes.decisions);
        if (failure) return reject(failure);
        if (!finished)
          return reject(new SystapeError('ETRACER', 'the tracer stopped without reporting an end'));
        const status = finished.rootStatus;
        resolve({
          exitStatus: shellStatus(status),
          signal: (status & 0x7f) === 0 ? null : status & 0x7f,
          calls: finished.syscalls,
          rootPid,
        });
      });
    });
  });
}
