/**
 * `record()`: run a program under the tracer and write every event to a
 * `*.systape` trace as it happens.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { SystapeError } from '../formats/errors';
import { unpackRecords } from '../formats/trace/codec';
import type { SyscallRecord, TraceRecord } from '../formats/trace/records';
import { TraceWriter } from '../formats/trace/writer';
import { EventDecoder, shellStatus, type EngineEvent } from './events';
import { buildHeader } from './header';
import { loadSites, saveSites, siteCacheFile } from './site-cache';
import { MappedFiles } from './mapped-files';
import { signalSession, startSession } from './native/binding';
import { ProgramError, resolveProgram } from './program';
import { envMatcher, execEnvRedactor, redactEnv } from './redact';
import { forwardSignals } from './signals';
// (inject and intercept are loaded when faults are to be injected: most recordings have none)
import type { InjectedFault, Injection } from './inject';
import type { CallEvent } from './intercept';

/** Options of {@link record}. */
export interface RecordOptions {
  /** trace file to write (default: `<program>.systape` in the working directory) */
  output?: string;
  /** working directory of the program (default: this process's) */
  cwd?: string;
  /** environment of the program (default: this process's) */
  env?: Record<string, string | undefined>;
  /** pin tracer and program to one CPU, which makes each stop ~8x cheaper (default true) */
  pin?: boolean;
  /**
   * record common syscalls inside the program, through a hook patched into its
   * syscall sites, instead of stopping it for each (default true); statically
   * linked programs and raw syscalls still stop
   */
  fastPath?: boolean;
  /** the CPU to pin to (default: the one the tracer thread starts on) */
  cpu?: number;
  /** globs of environment variable names whose values are replaced by `<redacted>` */
  envRedact?: string[];
  /** fds for the program's stdin, stdout, stderr (default: inherited) */
  stdio?: [number | undefined, number | undefined, number | undefined];
  /** forward SIGTERM/SIGHUP/SIGINT this process receives to the program (CLI use) */
  forwardSignals?: boolean;
  /** called with each record as it is written */
  onRecord?: (rec: TraceRecord) => void;
  /** called with problems the tracer noticed but survived */
  onWarning?: (message: string) => void;
  /**
   * faults to inject while recording (see {@link parseInjection}); the trace
   * marks each call that got one (`SyscallFlags.INJECTED`) and lists the rules
   * in its header
   */
  /**
   * Give the program's threads their turns in an order drawn at random rather than the
   * usual first-come order (like rr's chaos mode), so that a race between threads or
   * processes comes out more often; the trace records the order it took. Default false.
   */
  chaos?: boolean;
  /**
   * store the trace's chunks Brotli-compressed where that makes them smaller (default true):
   * traces take 4 to 10 times less room, for a little CPU time while recording
   */
  compress?: boolean;
  inject?: readonly Injection[];
  /** called as each fault is injected */
  onInjected?: (fault: InjectedFault) => void;
}

/** Outcome of {@link record}. */
export interface RecordResult {
  /** the program's exit status as a shell reports it: its exit code, or 128 + signal */
  exitStatus: number;
  /** the signal that killed the program, if one did */
  signal: number | null;
  tracePath: string;
  syscalls: number;
  /** how many of the syscalls were recorded in-process (the fast path); the rest stopped */
  fastCalls: number;
  records: number;
  bytes: number;
  durationMs: number;
  rootPid: number;
}

function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** How much of the event stream one read takes (the C core's pipe holds 1 MiB). */
const EVENT_READ_BYTES = 1 << 20;
/**
 * Records pending after a read are written as a chunk from this many bytes on: compressed
 * as they come, while the program runs, and not after its exit (as they would be when
 * waiting for the writer's 256 KiB).
 */
const CHUNK_AFTER_READ_BYTES = 64 << 10;

/** A syscall record whose memory is its own (the decoder's are views of its read buffer). */
function ownMemory(rec: SyscallRecord): SyscallRecord {
  return { ...rec, mem: rec.mem.map((m) => ({ ...m, bytes: Uint8Array.from(m.bytes) })) };
}

/** Remove the trace of a recording that did not happen: a file, never a device (/dev/null). */
function removeTrace(output: string): void {
  try {
    if (fs.lstatSync(output).isFile()) fs.rmSync(output, { force: true });
  } catch {
    // gone already
  }
}

/**
 * Kill the program of a session that cannot be recorded after all (its trace could not be
 * written), and wait for its tracer to end.
 */
async function abandonSession(events: number, decisions: number | undefined): Promise<void> {
  signalSession(events, 9);
  // (a tracer waiting for a decision goes on at the end of its pipe, into the kill)
  if (decisions !== undefined) fs.closeSync(decisions);
  await new Promise<void>((resolve) => {
    const stream = new net.Socket({ fd: events, readable: true, writable: false });
    stream.on('data', () => undefined);
    stream.on('error', () => resolve());
    stream.on('close', () => resolve());
  });
}

/**
 * Record `argv` (program and arguments) into a trace.
 *
 * Resolves once the program and every process it started have exited and the
 * trace is closed. Throws {@link ProgramError} (with `exitStatus` 127 or 126)
 * when the program cannot be run; no trace is left behind in that case.
 */
export async function record(argv: string[], options: RecordOptions = {}): Promise<RecordResult> {
  if (argv.length === 0) throw new SystapeError('EINVAL', 'record: no program given');
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = cleanEnv(options.env ?? process.env);
  const program = resolveProgram(argv[0], env.PATH, cwd);
  const output = path.resolve(cwd, options.output ?? `${path.basename(argv[0])}.systape`);
  const pin = options.pin ?? true;
  const matches = envMatcher(options.envRedact ?? []);
  const redactExec = options.envRedact?.length ? await execEnvRedactor(matches) : undefined;
  const settings = { pin, aslr: false, vdso: false, ...(options.chaos ? { chaos: true } : {}) };

  const rules = options.inject ?? [];
  const faults = rules.length
    ? (await import('./inject')).injector(rules, options.onInjected)
    : undefined;
  const intercept = faults ? await import('./intercept') : undefined;
  // (with chaos, the calls replay makes for real keep their order among themselves)
  const chaos = options.chaos ? (await import('../replayer/policy')).alwaysEmulated() : undefined;
  let interceptSet: Uint8Array | undefined;
  if (faults) {
    interceptSet = new Uint8Array(64);
    for (const nr of faults.syscalls as number[]) interceptSet[nr >> 3] |= 1 << (nr & 7);
  }
  // The trace is known to be writable before the program starts; its header is written, and
  // an earlier trace there dropped, while the program starts.
  const traceFd = TraceWriter.openFile(output);
  const fastPath = options.fastPath ?? true;
  const sitesFile = fastPath ? siteCacheFile(program) : undefined;
  const started = Date.now();
  let fd: number;
  let decisions: number | undefined;
  try {
    ({ events: fd, decisions } = startSession({
      path: program,
      argv,
      env,
      cwd,
      pin,
      cpu: options.cpu ?? -1,
      aslr: settings.aslr,
      vdso: settings.vdso,
      refuseIoUring: true,
      fastPath,
      knownSites: loadSites(sitesFile),
      stdio: options.stdio,
      intercept: interceptSet,
      chaos,
    }));
  } catch (e) {
    fs.closeSync(traceFd);
    removeTrace(output);
    throw e;
  }
  let writer: TraceWriter;
  try {
    const header = buildHeader(argv, cwd, redactEnv(env, matches), settings);
    writer = TraceWriter.create(
      output,
      rules.length ? { ...header, injections: rules.map((r) => r.spec) } : header,
      // (small first chunks: replay decompresses them before the program's first calls)
      { compression: (options.compress ?? true) ? 'brotli' : 'none', firstChunkBytes: 16 << 10 },
      traceFd,
    );
  } catch (e) {
    await abandonSession(fd, decisions);
    removeTrace(output);
    throw e;
  }
  writer.startAutoFlush(100);
  const mapped = new MappedFiles();

  const stopForwarding = options.forwardSignals ? forwardSignals(fd) : undefined;

  return new Promise<RecordResult>((resolve, reject) => {
    let rootPid = 0;
    let execErrno = 0;
    let finished: Extract<EngineEvent, { t: 'finished' }> | undefined;
    let failure: unknown;
    // faults to inject: the tracer waits for each decision, in order
    let deciding = Promise.resolve();
    const decide = async (ev: CallEvent): Promise<void> => {
      if (decisions === undefined || !intercept) return;
      if (failure) {
        intercept.sendDecision(decisions, intercept.killDecision());
        return;
      }
      const { decision, error } = await intercept.decideCall(ev, faults?.onEntry, false);
      failure ??= error;
      intercept.sendDecision(decisions, decision);
    };

    const decoder = new EventDecoder((ev) => {
      switch (ev.t) {
        case 'started':
          rootPid = ev.rootPid;
          return;
        case 'exec-failed':
          execErrno = ev.errno;
          return;
        case 'error':
          options.onWarning?.(ev.message);
          return;
        case 'finished':
          finished = ev;
          return;
        case 'sites':
          saveSites(sitesFile, ev.bytes);
          return;
        case 'diverged':
        case 'echo':
          return; // replay only
        case 'icall':
          deciding = deciding.then(() => decide(ev));
          return;
        case 'packed':
          writer.appendPacked(ev.bytes, ev.count);
          if (options.onRecord || ev.mapsFiles) {
            // (decoded from a copy: records may hold views of the bytes, and those are read into again)
            for (const rec of unpackRecords(Buffer.from(ev.bytes))) {
              mapped.observe(rec);
              options.onRecord?.(rec);
            }
          }
          return;
        default:
          if (redactExec && ev.t === 'sys') redactExec(ev);
          writer.append(ev);
          mapped.observe(ev);
          options.onRecord?.(ev.t === 'sys' ? ownMemory(ev) : ev);
      }
    }, true);

    // The events are read into one buffer again and again, not a new one for each read: a
    // recording's events run to megabytes, and fresh memory costs a page fault a page.
    // (Node.js takes `onread` here as for connect(); its types only list it there)
    const stream = new net.Socket({
      fd,
      readable: true,
      writable: false,
      onread: {
        buffer: Buffer.allocUnsafe(EVENT_READ_BYTES),
        callback: (n: number, buf: Uint8Array) => {
          if (failure) return true;
          try {
            decoder.push(Buffer.from(buf.buffer, buf.byteOffset, n));
            if (writer.pendingBytes >= CHUNK_AFTER_READ_BYTES) writer.flush();
          } catch (e) {
            // Keep draining so the tracer is never blocked; report at the end.
            failure = e;
          }
          return true;
        },
      },
    } as net.SocketConstructorOpts & net.ConnectOpts);
    stream.on('error', (e) => {
      failure ??= e;
    });
    stream.on('close', () => void finish());

    async function finish(): Promise<void> {
      stopForwarding?.();
      await deciding;
      if (decisions !== undefined) fs.closeSync(decisions);
      const durationMs = Date.now() - started;
      try {
        if (failure) throw failure;
        if (execErrno) {
          writer.close();
          removeTrace(output);
          const code = execErrno === 2 ? 'PROGRAM_NOT_FOUND' : 'PROGRAM_NOT_EXECUTABLE';
          const { errnoMessage } = await import('../formats/syscalls');
          throw new ProgramError(code, argv[0], errnoMessage(execErrno));
        }
        if (!finished)
          throw new SystapeError('ETRACER', 'the tracer stopped without reporting an end');
        const exitStatus = shellStatus(finished.rootStatus);
        const files = mapped.manifest();
        writer.close({
          t: 'end',
          seq: finished.seq,
          exitStatus,
          durationMs,
          syscalls: finished.syscalls,
          fastCalls: finished.fastCalls,
          ...(files.length > 0 ? { files } : {}),
        });
        resolve({
          exitStatus,
          signal: (finished.rootStatus & 0x7f) === 0 ? null : finished.rootStatus & 0x7f,
          tracePath: output,
          syscalls: finished.syscalls,
          fastCalls: finished.fastCalls,
          records: writer.recordCount,
          bytes: writer.bytesWritten,
          durationMs,
          rootPid,
        });
      } catch (e) {
        if (!writer.closed) writer.close();
        reject(e);
      }
    }
  });
}
