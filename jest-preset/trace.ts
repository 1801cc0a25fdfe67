/**
 * A recorded run, queryable from tests: its system calls decoded, the files
 * it read and wrote, the network endpoints it used, its processes.
 */
import { decodeSyscall, formatSyscall } from '../formats/decode';
import { errnoName, isErrorResult, syscallByNumber, syscallName } from '../formats/syscalls';
import { FileTable, int32, openFlags } from '../formats/trace/descriptors';
import { readTrace } from '../formats/trace/reader';
import type { SyscallRecord, TraceHeader, TraceRecord } from '../formats/trace/records';

/** One system call of a {@link Trace}. */
export interface Call {
  seq: number;
  pid: number;
  tid: number;
  name: string;
  nr: number;
  /**
   * The arguments as strace shows them, but paths, strings and the bytes a
   * call reads from a buffer as they are (`/etc/hosts`, not `"/etc/hosts"`;
   * a write's payload as UTF-8 text).
   */
  args: string[];
  /** the arguments exactly as strace shows them (quoted, escaped, cut at 32 bytes) */
  shown: string[];
  /** the arguments' names in the syscall table (`dirfd`, `pathname`, `flags`...) */
  argNames: string[];
  /** the raw result (`-errno` for a failure) */
  ret: number | bigint;
  ok: boolean;
  /** for a failed call: its errno name */
  errno?: string;
  /** the call as one strace-like line */
  line: string;
  /** the files the call names, as absolute paths (resolved against its process's directory) */
  paths: string[];
  /** the files its descriptor arguments were open on, where the trace tells */
  fdPaths: string[];
  record: SyscallRecord;
}

/** A process of a {@link Trace}. */
export interface TracedProcess {
  pid: number;
  /** the program it ran last (after its last execve), as its argv */
  argv: string[];
  /** its exit code, or null when a signal ended it (or it was still running) */
  exitCode: number | null;
  signal: number | null;
}

const O_ACCMODE = 3;
const O_WRONLY = 1;
const O_RDWR = 2;
const O_CREAT = 0o100;
const O_TRUNC = 0o1000;
const AF_INET = 2;
const AF_INET6 = 10;

/** Calls that change the file they name (beyond opening it to write). */
const MODIFY = new Set([
  'unlink',
  'unlinkat',
  'rename',
  'renameat',
  'renameat2',
  'mkdir',
  'mkdirat',
  'rmdir',
  'truncate',
  'chmod',
  'fchmodat',
  'chown',
  'fchownat',
  'lchown',
  'link',
  'linkat',
  'symlink',
  'symlinkat',
  'utimensat',
  'mknod',
  'mknodat',
]);
const OPENS = new Set(['open', 'openat', 'openat2', 'creat']);
const EXECS = new Set(['execve', 'execveat']);
/** Calls whose socket address names a peer or a local address taken. */
const NET_ADDRESS = new Set(['connect', 'bind', 'sendto', 'sendmsg']);

function word(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v;
}

/** A recorded run (see the module comment). */
export class Trace {
  /** every syscall, in order */
  readonly all: readonly Call[];
  private readonly byName = new Map<string, Call[]>();

  constructor(
    readonly records: readonly TraceRecord[],
    readonly header?: TraceHeader,
  ) {
    const table = new FileTable(header?.cwd ?? '/');
    const calls: Call[] = [];
    for (const rec of records) {
      if (rec.t === 'sys') calls.push(toCall(rec, table));
      table.observe(rec);
    }
    this.all = calls;
    for (const c of calls) {
      let list = this.byName.get(c.name);
      if (!list) this.byName.set(c.name, (list = []));
      list.push(c);
    }
  }

  /** Read a trace file. */
  static read(file: string): Trace {
    const { header, records } = readTrace(file);
    return new Trace(records, header);
  }

  /** The calls to `names` (all calls without), in order. */
  calls(names?: string | readonly string[]): Call[] {
    if (names === undefined) return [...this.all];
    const wanted = typeof names === 'string' ? [names] : names;
    if (wanted.length === 1) return [...(this.byName.get(wanted[0]) ?? [])];
    const set = new Set(wanted);
    return this.all.filter((c) => set.has(c.name));
  }

  /**
   * Files the run opened to read, opened to write (or changed), and touched at
   * all (named in a call that succeeded; the programs it ran aside).
   */
  get files(): { read: string[]; written: string[]; accessed: string[] } {
    const read = new Set<string>();
    const written = new Set<string>();
    const accessed = new Set<string>();
    for (const c of this.all) {
      if (!c.ok || c.paths.length === 0) continue;
      if (!EXECS.has(c.name)) for (const p of c.paths) accessed.add(p);
      if (OPENS.has(c.name)) {
        const flags = openFlags(c.record) ?? 0;
        const mode = flags & O_ACCMODE;
        if (mode !== O_WRONLY) read.add(c.paths[0]);
        if (mode === O_WRONLY || mode === O_RDWR || flags & (O_CREAT | O_TRUNC))
          written.add(c.paths[0]);
      } else if (MODIFY.has(c.name)) {
        for (const p of c.paths) written.add(p);
      }
    }
    return { read: [...read], written: [...written], accessed: [...accessed] };
  }

  /** Internet endpoints the run connected to, bound or sent to (`1.2.3.4:80`, `[::1]:443`). */
  get network(): { calls: Call[]; endpoints: string[] } {
    const calls: Call[] = [];
    const endpoints = new Set<string>();
    for (const c of this.all) {
      if (!NET_ADDRESS.has(c.name)) continue;
      const endpoint = inetEndpoint(c);
      if (endpoint === undefined) continue;
      calls.push(c);
      endpoints.add(endpoint);
    }
    return { calls, endpoints: [...endpoints] };
  }

  /** The processes of the run, in order of appearance. */
  get processes(): TracedProcess[] {
    const procs = new Map<number, TracedProcess>();
    const proc = (pid: number, argv: string[] = []) => {
      let p = procs.get(pid);
      if (!p) procs.set(pid, (p = { pid, argv, exitCode: null, signal: null }));
      return p;
    };
    if (this.header) proc(firstPid(this.records), this.header.argv);
    for (const rec of this.records) {
      if (rec.t === 'spawn' && rec.kind !== 'thread') proc(rec.childPid, proc(rec.pid).argv);
      else if (rec.t === 'exec') proc(rec.pid).argv = rec.argv;
      else if (rec.t === 'exit' && rec.processExit) {
        const p = proc(rec.pid);
        p.exitCode = rec.code;
        p.signal = rec.signal;
      }
    }
    return [...procs.values()];
  }
}

function firstPid(records: readonly TraceRecord[]): number {
  for (const r of records) if ('pid' in r) return r.pid;
  return 0;
}

function toCall(rec: SyscallRecord, table: FileTable): Call {
  const def = syscallByNumber(rec.nr);
  const decoded = decodeSyscall(rec);
  const args = decoded.args.slice();
  const paths: string[] = [];
  def?.args.forEach((a, i) => {
    if (a.type !== 'path' && a.type !== 'str' && a.type !== 'buf') return;
    const region = rec.mem.find((m) => m.dir === 'in' && m.arg === i);
    if (!region) return;
    const text = Buffer.from(region.bytes).toString('utf8');
    args[i] = text;
    if (a.type === 'buf') return;
    if (a.type === 'path') {
      const file = table.resolvePathArg(rec, i);
      if (file?.startsWith('/')) paths.push(file); // (not the inherited stdout and stderr)
    }
  });
  const fdPaths: string[] = [];
  def?.args.forEach((a, i) => {
    if (a.type !== 'fd' && a.type !== 'dirfd') return;
    const file = table.pathOf(rec.pid, int32(rec.args[i]));
    if (file !== undefined && file.startsWith('/')) fdPaths.push(file);
  });
  const ret = rec.ret;
  const failed = isErrorResult(ret);
  return {
    seq: rec.seq,
    pid: rec.pid,
    tid: rec.tid,
    name: def?.name ?? syscallName(rec.nr),
    nr: rec.nr,
    args,
    shown: decoded.args,
    argNames: def?.args.map((a) => a.name) ?? [],
    ret,
    ok: !failed,
    errno: failed ? errnoName(-word(ret)) : undefined,
    line: formatSyscall(rec),
    paths,
    fdPaths,
    record: rec,
  };
}

/** The internet address a call's socket address names, if it is one. */
function inetEndpoint(c: Call): string | undefined {
  const r = c.record;
  // the sockaddr: connect/bind arg 1, sendto arg 4; sendmsg's msg_name is inside its msghdr
  const argIndex = c.name === 'sendto' ? 4 : c.name === 'sendmsg' ? -1 : 1;
  const region =
    argIndex >= 0
      ? r.mem.find((m) => m.dir === 'in' && m.arg === argIndex && m.bytes.length >= 2)
      : r.mem.find((m) => m.dir === 'in' && m.bytes.length >= 16 && isInet(m.bytes));
  if (!region || !isInet(region.bytes)) return undefined;
  const b = Buffer.from(region.bytes);
  const port = b.readUInt16BE(2);
  if (b.readUInt16LE(0) === AF_INET) return `${[...b.subarray(4, 8)].join('.')}:${port}`;
  if (b.length < 24) return undefined;
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(b.readUInt16BE(8 + 2 * i).toString(16));
  return `[${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}]:${port}`;
}

function isInet(bytes: Uint8Array): boolean {
  const family = bytes[0] | (bytes[1] << 8);
  return family === AF_INET || family === AF_INET6;
}
