/**
 * `replay()`: re-run a recorded program, answering its system calls from the
 * trace. The program's own code runs; everything it asks the kernel about the
 * outside world (files, network, clocks, randomness, other processes) comes
 * from the recording, so replaying a program that deletes files deletes
 * nothing and a network client needs no server.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { SystapeError } from '../formats/errors';
import { callName as syscallName } from '../formats/syscalls/summary';
import {
  iterateTraceChunks,
  readEnd,
  readHeader,
  type TraceTruncation,
} from '../formats/trace/reader';
import type { EndRecord, TraceHeader } from '../formats/trace/records';
import { EventDecoder, shellStatus, type EngineEvent } from '../recorder/events';
import { startReplaySession } from '../recorder/native/binding';
import { resolveProgram } from '../recorder/program';
import { REDACTED } from '../recorder/redact';
import { loadSites, saveSites, siteCacheFile } from '../recorder/site-cache';
import type { Divergence, DivergenceEvent } from './divergence';
import { encodeChunk, encodeFill, encodeTables } from './expectations';
import { firstExec } from './first-exec';
import type { FileView } from './file-view';
import { checkMachine, checkRecordedFiles, mappedFileSource } from './recorded-files';
import { alwaysEmulated, liveWhenUnrecorded } from './policy';

export type { Divergence, DivergenceKind } from './divergence';

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** called with each chunk the program writes to stdout (1) or stderr (2) */
  onOutput?: (fd: 1 | 2, bytes: Buffer) => void;
  /**
   * Hand each write to stdout or stderr to `onOutput` before the program goes on, as for
   * someone watching at a terminal (default false). Otherwise the writes of a run of calls
   * answered in-process come together as the run ends, without a stop each.
   */
  liveOutput?: boolean;
  /** pin the tracer and the program to one CPU (default: as recorded) */
  pin?: boolean;
  /** called with problems the replayer noticed but survived */
  onWarning?: (message: string) => void;
  /**
   * Environment variables to change from the recorded ones (to see where a
   * program would go another way: the replay stops at the first difference).
   */
  env?: Record<string, string>;
  /**
   * Report every divergence and go on instead of stopping at the first: a
   * call with other arguments is answered as recorded, a write writes what
   * it writes now (echoed if to stdout or stderr), and a call the recording
   * does not have runs for real when it only affects the program itself.
   * Anything else (a write to a file, a connect, a new process) still stops.
   */
  keepGoing?: boolean;
  /**
   * Replay even when a program the trace ran (or a file it mapped, without a copy kept) has
   * changed since the recording, to see where the changed program goes another way, or the
   * CPU lacks features the recording's had: a warning names them. Without it, replay refuses
   * with `TRACE_FILE_CHANGED` or `TRACE_CPU_DIFFERS`.
   */
  allowChangedFiles?: boolean;
  /**
   * Answer calls in-process, without a ptrace stop each (default true): the
   * hook compares each call with its record and hands back the recorded
   * result and memory; anything else goes to the tracer as without it.
   */
  fastPath?: boolean;
}

/** Outcome of {@link replay}. */
export interface ReplayResult {
  /**
   * The exit status as a shell reports it: the recorded one when replay
   * completed; the replayed program's own when it diverged.
   */
  exitStatus: number;
  /** the exit status in the recording (null when the recording did not finish) */
  recordedExitStatus: number | null;
  /** everything the program wrote to stdout and stderr, as replayed */
  stdout: string;
  stderr: string;
  /** set when the program left the recording: the first point it did */
  divergence?: Divergence;
  /**
   * Every divergence reported, in order (the first 100; with `keepGoing`
   * there can be many, without it at most one).
   */
  divergences: Divergence[];
  /** how many divergences there were, reported or not */
  divergenceCount: number;
  /** recorded calls the program made again, as recorded */
  syscalls: number;
  /** how many of them the in-process hook answered (the fast path) */
  fastCalls: number;
  /**
   * Set when the trace ends early (the recorder was killed): replay followed
   * the program as far as the trace goes, and a divergence "after the end of
   * the recording" only marks where it ran out.
   */
  truncated?: TraceTruncation;
}

/**
 * The path the recorder's first execve ran: what replay must run too. (Not
 * the exec record's path, which for a script is its interpreter.)
 */
function firstExecPath(file: string): string | undefined {
  // (found without decoding the calls before it)
  const it = iterateTraceChunks(file, firstExec);
  try {
    for (const rec of it) {
      if (rec.t === 'sys' && syscallName(rec.nr) === 'execve' && Number(rec.ret) === 0) {
        const region = rec.mem.find((m) => m.dir === 'in' && m.arg === 0);
        return region ? Buffer.from(region.bytes).toString('utf8') : undefined;
      }
      if (rec.t === 'exec') return rec.path;
    }
  } finally {
    it.close();
  }
  return undefined;
}

function programPath(file: string, header: TraceHeader, cwd: string, packed: boolean): string {
  const recorded = firstExecPath(file);
  // (a packed trace's program is there, in the view the program runs in)
  if (recorded && (packed || fs.existsSync(recorded))) return recorded;
  return resolveProgram(header.argv[0] ?? '', header.env.PATH, cwd);
}

/**
 * The recorded environment, with values recorded as `<redacted>` taken from
 * this process's environment when it has them (the program may use them, and
 * its recorded calls were made with the real values).
 */
function replayEnv(
  recorded: Record<string, string>,
  onWarning: ((message: string) => void) | undefined,
): Record<string, string> {
  const env = { ...recorded };
  const missing: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value !== REDACTED) continue;
    const here = process.env[name];
    if (here !== undefined) env[name] = here;
    else missing.push(name);
  }
  if (missing.length > 0)
    onWarning?.(
      `${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} redacted when recording ` +
        'and not set here: the program sees "<redacted>" (set them, or use --env)',
    );
  return env;
}

/**
 * Feed the trace's records to the C core, honouring the pipe's back-pressure.
 * Resolves to the end record's exit status when it got that far.
 */
async function feed(
  file: string,
  sink: net.Socket,
  end: EndRecord | undefined,
  cut: { truncated?: TraceTruncation },
  kept: Map<string, string> | undefined,
): Promise<number | null | undefined> {
  let endStatus: number | null | undefined;
  let closed = false;
  sink.on('error', () => {
    closed = true; // the replay stopped early (divergence): nothing more to send
  });
  // (buffers go out as they are; a full pipe is waited for)
  const write = async (data: Uint8Array) => {
    if (closed || sink.write(data)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        sink.off('drain', done);
        sink.off('close', done);
        resolve();
      };
      sink.on('drain', done);
      sink.on('close', done);
    });
  };
  const chunks = iterateTraceChunks(file, (payload) => [payload]);
  try {
    // The C core reads the records of each chunk itself, with the tables from replay's policy.
    await write(encodeTables());
    const fillFrom = mappedFileSource(end, kept);
    for (const mapped of new Set([
      ...(end?.files ?? []).map((f) => f.path),
      ...(kept?.keys() ?? []),
    ])) {
      const source = fillFrom(mapped);
      if (source !== mapped) await write(encodeFill(mapped, source));
    }
    for (const payload of chunks) {
      if (closed) break;
      for (const part of encodeChunk(payload)) await write(part);
    }
    cut.truncated = chunks.truncated;
    // (the end record, read before: only when the whole trace went out)
    if (!closed) endStatus = end?.exitStatus ?? null;
  } finally {
    chunks.close();
    // Close the pipe once everything is written (end() alone does not close
    // a pipe's fd): the C core must see end-of-file to know that a trace
    // without an end record (a truncated one) is over.
    if (!closed) {
      // (not 'drain': it only comes after a write that filled the buffer, and the last
      // write may not have; 'finish' comes once everything written has gone out)
      await new Promise<void>((resolve) => {
        sink.once('close', resolve);
        sink.once('error', resolve);
        sink.end(resolve);
      });
      sink.destroy();
    }
  }
  return endStatus;
}

/**
 * Replay the trace at `file`. Resolves when the replayed program has exited:
 * with the recorded exit status when it followed the recording to the end,
 * or with `divergence` set at the first point where it did not.
 */
export async function replay(file: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const header = readHeader(file);
  const end = readEnd(file);
  // a packed trace brings its files; the others are checked on this machine
  const view = header.packed ? (await import('./file-view')).prepareFileView(file, end) : undefined;
  try {
    return await replayWith(file, header, end, view, options);
  } finally {
    view?.dispose();
  }
}

async function replayWith(
  file: string,
  header: TraceHeader,
  end: EndRecord | undefined,
  view: FileView | undefined,
  options: ReplayOptions,
): Promise<ReplayResult> {
  const warn = options.allowChangedFiles ? options.onWarning : undefined;
  checkMachine(file, header, warn);
  checkRecordedFiles(file, end, warn, view?.copies);
  const cwd = fs.existsSync(header.cwd) ? header.cwd : process.cwd();
  const program = programPath(file, header, cwd, view !== undefined);
  // (--keep-going goes on past divergences call by call: without the hook)
  const fastPath = options.fastPath === false || options.keepGoing ? undefined : alwaysEmulated();
  const sitesFile = fastPath ? siteCacheFile(program) : undefined;
  const devNull = fs.openSync('/dev/null', 'r+');
  let pipes;
  try {
    pipes = startReplaySession({
      path: program,
      argv: header.argv,
      env: { ...replayEnv(header.env, options.onWarning), ...options.env },
      cwd,
      pin: options.pin ?? header.options.pin,
      cpu: -1,
      aslr: header.options.aslr,
      vdso: header.options.vdso,
      refuseIoUring: true,
      keepGoing: options.keepGoing ? liveWhenUnrecorded() : undefined,
      fastPath,
      knownSites: loadSites(sitesFile),
      liveEcho: options.liveOutput,
      startRecords: header.format.major > 1 || header.format.minor >= 1,
      // Every call is answered from the trace: the program's real stdio is never used.
      stdio: [devNull, devNull, devNull],
      fileView: view?.mounts.length ? view.mounts : undefined,
    });
  } catch (e) {
    fs.closeSync(devNull);
    throw e;
  }
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];

  const sink = new net.Socket({ fd: pipes.expectations, readable: false, writable: true });
  const cut: { truncated?: TraceTruncation } = {};
  const feeding = feed(file, sink, end, cut, view?.copies);

  return new Promise<ReplayResult>((resolve, reject) => {
    let finished: Extract<EngineEvent, { t: 'finished' }> | undefined;
    const diverged: DivergenceEvent[] = [];
    let awaitingCall: DivergenceEvent | undefined;
    let failure: unknown;
    let devNullOpen = true;
    const closeDevNull = () => {
      if (devNullOpen) fs.closeSync(devNull);
      devNullOpen = false;
    };

    const decoder = new EventDecoder((ev) => {
      switch (ev.t) {
        case 'started':
          closeDevNull(); // the program has its copies now
          return;
        case 'echo': {
          const fd = ev.fd === 2 ? 2 : 1;
          (fd === 1 ? stdout : stderr).push(ev.bytes);
          options.onOutput?.(fd, ev.bytes);
          return;
        }
        case 'diverged': {
          const event: DivergenceEvent = { ...ev };
          diverged.push(event);
          awaitingCall = ev.hasCall ? event : undefined;
          return;
        }
        case 'sys':
          // the call the program made instead follows its divergence event
          if (awaitingCall) awaitingCall.actualCall = ev;
          awaitingCall = undefined;
          return;
        case 'finished':
          finished = ev;
          return;
        case 'sites':
          saveSites(sitesFile, ev.bytes);
          return;
        case 'error':
          // (the program could not start among its packed files: nothing to replay)
          if (ev.cannotStart)
            failure ??= new SystapeError('FILE_VIEW', `cannot replay ${file}: ${ev.message}`);
          // (after which the tracer only says that the program did not start)
          else if (!failure) options.onWarning?.(ev.message);
          return;
        default:
          return;
      }
    });

    const stream = new net.Socket({ fd: pipes.events, readable: true, writable: false });
    stream.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        decoder.push(chunk);
      } catch (e) {
        failure = e;
      }
    });
    stream.on('error', (e) => {
      failure ??= e;
    });
    stream.on('close', () => void finish());

    async function finish(): Promise<void> {
      closeDevNull();
      try {
        let fed = await feeding.catch(() => undefined);
        if (failure) throw failure;
        if (!finished)
          throw new SystapeError('ETRACER', 'the replay stopped without reporting an end');
        const status = shellStatus(finished.rootStatus);
        if (finished.syscalls === 0 && (status === 127 || status === 126) && !cut.truncated) {
          // the program never ran: its execve failed (the child exits 127 or 126 then)
          throw new SystapeError(
            'PROGRAM_NOT_STARTED',
            `cannot replay ${file}: ${program} could not be started here (${
              status === 127 ? 'it, or the loader it names, is not there' : 'it cannot be executed'
            })`,
          );
        }
        if (fed === undefined) fed = end?.exitStatus ?? null; // feeding stopped early
        const recordedExitStatus = fed;
        // loaded only when needed: the report's decoder and diff cost start-up time
        const divergences =
          diverged.length > 0
            ? (await import('./divergence')).buildDivergences(file, diverged)
            : [];
        const result: ReplayResult = {
          // Once the program left the recording, its status is its own.
          exitStatus:
            divergences.length > 0 || recordedExitStatus === null
              ? shellStatus(finished.rootStatus)
              : recordedExitStatus,
          recordedExitStatus,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          divergences,
          divergenceCount: Math.max(finished.divergences, divergences.length),
          syscalls: finished.syscalls,
          fastCalls: finished.fastCalls,
        };
        if (divergences.length > 0) result.divergence = divergences[0];
        if (cut.truncated) result.truncated = cut.truncated;
        resolve(result);
      } catch (e) {
        reject(e);
      }
    }
  });
}
