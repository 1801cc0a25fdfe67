/**
 * The numbers of one trace, as `systape stats` prints them: calls, errors and time per
 * syscall, per process and per thread (like `strace -c`, over the recorded calls); bytes read
 * and written, per file, pipe and socket; the files the program touched and how; the network
 * endpoints it used; and the recording itself (records, size, captured memory).
 *
 * Pure: records in, a {@link TraceStats} out, every value JSON-safe. Descriptors are followed
 * with the same {@link FileTable} replay and diffs use; what each call did is read from the
 * syscall table (stats-calls.ts).
 *
 * Per-call times come from {@link SyscallRecord.time} (trace format 1.2 on); a trace without
 * them gives counts only, and {@link TraceStats.times} says why. Times are never made up.
 */
import { socketFamilyName, type SocketAddress } from '../formats/decode';
import { LE } from '../formats/decode/bytes';
import {
  errnoName,
  isErrorResult,
  signalName,
  syscallByNumber,
  syscallName,
  syscallNumber,
} from '../formats/syscalls';
import type { SyscallDef } from '../formats/syscalls/types';
import { FileTable, int32, STDERR, STDOUT, type Descriptor } from '../formats/trace/descriptors';
import type { MemRegion, SyscallRecord, TraceHeader, TraceRecord } from '../formats/trace/records';
import { SyscallFlags } from '../formats/trace/records';
import { Identities, taskLabel } from './identities';
import { DIRECTORY, direntNames } from './normalize';
import {
  callAddress,
  fileUses,
  protocolName,
  SOCK_STREAM,
  SOCK_TYPE_MASK,
  transfers,
  type Transfer,
} from './stats-calls';

// ---- the result ----

/** Time spent in calls, in nanoseconds, over the calls that carry a time. */
export interface CallTime {
  totalNs: number;
  avgNs: number;
  maxNs: number;
  /** how many of the calls carry a time (those that never returned do not) */
  timedCalls: number;
}

/** Calls made and how many failed; `time` when the trace has per-call times. */
export interface CallCounts {
  calls: number;
  /** calls whose result was an error (-errno), injected faults included */
  errors: number;
  time?: CallTime;
}

/** One syscall's row. */
export interface SyscallRow extends CallCounts {
  name: string;
  nr: number;
}

/** One process's row. */
export interface ProcessRow extends CallCounts {
  pid: number;
  /** its place in the run, as diffs and reports name it: `P1`, `P1.2` */
  label: string;
  /** the program it ran last (its last exec's argv; its parent's until it execs) */
  argv: string[];
  /** the executable of its last exec, when it made one */
  exe?: string;
  /** threads that made calls */
  threads: number;
  /** how it ended, when the trace says */
  exit?: { code: number | null; signal: string | null };
}

/** One thread's row. */
export interface ThreadRow extends CallCounts {
  tid: number;
  pid: number;
  /** `P1` for a main thread, `P1/T2` for another */
  label: string;
}

/** What a file or endpoint of the I/O table is. */
export type IoKind = 'file' | 'stdio' | 'pipe' | 'socket' | 'other';

/** Bytes moved and the calls that moved them. */
export interface IoCounts {
  /** bytes read (received, for a socket) */
  read: number;
  /** calls that read */
  reads: number;
  /** bytes written (sent, for a socket) */
  written: number;
  writes: number;
}

/** Bytes read and written through one file, pipe, socket or stream. */
export interface IoRow extends IoCounts {
  /**
   * a path; `<stdin>`, `<stdout>`, `<stderr>`; `pipe #1`; a socket as its endpoint
   * (`tcp 127.0.0.1:8080`); `fd 5` for a descriptor the trace does not say more of
   */
  name: string;
  kind: IoKind;
}

/** How a file was touched (a call that failed touches nothing: it counts as an error). */
export type FileUse =
  | 'read'
  | 'written'
  | 'created'
  | 'stat'
  | 'exec'
  | 'mapped'
  | 'listed'
  | 'deleted'
  | 'renamed'
  | 'changed'
  | 'chdir';

/** One path the program named, or used through a descriptor. */
export interface FileRow {
  path: string;
  /**
   * what succeeded on it: read / written (opened for it, or bytes moved), created (O_CREAT,
   * mkdir, mknod, the new name of a link), stat (stat, access, readlink...), exec, mapped,
   * listed (getdents), deleted, renamed, changed (mode, owner, times, size, attributes),
   * chdir
   */
  how: FileUse[];
  calls: number;
  errors: number;
  /** the errno names of the failed calls, most frequent first */
  errnos: string[];
  read: number;
  written: number;
}

/** A directory whose entries the program read. */
export interface DirectoryRow {
  path: string;
  /** getdents calls */
  calls: number;
  /** names returned, `.` and `..` aside */
  entries: number;
}

/** What a socket did: how its endpoint row came about. */
export type EndpointUse =
  | 'connected'
  | 'connect failed'
  | 'accepted'
  | 'listening'
  | 'bound'
  | 'socketpair'
  | 'datagrams'
  | 'unnamed';

/** Sockets with one use and address, taken together. */
export interface EndpointRow {
  /** `tcp`, `udp`, `tcp6`, `udp6`, `unix`, `unix-dgram`, `netlink`... */
  protocol: string;
  /** `AF_INET`, `AF_INET6`, `AF_UNIX`... (empty when the trace does not say) */
  family: string;
  how: EndpointUse;
  /**
   * the peer for connected sockets and datagrams; the local address for listening, bound
   * and accepted ones (accepted: the address they were accepted on); see
   * {@link SocketAddress.address}
   */
  address: string;
  sockets: number;
  calls: number;
  errors: number;
  errnos: string[];
  /** bytes sent */
  sent: number;
  /** bytes received */
  received: number;
}

/** The recording as a whole (not narrowed by the filters). */
export interface RecordingStats {
  /** size of the trace file, when the caller gave it */
  fileBytes?: number;
  /** format version, `1.1` */
  format: string;
  /** the trace keeps the files the program ran and mapped (`systape pack`): they count in its size */
  packed: boolean;
  records: number;
  /** records per kind: sys, spawn, exec, signal, exit, start, end */
  recordsByKind: Record<string, number>;
  syscalls: number;
  /** syscalls recorded in-process by the fast path (absent: the trace does not say) */
  inProcess?: number;
  /** syscalls that stopped the program for the tracer */
  stopped?: number;
  /** wall time of the recording (absent without an end record) */
  durationMs?: number;
  exitStatus?: number;
  /** bytes of memory captured with the calls (arguments read, results written) */
  memoryBytes: number;
  memoryRegions: number;
  /** calls whose memory capture was cut short */
  memoryTruncated: number;
  /** whether the trace ends with its end record */
  complete: boolean;
  /** where a trace cut short stops (its complete records are counted) */
  truncated?: { offset: number; reason: string };
}

/** Everything `systape stats` says about one trace. */
export interface TraceStats {
  /** the recorded command */
  command: string[];
  /** the filters the calls were narrowed to, if any */
  filter?: { pid?: number; syscalls?: string[] };
  /** whether the calls carry times; when not, why (a sentence) */
  times: { present: boolean; why?: string };
  /** over every call counted */
  total: CallCounts;
  /** sorted by total time when there are times, else by calls */
  syscalls: SyscallRow[];
  /** sorted like syscalls */
  processes: ProcessRow[];
  threads: ThreadRow[];
  /** totals, and per file or endpoint by bytes moved */
  io: IoCounts & { by: IoRow[] };
  /** by bytes moved, then calls */
  files: FileRow[];
  directories: DirectoryRow[];
  /** by bytes moved, then calls */
  endpoints: EndpointRow[];
  recording: RecordingStats;
}

/** What {@link traceStats} counts. */
export interface StatsOptions {
  /** only the calls of this process (a pid) or thread (a tid) */
  pid?: number;
  /** only these syscalls, by number */
  syscalls?: ReadonlySet<number>;
  /** the trace file's size, for {@link RecordingStats.fileBytes} */
  fileBytes?: number;
}

/** Records as {@link iterateTrace} gives them: `truncated` is read once they are all read. */
export type StatsInput = Iterable<TraceRecord> & {
  readonly truncated?: { offset: number; reason: string };
};

// ---- classifying calls ----

const nr = (name: string): number => syscallNumber(name) ?? -1;

/** The first format whose calls carry times. */
const TIMED_FORMAT = { major: 1, minor: 2 };

const EINPROGRESS = 115;
/** Calls that make a new name for a file: only their last path is created (not the target). */
const LINKS = new Set(['link', 'linkat', 'symlink', 'symlinkat'].map(nr));
/** Calls whose socket address is the socket's own (the others' name the peer). */
const LOCAL_ADDRESS = new Set(['bind', 'getsockname'].map(nr));
const CONNECT = nr('connect');
const BIND = nr('bind');
const LISTEN = nr('listen');
const AT_FDCWD = -100;

// ---- accumulating ----

class CallAcc {
  calls = 0;
  errors = 0;
  timed = 0;
  totalNs = 0;
  maxNs = 0;

  add(rec: SyscallRecord, failed: boolean): void {
    this.calls++;
    if (failed) this.errors++;
    if (rec.time) {
      this.timed++;
      this.totalNs += rec.time.dur;
      if (rec.time.dur > this.maxNs) this.maxNs = rec.time.dur;
    }
  }

  counts(): CallCounts {
    const out: CallCounts = { calls: this.calls, errors: this.errors };
    if (this.timed > 0)
      out.time = {
        totalNs: this.totalNs,
        avgNs: Math.round(this.totalNs / this.timed),
        maxNs: this.maxNs,
        timedCalls: this.timed,
      };
    return out;
  }
}

/** Failed calls by errno name. */
class Errnos {
  private readonly counts = new Map<string, number>();

  add(ret: SyscallRecord['ret']): void {
    const name = errnoName(-Number(BigInt.asIntN(64, BigInt(ret)))) ?? 'E?';
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  names(): string[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([n]) => n);
  }
}

interface FileAcc {
  how: Set<FileUse>;
  calls: number;
  errors: number;
  errnos: Errnos;
  read: number;
  written: number;
}

/** What the trace tells of one socket (one open file description). */
interface SocketState {
  family: string;
  type: number;
  pair: boolean;
  local?: string;
  peer?: string;
  connect?: 'ok' | 'failed';
  listening: boolean;
  /** for an accepted socket: the listening socket's local address */
  acceptedOn?: string;
  calls: number;
  errors: number;
  errnos: Errnos;
  sent: number;
  received: number;
}

function newSocket(family: string, type: number, pair = false): SocketState {
  return {
    family,
    type,
    pair,
    listening: false,
    calls: 0,
    errors: 0,
    errnos: new Errnos(),
    sent: 0,
    received: 0,
  };
}

function socketUse(s: SocketState): { how: EndpointUse; address: string } {
  if (s.acceptedOn !== undefined) return { how: 'accepted', address: s.acceptedOn };
  if (s.connect)
    return { how: s.connect === 'ok' ? 'connected' : 'connect failed', address: s.peer ?? '' };
  if (s.listening) return { how: 'listening', address: s.local ?? '' };
  if (s.local !== undefined) return { how: 'bound', address: s.local };
  if (s.pair) return { how: 'socketpair', address: '' };
  if (s.peer !== undefined) return { how: 'datagrams', address: s.peer };
  return { how: 'unnamed', address: '' };
}

/** `tcp 127.0.0.1:8080`: how the I/O table names a socket. */
function socketName(s: SocketState): string {
  const { how, address } = socketUse(s);
  const protocol = protocolName(s.family, s.type);
  if (how === 'accepted') return `${protocol} accepted on ${address}`;
  if (how === 'socketpair' || how === 'unnamed' || address === '') return `${protocol} ${how}`;
  return `${protocol} ${address}`;
}

const byCost =
  (timed: boolean) =>
  (a: CallCounts, b: CallCounts): number =>
    (timed ? (b.time?.totalNs ?? 0) - (a.time?.totalNs ?? 0) : 0) || b.calls - a.calls;

/** Counts a trace's records into a {@link TraceStats}; see the module comment. */
class StatsBuilder {
  private readonly ids: Identities;
  private readonly files: FileTable;
  private readonly sockets = new WeakMap<Descriptor, SocketState>();
  private readonly socketList: SocketState[] = [];
  private readonly total = new CallAcc();
  private readonly bySyscall = new Map<number, CallAcc>();
  private readonly byProcess = new Map<number, { acc: CallAcc; tids: Set<number> }>();
  private readonly byThread = new Map<number, { pid: number; acc: CallAcc; label: string }>();
  private readonly exits = new Map<number, ProcessRow['exit']>();
  private readonly exes = new Map<number, string>();
  private readonly io = new Map<Descriptor | string, IoCounts & { kind: IoKind; name?: string }>();
  /** `pipe #2`: descriptors named by kind and number, in the order they were used */
  private readonly ioNames = new Map<Descriptor, string>();
  private readonly kindCounts = new Map<string, number>();
  private readonly fileRows = new Map<string, FileAcc>();
  private readonly dirs = new Map<string, DirectoryRow>();
  private readonly datagrams = new Map<string, SocketState>();
  private readonly recordsByKind: Record<string, number> = {};
  private records = 0;
  private memoryBytes = 0;
  private memoryRegions = 0;
  private memoryTruncated = 0;
  private end: Extract<TraceRecord, { t: 'end' }> | undefined;

  constructor(
    private readonly header: TraceHeader,
    private readonly opts: StatsOptions,
  ) {
    this.ids = new Identities(header);
    this.files = new FileTable(header.cwd);
  }

  add(rec: TraceRecord): void {
    this.records++;
    this.recordsByKind[rec.t] = (this.recordsByKind[rec.t] ?? 0) + 1;
    if (rec.t === 'end') {
      this.end = rec;
      return;
    }
    this.ids.observe(rec);
    if (rec.t === 'exec') this.exes.set(rec.pid, rec.path);
    if (rec.t === 'exit' && rec.processExit)
      this.exits.set(rec.pid, {
        code: rec.code,
        signal: rec.signal === null ? null : signalName(rec.signal),
      });
    if (rec.t !== 'sys') {
      this.files.observe(rec);
      return;
    }
    for (const m of rec.mem) this.memoryBytes += m.bytes.length;
    this.memoryRegions += rec.mem.length;
    if (rec.flags & SyscallFlags.MEM_TRUNCATED) this.memoryTruncated++;
    const def = syscallByNumber(rec.nr);
    if (this.selected(rec)) this.count(rec, def);
    // socket addresses are followed in every call, so that a filtered view still names them
    const before = def ? this.socketCall(rec, def) : undefined;
    this.files.observe(rec);
    if (def) this.newDescriptors(rec, def, before);
  }

  private selected(rec: SyscallRecord): boolean {
    const { pid, syscalls } = this.opts;
    if (pid !== undefined && rec.pid !== pid && rec.tid !== pid) return false;
    return !syscalls || syscalls.has(rec.nr);
  }

  // -- counting a selected call --

  private count(rec: SyscallRecord, def: SyscallDef | undefined): void {
    const failed = isErrorResult(rec.ret);
    this.total.add(rec, failed);
    this.acc(this.bySyscall, rec.nr).add(rec, failed);
    let proc = this.byProcess.get(rec.pid);
    if (!proc) this.byProcess.set(rec.pid, (proc = { acc: new CallAcc(), tids: new Set() }));
    proc.acc.add(rec, failed);
    proc.tids.add(rec.tid);
    let thread = this.byThread.get(rec.tid);
    if (!thread) {
      const label = taskLabel(this.ids.task(rec.pid, rec.tid));
      this.byThread.set(rec.tid, (thread = { pid: rec.pid, acc: new CallAcc(), label }));
    }
    thread.acc.add(rec, failed);
    if (!def) return;

    const moves = transfers(rec, def);
    for (const t of moves) this.countTransfer(rec, def, t);
    this.countFiles(rec, def, failed, moves);
    // calls on sockets (a datagram sent or received by address: on that address)
    const seen = new Set<SocketState>();
    for (const [i, a] of def.args.entries()) {
      if (a.type !== 'fd') continue;
      const socket = this.socketOf(rec.pid, int32(rec.args[i]));
      const s = socket && (this.datagramPeer(rec, def, socket) ?? socket);
      if (!s || seen.has(s)) continue;
      seen.add(s);
      s.calls++;
      if (failed && !(rec.nr === CONNECT && this.errno(rec) === EINPROGRESS)) {
        s.errors++;
        s.errnos.add(rec.ret);
      }
    }
  }

  private acc<K>(map: Map<K, CallAcc>, key: K): CallAcc {
    let a = map.get(key);
    if (!a) map.set(key, (a = new CallAcc()));
    return a;
  }

  private errno(rec: SyscallRecord): number {
    return -Number(BigInt.asIntN(64, BigInt(rec.ret)));
  }

  /** The socket address a call names, a relative unix socket path resolved as its process would. */
  private address(rec: SyscallRecord, def: SyscallDef): SocketAddress | undefined {
    const a = callAddress(rec, def);
    if (a?.family !== 'AF_UNIX' || a.address === '' || /^[@/]/.test(a.address)) return a;
    return { ...a, address: this.files.resolvePath(rec.pid, AT_FDCWD, a.address) };
  }

  private socketOf(pid: number, fd: number): SocketState | undefined {
    const d = this.files.describe(pid, fd);
    return d && this.sockets.get(d);
  }

  /**
   * For a datagram socket with no peer, the address a datagram went to or came from
   * (sendto, recvfrom, sendmsg, recvmsg): that traffic is counted by address.
   */
  private datagramPeer(
    rec: SyscallRecord,
    def: SyscallDef,
    s: SocketState,
  ): SocketState | undefined {
    if (s.peer !== undefined || s.pair || (s.type & SOCK_TYPE_MASK) === SOCK_STREAM)
      return undefined;
    if (!def.args.some((a) => a.type === 'buf' || a.type === 'msghdr')) return undefined;
    const to = this.address(rec, def);
    if (!to || to.address === '') return undefined;
    const key = `${protocolName(to.family, s.type)} ${to.address}`;
    let d = this.datagrams.get(key);
    if (!d) {
      this.datagrams.set(key, (d = newSocket(to.family, s.type)));
      d.peer = to.address;
    }
    return d;
  }

  private countTransfer(rec: SyscallRecord, def: SyscallDef, t: Transfer): void {
    const d = this.files.describe(rec.pid, t.fd);
    let key: Descriptor | string;
    let kind: IoKind;
    const s = d && this.sockets.get(d);
    const dgram = s && this.datagramPeer(rec, def, s);
    if (dgram) {
      key = socketName(dgram);
      kind = 'socket';
    } else if (d) {
      key = d;
      kind =
        d.path === STDOUT || d.path === STDERR
          ? 'stdio'
          : d.path !== undefined
            ? 'file'
            : d.kind === 'pipe'
              ? 'pipe'
              : d.kind === 'socket' || d.kind === 'socketpair'
                ? 'socket'
                : 'other';
    } else {
      // descriptors the recorded program inherited, other than its stdout and stderr
      key = t.fd === 0 ? '<stdin>' : `fd ${t.fd}`;
      kind = t.fd === 0 ? 'stdio' : 'other';
    }
    let row = this.io.get(key);
    if (!row) this.io.set(key, (row = { kind, read: 0, reads: 0, written: 0, writes: 0 }));
    const sock = dgram ?? s;
    if (t.dir === 'read') {
      row.read += t.bytes;
      row.reads++;
      if (sock) sock.received += t.bytes;
    } else {
      row.written += t.bytes;
      row.writes++;
      if (sock) sock.sent += t.bytes;
    }
  }

  /** The paths a call names or uses through a descriptor, and what it did to them. */
  private countFiles(
    rec: SyscallRecord,
    def: SyscallDef,
    failed: boolean,
    moves: Transfer[],
  ): void {
    const named: string[] = [];
    const pathArgs = def.args.flatMap((a, i) => (a.type === 'path' ? [i] : []));
    for (const i of pathArgs) {
      if (LINKS.has(rec.nr) && i !== pathArgs[pathArgs.length - 1]) continue; // the target
      const path = this.files.resolvePathArg(rec, i);
      if (path?.startsWith('/')) named.push(path);
    }
    const byFd = new Map<string, number>();
    for (const [i, a] of def.args.entries()) {
      if (a.type !== 'fd') continue;
      const fd = int32(rec.args[i]);
      const path = this.files.pathOf(rec.pid, fd);
      if (path?.startsWith('/')) byFd.set(path, fd);
    }
    // a unix socket bound to a path makes that file
    if (rec.nr === BIND) {
      const at = this.address(rec, def);
      if (at?.family === 'AF_UNIX' && at.address.startsWith('/')) named.push(at.address);
    }
    // a file mapping: the path of the file it maps comes with the call
    const mapped = rec.mem.find((m: MemRegion) => m.dir === 'path');
    if (mapped && byFd.size === 0) byFd.set(Buffer.from(mapped.bytes).toString('utf8'), -1);

    const uses = failed ? [] : fileUses(rec, def, mapped !== undefined);
    const paths = new Set([...named, ...byFd.keys()]);
    for (const path of paths) {
      let f = this.fileRows.get(path);
      if (!f) {
        f = { how: new Set(), calls: 0, errors: 0, errnos: new Errnos(), read: 0, written: 0 };
        this.fileRows.set(path, f);
      }
      f.calls++;
      if (failed) {
        f.errors++;
        f.errnos.add(rec.ret);
        continue;
      }
      for (const u of uses) f.how.add(u);
      const fd = byFd.get(path);
      for (const t of moves) {
        if (t.fd !== fd) continue;
        if (t.dir === 'read') {
          f.read += t.bytes;
          f.how.add('read');
        } else {
          f.written += t.bytes;
          f.how.add('written');
        }
      }
      if (DIRECTORY.has(rec.nr)) this.countListing(rec, path);
    }
  }

  private countListing(rec: SyscallRecord, path: string): void {
    let d = this.dirs.get(path);
    if (!d) this.dirs.set(path, (d = { path, calls: 0, entries: 0 }));
    d.calls++;
    for (const m of rec.mem)
      if (m.dir === 'out')
        d.entries += direntNames(m.bytes).filter((n) => n !== '.' && n !== '..').length;
  }

  // -- following sockets (every call, selected or not) --

  /** Addresses a socket call names, noted on its socket; the listening socket of an accept. */
  private socketCall(rec: SyscallRecord, def: SyscallDef): SocketState | undefined {
    const fdArg = def.args.findIndex((a) => a.type === 'fd');
    if (def.family !== 'network' || fdArg < 0) return undefined;
    const s = this.socketOf(rec.pid, int32(rec.args[fdArg]));
    if (!s) return undefined;
    const failed = isErrorResult(rec.ret);
    if (def.ret === 'fd') return s; // accept: the new socket is made after the table sees it
    if (rec.nr === CONNECT) {
      const to = this.address(rec, def);
      if (to) s.peer = to.address;
      s.connect = !failed || this.errno(rec) === EINPROGRESS ? 'ok' : 'failed';
      return undefined;
    }
    if (failed) return undefined;
    if (rec.nr === LISTEN) s.listening = true;
    else if (
      def.args.some((a) => a.type === 'sockaddr') &&
      !def.args.some((a) => a.type === 'buf')
    ) {
      // bind, getsockname, getpeername (sendto and recvfrom name datagrams' peers instead)
      const at = this.address(rec, def);
      if (at && at.address !== '') {
        if (LOCAL_ADDRESS.has(rec.nr)) s.local = at.address;
        else s.peer = at.address;
      }
    }
    return undefined;
  }

  /** Socket state for the descriptors a call made, once the table has them. */
  private newDescriptors(
    rec: SyscallRecord,
    def: SyscallDef,
    listening: SocketState | undefined,
  ): void {
    if (isErrorResult(rec.ret)) return;
    let fd = Number(rec.ret);
    if (def.ret !== 'fd') {
      // socketpair: the first of the two descriptors it wrote (both share one description)
      const out = rec.mem.find((m) => m.dir === 'out' && m.bytes.length >= 8);
      if (!out) return;
      fd = new LE(out.bytes).i32(0);
    }
    const d = this.files.describe(rec.pid, fd);
    if (!d || (d.kind !== 'socket' && d.kind !== 'socketpair') || this.sockets.has(d)) return;
    let s: SocketState;
    if (def.args[0]?.type === 'fd') {
      // accept, accept4: a socket like the listening one, with the peer it wrote
      s = newSocket(listening?.family ?? '', listening?.type ?? 0);
      s.acceptedOn = listening?.local ?? '';
      s.peer = this.address(rec, def)?.address;
    } else {
      // socket(domain, type, protocol), socketpair(domain, type, protocol, sv)
      const family = socketFamilyName(int32(rec.args[0]));
      s = newSocket(family, int32(rec.args[1]), d.kind === 'socketpair');
    }
    this.sockets.set(d, s);
    this.socketList.push(s);
  }

  // -- the result --

  result(truncated: StatsInput['truncated']): TraceStats {
    const timed = this.total.timed > 0;
    const sort = byCost(timed);
    const syscalls: SyscallRow[] = [...this.bySyscall]
      .map(([n, a]) => ({ name: syscallName(n), nr: n, ...a.counts() }))
      .sort((a, b) => sort(a, b) || a.name.localeCompare(b.name));
    const processes: ProcessRow[] = [...this.byProcess].map(([pid, p]) => {
      const name = this.ids.processName(pid);
      const row: ProcessRow = {
        pid,
        label: `P${name}`,
        argv: this.ids.argv.get(name) ?? [],
        threads: p.tids.size,
        ...p.acc.counts(),
      };
      const exe = this.exes.get(pid);
      if (exe !== undefined) row.exe = exe;
      const exit = this.exits.get(pid);
      if (exit) row.exit = exit;
      return row;
    });
    processes.sort(sort);
    const threads: ThreadRow[] = [...this.byThread]
      .map(([tid, t]) => ({ tid, pid: t.pid, label: t.label, ...t.acc.counts() }))
      .sort(sort);
    return {
      command: this.header.argv,
      ...this.filter(),
      times: this.times(timed),
      total: this.total.counts(),
      syscalls,
      processes,
      threads,
      io: this.ioResult(),
      files: this.fileResult(),
      directories: [...this.dirs.values()].sort(
        (a, b) => b.entries - a.entries || a.path.localeCompare(b.path),
      ),
      endpoints: this.endpointResult(),
      recording: this.recording(truncated),
    };
  }

  private filter(): { filter?: TraceStats['filter'] } {
    const { pid, syscalls } = this.opts;
    if (pid === undefined && !syscalls) return {};
    const filter: TraceStats['filter'] = {};
    if (pid !== undefined) filter.pid = pid;
    if (syscalls) filter.syscalls = [...syscalls].map(syscallName);
    return { filter };
  }

  private times(timed: boolean): TraceStats['times'] {
    if (timed) return { present: true };
    const f = this.header.format;
    const old =
      f.major < TIMED_FORMAT.major ||
      (f.major === TIMED_FORMAT.major && f.minor < TIMED_FORMAT.minor);
    return {
      present: false,
      why: old
        ? `recorded before systape format ${TIMED_FORMAT.major}.${TIMED_FORMAT.minor} (this trace is ${f.major}.${f.minor})`
        : this.total.calls === 0
          ? 'no calls counted'
          : 'none of the calls counted carries a time',
    };
  }

  private ioResult(): TraceStats['io'] {
    const rows = new Map<string, IoRow>();
    const totals: IoCounts = { read: 0, reads: 0, written: 0, writes: 0 };
    for (const [key, c] of this.io) {
      const name = typeof key === 'string' ? key : this.descriptorName(key);
      let row = rows.get(name);
      if (!row)
        rows.set(name, (row = { name, kind: c.kind, read: 0, reads: 0, written: 0, writes: 0 }));
      for (const k of ['read', 'reads', 'written', 'writes'] as const) {
        row[k] += c[k];
        totals[k] += c[k];
      }
    }
    const by = [...rows.values()].sort(
      (a, b) =>
        b.read + b.written - (a.read + a.written) ||
        b.reads + b.writes - (a.reads + a.writes) ||
        a.name.localeCompare(b.name),
    );
    return { ...totals, by };
  }

  /** How the I/O table names a descriptor: its path, its socket's endpoint, `pipe #2`... */
  private descriptorName(d: Descriptor): string {
    if (d.path !== undefined) return d.path;
    const s = this.sockets.get(d);
    if (s && !s.pair) return socketName(s);
    let name = this.ioNames.get(d);
    if (name === undefined) {
      const kind = s ? 'socketpair' : (d.kind ?? 'descriptor');
      const n = (this.kindCounts.get(kind) ?? 0) + 1;
      this.kindCounts.set(kind, n);
      this.ioNames.set(d, (name = `${kind} #${n}`));
    }
    return name;
  }

  private fileResult(): FileRow[] {
    return [...this.fileRows]
      .map(([path, f]) => ({
        path,
        how: [...f.how],
        calls: f.calls,
        errors: f.errors,
        errnos: f.errnos.names(),
        read: f.read,
        written: f.written,
      }))
      .sort(
        (a, b) =>
          b.read + b.written - (a.read + a.written) ||
          b.calls - a.calls ||
          a.path.localeCompare(b.path),
      );
  }

  private endpointResult(): EndpointRow[] {
    const rows = new Map<string, EndpointRow & { errnoList: Errnos[] }>();
    const add = (s: SocketState, how: EndpointUse, address: string, sockets: number) => {
      const protocol = protocolName(s.family, s.type);
      const key = `${protocol}\0${how}\0${address}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          protocol,
          family: s.family,
          how,
          address,
          sockets: 0,
          calls: 0,
          errors: 0,
          errnos: [],
          sent: 0,
          received: 0,
          errnoList: [],
        };
        rows.set(key, row);
      }
      row.sockets += sockets;
      row.calls += s.calls;
      row.errors += s.errors;
      row.errnoList.push(s.errnos);
      row.sent += s.sent;
      row.received += s.received;
    };
    for (const s of this.socketList) {
      if (s.calls === 0 && s.sent === 0 && s.received === 0) continue; // not among the calls counted
      const { how, address } = socketUse(s);
      add(s, how, address, 1);
    }
    // entries per address, not sockets of their own
    for (const d of this.datagrams.values()) add(d, 'datagrams', d.peer ?? '', 0);
    return [...rows.values()]
      .map(({ errnoList, ...row }) => ({
        ...row,
        errnos: [...new Set(errnoList.flatMap((e) => e.names()))],
      }))
      .sort(
        (a, b) =>
          b.sent + b.received - (a.sent + a.received) ||
          b.calls - a.calls ||
          a.address.localeCompare(b.address),
      );
  }

  private recording(truncated: StatsInput['truncated']): RecordingStats {
    const end = this.end;
    const syscalls = this.recordsByKind.sys ?? 0;
    const r: RecordingStats = {
      format: `${this.header.format.major}.${this.header.format.minor}`,
      packed: this.header.packed === true,
      records: this.records,
      recordsByKind: { ...this.recordsByKind },
      syscalls,
      memoryBytes: this.memoryBytes,
      memoryRegions: this.memoryRegions,
      memoryTruncated: this.memoryTruncated,
      complete: end !== undefined && !truncated,
    };
    if (this.opts.fileBytes !== undefined) r.fileBytes = this.opts.fileBytes;
    if (end?.fastCalls !== undefined) {
      r.inProcess = end.fastCalls;
      r.stopped = end.syscalls - end.fastCalls;
    }
    if (end) {
      r.durationMs = end.durationMs;
      r.exitStatus = end.exitStatus;
    }
    if (truncated) r.truncated = { offset: truncated.offset, reason: truncated.reason };
    return r;
  }
}

/**
 * The statistics of one trace: every record of `records` (the trace's header first read
 * into `header`), counted as {@link TraceStats} describes. Filters narrow the calls counted;
 * the recording's own numbers are always the whole trace's.
 *
 * @example
 * ```ts
 * const it = iterateTrace('run.systape');
 * const stats = traceStats(it.header, it, { fileBytes: fs.statSync('run.systape').size });
 * console.log(stats.syscalls[0]); // { name: 'read', calls: 12, errors: 0, ... }
 * ```
 */
export function traceStats(
  header: TraceHeader,
  records: StatsInput,
  opts: StatsOptions = {},
): TraceStats {
  const b = new StatsBuilder(header, opts);
  for (const rec of records) b.add(rec);
  return b.result(records.truncated);
}
