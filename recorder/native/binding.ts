/**
 * The TypeScript side of the C core: builds it on first use if needed, loads
 * it through ffi-rs, and exposes its two entry points. Everything else flows
 * through the event pipe the core returns (see ../events.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// first: ffi-rs asks it which libc Node.js runs on
import { restoreReport } from './ffi-rs-probe';
import * as ffiRs from 'ffi-rs';
import { SystapeError } from '../../formats/errors';

restoreReport();

/** Must match ST_ABI_VERSION in api.c. */
const ABI_VERSION = 8;
const LIBRARY_NAME = 'systape';

interface BuildScript {
  LIBRARY: string;
  ensureBuilt(): string;
}

/** The C core could not be built or loaded. */
export class NativeCoreError extends SystapeError {
  override readonly name: string = 'NativeCoreError';
  constructor(message: string) {
    super('NATIVE_CORE', message);
  }
}

type Ffi = typeof import('ffi-rs');
let ffi: Ffi | undefined;

function packageRoot(): string {
  // This file runs from recorder/native (ts-jest) or dist/recorder/native (built).
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'scripts', 'build-native.js'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new NativeCoreError('cannot find systape/scripts/build-native.js');
    dir = parent;
  }
  return dir;
}

function load(): Ffi {
  if (ffi) return ffi;
  // A plain JS script shared with `npm install`, found at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const script = require(path.join(packageRoot(), 'scripts', 'build-native.js')) as BuildScript;
  let library: string;
  try {
    library = script.ensureBuilt();
  } catch (e) {
    throw new NativeCoreError((e as Error).message);
  }
  const mod = ffiRs;
  mod.open({ library: LIBRARY_NAME, path: library });
  const abi = mod.load({
    library: LIBRARY_NAME,
    funcName: 'st_abi_version',
    retType: mod.DataType.I32,
    paramsType: [],
    paramsValue: [],
  }) as number;
  if (abi !== ABI_VERSION) {
    throw new NativeCoreError(
      `systape's C core at ${library} has ABI ${abi}, expected ${ABI_VERSION}: rebuild it with \`npm run build:native\``,
    );
  }
  ffi = mod;
  return mod;
}

/**
 * Build the C core now if it is missing, and load it: for callers that would
 * rather not pay for that inside their first session (a test with a timeout).
 */
export function prepareNativeCore(): void {
  load();
}

/** Options for {@link startSession}; see the config layout in api.c. */
export interface SessionConfig {
  path: string;
  argv: string[];
  env: Record<string, string>;
  cwd?: string;
  pin: boolean;
  cpu: number;
  aslr: boolean;
  vdso: boolean;
  refuseIoUring: boolean;
  /**
   * The fast path: calls go through the in-process hook where possible. On
   * replay, bit n of this 64-byte set says call n is emulated, so the hook may
   * answer it (record: just `true`).
   */
  fastPath?: boolean | Uint8Array;
  /**
   * Replay only: report divergences and go on. Bit n of this 64-byte set
   * says an unrecorded call n may then execute for real.
   */
  keepGoing?: Uint8Array;
  /** replay only: the trace has start records (format 1.1), so new threads wait for theirs */
  startRecords?: boolean;
  /** fds to place on the program's stdin/stdout/stderr; undefined inherits */
  stdio?: [number | undefined, number | undefined, number | undefined];
  /** intercept only: bit n of this 64-byte set says call n stops for the callbacks */
  intercept?: Uint8Array;
  /** intercept only: its calls stop at their exit too, when asked at entry */
  interceptExit?: boolean;
  /**
   * replay only: (directory, overlay `lowerdir=` option) pairs mounted read-only over the
   * directories, in a mount namespace of the program's own (the packed files in place)
   */
  fileView?: [string, string][];
  /**
   * record only: give the token to a queued thread drawn at random (other interleavings),
   * among those whose pending call is in this set (calls replay answers from the trace, bit
   * n for call n) and the first of the others
   */
  chaos?: Uint8Array;
  /**
   * record, replay (with the fast path): sites patched in earlier sessions of the program,
   * as a 'sites' event gave them (recorder/site-cache.ts)
   */
  knownSites?: Uint8Array;
  /** replay only: echo each write to stdout or stderr before the program goes on */
  liveEcho?: boolean;
}

const CFG_PIN = 1;
const CFG_NO_ASLR = 2;
const CFG_NO_VDSO = 4;
const CFG_REFUSE_IO_URING = 8;
const CFG_KEEP_GOING = 32;
const CFG_START_RECORDS = 64;
const CFG_FASTPATH = 128;
const CFG_INTERCEPT = 256;
const CFG_INTERCEPT_EXIT = 512;
const CFG_FILE_VIEW = 2048;
const CFG_CHAOS = 4096;
const CFG_KNOWN_SITES = 8192;
const CFG_LIVE_ECHO = 16384;
/** FP_KNOWN_ENTRY: the bytes of one known site */
export const KNOWN_SITE_BYTES = 64;
/** The C core's sets of syscalls: 64 bytes, bit n for syscall n. */
const CALL_SET_BYTES = 64;

function callSet(set: Uint8Array): Buffer<ArrayBuffer> {
  const bytes = Buffer.alloc(CALL_SET_BYTES);
  bytes.set(set.subarray(0, CALL_SET_BYTES));
  return bytes;
}

function packConfig(cfg: SessionConfig): Buffer {
  const head = Buffer.alloc(32);
  let flags = 0;
  if (cfg.pin) flags |= CFG_PIN;
  if (!cfg.aslr) flags |= CFG_NO_ASLR;
  if (!cfg.vdso) flags |= CFG_NO_VDSO;
  if (cfg.refuseIoUring) flags |= CFG_REFUSE_IO_URING;
  if (cfg.keepGoing) flags |= CFG_KEEP_GOING;
  if (cfg.startRecords) flags |= CFG_START_RECORDS;
  if (cfg.fastPath) flags |= CFG_FASTPATH;
  if (cfg.intercept) flags |= CFG_INTERCEPT;
  if (cfg.interceptExit) flags |= CFG_INTERCEPT_EXIT;
  if (cfg.fileView) flags |= CFG_FILE_VIEW;
  if (cfg.chaos) flags |= CFG_CHAOS;
  const known = cfg.fastPath ? cfg.knownSites : undefined;
  if (known) flags |= CFG_KNOWN_SITES;
  if (cfg.liveEcho) flags |= CFG_LIVE_ECHO;
  const env = Object.entries(cfg.env).map(([k, v]) => `${k}=${v}`);
  head.writeUInt32LE(flags, 0);
  head.writeInt32LE(cfg.cpu, 4);
  for (let i = 0; i < 3; i++) head.writeInt32LE(cfg.stdio?.[i] ?? -1, 8 + 4 * i);
  head.writeUInt32LE(cfg.argv.length, 20);
  head.writeUInt32LE(env.length, 24);
  head.writeUInt32LE(cfg.cwd === undefined ? 0 : 1, 28);
  const strings = [cfg.path, ...cfg.argv, ...env, ...(cfg.cwd === undefined ? [] : [cfg.cwd])];
  const view = (cfg.fileView ?? []).flat();
  for (const s of [...strings, ...view]) {
    if (s.includes('\0'))
      throw new SystapeError('EINVAL', `argument contains a NUL byte: ${JSON.stringify(s)}`);
  }
  const parts = [head, ...strings.map((s) => Buffer.from(`${s}\0`))];
  if (cfg.keepGoing) {
    parts.push(callSet(cfg.keepGoing));
  }
  if (cfg.fastPath instanceof Uint8Array) parts.push(callSet(cfg.fastPath));
  if (cfg.intercept) parts.push(callSet(cfg.intercept));
  if (cfg.chaos) parts.push(callSet(cfg.chaos));
  if (cfg.fileView) {
    const count = Buffer.alloc(4);
    count.writeUInt32LE(cfg.fileView.length);
    parts.push(count, ...view.map((s) => Buffer.from(`${s}\0`)));
  }
  if (known) {
    const n = Math.floor(known.length / KNOWN_SITE_BYTES);
    const count = Buffer.alloc(4);
    count.writeUInt32LE(n);
    parts.push(count, Buffer.from(known.subarray(0, n * KNOWN_SITE_BYTES)));
  }
  return Buffer.concat(parts);
}

/**
 * Start a session through entry point `funcName` (record, replay, intercept),
 * which returns (input pipe's write end << 32) | events pipe's read end.
 */
function start(
  funcName: string,
  cfg: SessionConfig,
  what: string,
): { events: number; input: number } {
  const mod = load();
  const buf = packConfig(cfg);
  const packed = mod.load({
    library: LIBRARY_NAME,
    funcName,
    retType: mod.DataType.BigInt,
    paramsType: [mod.DataType.U8Array, mod.DataType.I32],
    paramsValue: [buf, buf.length],
  }) as bigint;
  if (packed < 0n) throw new SystapeError('ESTART', `cannot start ${what}: errno ${-packed}`);
  return { events: Number(packed & 0xffff_ffffn), input: Number(packed >> 32n) };
}

/** The pipes of a recording. */
export interface RecordPipes {
  /** its events to read */
  events: number;
  /** with `cfg.intercept` (faults to inject): where a decision goes for each such call */
  decisions?: number;
}

/** Start tracing a new program on a dedicated tracer thread. */
export function startSession(cfg: SessionConfig): RecordPipes {
  const { events, input } = start('st_record_start', cfg, 'tracing');
  return { events, decisions: cfg.intercept ? input : undefined };
}

/** The two pipes of a replay session. */
export interface ReplayPipes {
  /** replay events (echo, divergence, end) to read */
  events: number;
  /** where the recorded records go, encoded as expectations */
  expectations: number;
}

/** Start replaying a program on a dedicated tracer thread. */
export function startReplaySession(cfg: SessionConfig): ReplayPipes {
  const { events, input } = start('st_replay_start', cfg, 'replay');
  return { events, expectations: input };
}

/** The two pipes of an intercept session. */
export interface InterceptPipes {
  /** intercepted calls (and the session's start and end) to read */
  events: number;
  /** where a decision goes for each intercepted call, in order */
  decisions: number;
}

/** Start a program whose calls in `cfg.intercept` stop for callbacks. */
export function startInterceptSession(cfg: SessionConfig): InterceptPipes {
  const { events, input } = start('st_intercept_start', cfg, 'intercepting');
  return { events, decisions: input };
}

/** Send a signal to the root process of the session whose event pipe is `fd`. */
export function signalSession(fd: number, signal: number): void {
  const mod = load();
  mod.load({
    library: LIBRARY_NAME,
    funcName: 'st_signal',
    retType: mod.DataType.I32,
    paramsType: [mod.DataType.I32, mod.DataType.I32],
    paramsValue: [fd, signal],
  });
}

/** The C library version the core runs against, e.g. "2.36". */
export function nativeLibcVersion(): string {
  const mod = load();
  return mod.load({
    library: LIBRARY_NAME,
    funcName: 'st_libc_version',
    retType: mod.DataType.String,
    paramsType: [],
    paramsValue: [],
  }) as string;
}
