/**
 * `systape stats`, run as a user runs it on recordings of real programs: calls per syscall,
 * process and thread; bytes per file, pipe and socket; the files touched and how; the network
 * endpoints with their addresses; the recording's own numbers; times when the trace has them
 * and a plain word when it has none; damaged and missing traces.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { traceStats, type TraceStats } from '../analysis/stats';
import { formatStats } from '../cli/commands/stats';
import { syscallName, syscallNumber } from '../formats/syscalls';
import { ChunkKind, encodeChunk, FILE_MAGIC } from '../formats/trace/frame';
import { encodeHeader } from '../formats/trace/header';
import {
  readTrace,
  TraceWriter,
  type SyscallRecord,
  type TraceHeader,
  type TraceRecord,
} from '../formats/trace';
import { fixture } from './helpers/fixtures';
import {
  expectCleanFailure,
  makeTempDir,
  removeTempDirs,
  runCli,
  splitLines,
} from './helpers/record';

afterAll(removeTempDirs);

const FRAME_SIZE = 16;

/** Records `argv` with `systape record -q -o NAME` in `dir`; returns the trace's path. */
async function record(dir: string, name: string, argv: string[]): Promise<string> {
  const r = await runCli(['record', '-q', '-o', name, '--', ...argv], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return path.join(dir, name);
}

async function statsJson(file: string, ...args: string[]): Promise<TraceStats> {
  const r = await runCli(['stats', '--json', ...args, file]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as TraceStats;
}

/** Calls, errors and time per syscall name, counted from the records themselves. */
function countCalls(
  records: TraceRecord[],
): Map<string, { calls: number; errors: number; totalNs: number }> {
  const counts = new Map<string, { calls: number; errors: number; totalNs: number }>();
  for (const rec of records) {
    if (rec.t !== 'sys') continue;
    const c = counts.get(syscallName(rec.nr)) ?? { calls: 0, errors: 0, totalNs: 0 };
    c.calls++;
    const ret = Number(rec.ret);
    if (ret < 0 && ret >= -4095) c.errors++;
    c.totalNs += rec.time?.dur ?? 0;
    counts.set(syscallName(rec.nr), c);
  }
  return counts;
}

/** The rows of a text table: the lines after `title` and its column rule, up to a blank line. */
function tableRows(text: string, title: RegExp): string[] {
  const lines = splitLines(text);
  const start = lines.findIndex((l) => title.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (const l of lines.slice(start + 3)) {
    if (l === '') break;
    rows.push(l);
  }
  return rows;
}

/** Writes the records of `file` again as `out`, each as `change` gives it back. */
function rewrite(
  file: string,
  out: string,
  change: (rec: TraceRecord) => TraceRecord,
  chunkBytes?: number,
): void {
  const { header, records } = readTrace(file);
  const w = TraceWriter.create(out, header, { chunkBytes });
  for (const rec of records.map(change)) {
    if (rec.t === 'end') w.close(rec);
    else w.append(rec);
  }
}

/** Rewrites `file` as `out` with the header's format version set to `minor`. */
function withFormatMinor(file: string, out: string, minor: number): void {
  const bytes = fs.readFileSync(file);
  const headerEnd = FILE_MAGIC.length + FRAME_SIZE + bytes.readUInt32LE(FILE_MAGIC.length + 4);
  const header = readTrace(file).header;
  const chunk = encodeChunk(
    ChunkKind.HEADER,
    encodeHeader({ ...header, format: { major: 1, minor } }),
  );
  fs.writeFileSync(out, Buffer.concat([FILE_MAGIC, chunk, bytes.subarray(headerEnd)]));
}

describe('stats of a program that reads, writes, lists and talks over sockets', () => {
  const IN_BYTES = 3000;
  let dir: string;
  let file: string;
  let port: number;
  let s: TraceStats;
  let text: string;
  let records: TraceRecord[];
  const server = net.createServer((c) => {
    // 123 bytes in, then 456 out and the connection closed
    let n = 0;
    c.on('data', (d) => {
      n += d.length;
      if (n >= 123) c.end(Buffer.alloc(456, 'r'));
    });
  });

  beforeAll(async () => {
    dir = makeTempDir('systape-stats-');
    fs.writeFileSync(path.join(dir, 'in'), Buffer.alloc(IN_BYTES, 'i'));
    fs.mkdirSync(path.join(dir, 'listed'));
    for (const f of ['a', 'b', 'c']) fs.writeFileSync(path.join(dir, 'listed', f), f);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
    const bin = fixture('iostats');
    file = await record(dir, 'io.systape', [bin, 'in', 'out', 'listed', String(port)]);
    records = readTrace(file).records;
    s = await statsJson(file);
    const r = await runCli(['stats', '--all', file]);
    expect(r.status).toBe(0);
    text = r.stdout;
  }, 60_000);
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('the program did what the test expects', () => {
    expect(fs.readFileSync(path.join(dir, 'out'), 'utf8')).toBe('x'.repeat(500));
  });

  test('calls, errors and time per syscall are those of the records, most time first', () => {
    const counts = countCalls(records);
    expect(
      new Map(
        s.syscalls.map((r) => [
          r.name,
          { calls: r.calls, errors: r.errors, totalNs: r.time?.totalNs ?? 0 },
        ]),
      ),
    ).toEqual(counts);
    expect(s.times).toEqual({ present: true });
    const times = s.syscalls.map((r) => r.time?.totalNs ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(s.syscalls.find((r) => r.name === 'getppid')).toMatchObject({ calls: 7, errors: 0 });
    expect(s.syscalls.find((r) => r.name === 'socketpair')).toMatchObject({ calls: 1 });
    expect(s.total.calls).toBe(records.filter((r) => r.t === 'sys').length);
    // the text table: one row per syscall (time columns, then calls, errors, name) and the total
    const rows = tableRows(text, /^Syscalls, by time spent in them$/);
    expect(rows).toContainEqual(expect.stringMatching(/ 7 +getppid$/));
    const stat = s.syscalls.find((r) => r.name === 'newfstatat')!;
    expect(stat.errors).toBe(1); // the missing file
    expect(rows).toContainEqual(
      expect.stringMatching(new RegExp(` ${stat.calls} +1 +newfstatat$`)),
    );
    expect(rows.at(-1)).toMatch(
      new RegExp(`^ +100\\.00 .* ${s.total.calls} +${s.total.errors} +total$`),
    );
  });

  test('the input file: read whole, 3000 bytes, in 1000-byte reads', () => {
    const inFile = s.files.find((f) => f.path === path.join(dir, 'in'));
    // open, three reads of 1000 bytes, the read at the end, close
    expect(inFile).toEqual({
      path: path.join(dir, 'in'),
      how: ['read'],
      calls: 6,
      errors: 0,
      errnos: [],
      read: IN_BYTES,
      written: 0,
    });
    expect(s.io.by.find((r) => r.name === path.join(dir, 'in'))).toEqual({
      name: path.join(dir, 'in'),
      kind: 'file',
      read: IN_BYTES,
      reads: 3,
      written: 0,
      writes: 0,
    });
  });

  test('the output file: created and written, 500 bytes in 5 writes', () => {
    expect(s.files.find((f) => f.path === path.join(dir, 'out'))).toMatchObject({
      how: ['written', 'created'],
      calls: 7,
      written: 500,
      read: 0,
    });
    expect(s.io.by.find((r) => r.name === path.join(dir, 'out'))).toMatchObject({
      written: 500,
      writes: 5,
    });
    expect(text).toMatch(
      new RegExp(`^ +7 +500 B +written,created +${path.join(dir, 'out')}$`, 'm'),
    );
  });

  test('a missing file, the listed directory, the program run', () => {
    expect(s.files.find((f) => f.path === path.join(dir, 'listed', 'missing'))).toMatchObject({
      how: [],
      calls: 1,
      errors: 1,
      errnos: ['ENOENT'],
    });
    expect(text).toMatch(
      new RegExp(`^ +1 +1 ENOENT +- +${path.join(dir, 'listed', 'missing')}$`, 'm'),
    );
    expect(s.files.find((f) => f.path === path.join(dir, 'listed'))?.how).toEqual(
      expect.arrayContaining(['listed']),
    );
    // opendir reads until getdents64 returns nothing: two calls, the three files
    expect(s.directories).toEqual([{ path: path.join(dir, 'listed'), calls: 2, entries: 3 }]);
    expect(s.files.find((f) => f.path === fixture('iostats'))?.how).toEqual(['exec']);
    expect(s.files.find((f) => f.path.endsWith('/libc.so.6'))?.how).toEqual(
      expect.arrayContaining(['read', 'mapped']),
    );
  });

  test('the TCP connection: its address and the bytes each way', () => {
    const address = `127.0.0.1:${port}`;
    expect(s.endpoints.find((e) => e.protocol === 'tcp')).toEqual({
      protocol: 'tcp',
      family: 'AF_INET',
      how: 'connected',
      address,
      sockets: 1,
      // connect, send, two receives, close
      calls: 5,
      errors: 0,
      errnos: [],
      sent: 123,
      received: 456,
    });
    expect(s.io.by.find((r) => r.name === `tcp ${address}`)).toEqual({
      name: `tcp ${address}`,
      kind: 'socket',
      read: 456,
      reads: 1,
      written: 123,
      writes: 1,
    });
    expect(tableRows(text, /^Network:/)).toContainEqual(
      expect.stringMatching(new RegExp(`^ +tcp +connected +1 +5 +123 B +456 B +${address}$`)),
    );
  });

  test('a UDP datagram sent from an unconnected socket: counted by the address it went to', () => {
    expect(s.endpoints.find((e) => e.how === 'datagrams')).toMatchObject({
      protocol: 'udp',
      address: `127.0.0.1:${port}`,
      sent: 42,
      received: 0,
      calls: 1,
    });
  });

  test('a unix socket: listening, connected and accepted at its path; a socketpair', () => {
    const sock = path.join(dir, 'listed', 'sock');
    const unix = s.endpoints.filter((e) => e.protocol === 'unix');
    expect(unix).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ how: 'listening', address: sock, sockets: 1 }),
        expect.objectContaining({ how: 'connected', address: sock, received: 7, sent: 0 }),
        expect.objectContaining({ how: 'accepted', address: sock, sent: 7, received: 0 }),
        expect.objectContaining({ how: 'socketpair', sent: 10, received: 10 }),
      ]),
    );
    expect(unix.every((e) => e.family === 'AF_UNIX')).toBe(true);
    expect(s.files.find((f) => f.path === sock)?.how).toEqual(['created', 'deleted']);
  });

  test('I/O totals add up the rows; stdout holds what the program printed', () => {
    for (const k of ['read', 'reads', 'written', 'writes'] as const)
      expect(s.io[k]).toBe(s.io.by.reduce((n, r) => n + r[k], 0));
    const printed = `in ${IN_BYTES}, tcp 456, unix 7, pair 10\n`;
    expect(s.io.by.find((r) => r.name === '<stdout>')).toMatchObject({
      kind: 'stdio',
      written: printed.length,
    });
  });

  test('one process, named by its command, and one thread (no thread table)', () => {
    expect(s.processes).toHaveLength(1);
    expect(s.processes[0]).toMatchObject({
      label: 'P1',
      argv: [fixture('iostats'), 'in', 'out', 'listed', String(port)],
      exe: fixture('iostats'),
      threads: 1,
      calls: s.total.calls,
      exit: { code: 0, signal: null },
    });
    expect(text).not.toMatch(/^Threads/m);
  });

  test('the recording: size, records per kind, in-process calls, duration, captured memory', () => {
    const end = records.at(-1);
    if (end?.t !== 'end') throw new Error('no end record');
    const sys = records.filter((r): r is SyscallRecord => r.t === 'sys');
    expect(s.recording).toMatchObject({
      fileBytes: fs.statSync(file).size,
      records: records.length,
      syscalls: sys.length,
      inProcess: end.fastCalls,
      stopped: end.syscalls - (end.fastCalls ?? 0),
      durationMs: end.durationMs,
      exitStatus: 0,
      complete: true,
      memoryBytes: sys.reduce((n, r) => n + r.mem.reduce((m, x) => m + x.bytes.length, 0), 0),
    });
    expect(s.recording.recordsByKind).toEqual({ sys: sys.length, exec: 1, exit: 1, end: 1 });
    expect(text).toMatch(
      new RegExp(
        `^  syscalls +${sys.length}: ${end.fastCalls} recorded in-process, ` +
          `${end.syscalls - (end.fastCalls ?? 0)} stopped the program$`,
        'm',
      ),
    );
  });

  test('-e narrows the calls counted, not the recording; the socket is still named', async () => {
    const only = await statsJson(file, '-e', 'sendto,recvfrom');
    expect(only.filter).toEqual({ syscalls: ['sendto', 'recvfrom'] });
    expect(only.syscalls.map((r) => r.name).sort()).toEqual(['recvfrom', 'sendto']);
    expect(only.endpoints.find((e) => e.protocol === 'tcp')).toMatchObject({
      address: `127.0.0.1:${port}`,
      calls: 3,
      sent: 123,
      received: 456,
    });
    expect(only.recording.records).toBe(records.length);
    const r = await runCli(['stats', '-e', 'sendto', file]);
    expect(splitLines(r.stdout)[1]).toBe('only sendto');
    expect(r.stdout).toMatch(/^Recording \(whole trace\)$/m);
  });
});

describe('stats of a shell pipeline', () => {
  let dir: string;
  let file: string;
  let s: TraceStats;
  beforeAll(async () => {
    dir = makeTempDir('systape-stats-');
    fs.writeFileSync(path.join(dir, 'f'), Buffer.alloc(2500, 'f'));
    file = await record(dir, 'pipe.systape', ['sh', '-c', 'cat f | wc -c']);
    s = await statsJson(file);
  }, 60_000);

  test('every process with its command; calls add up to the total', () => {
    expect(s.processes.map((p) => [p.label, p.argv]).sort()).toEqual([
      ['P1', ['sh', '-c', 'cat f | wc -c']],
      ['P1.1', ['cat', 'f']],
      ['P1.2', ['wc', '-c']],
    ]);
    expect(s.processes.reduce((n, p) => n + p.calls, 0)).toBe(s.total.calls);
    for (const p of s.processes) expect(p.exit).toEqual({ code: 0, signal: null });
  });

  test('the text: a processes table with pid, label and the command as a shell writes it', async () => {
    const r = await runCli(['stats', '--by', 'process', file]);
    expect(r.status).toBe(0);
    const lines = splitLines(r.stdout);
    expect(lines[0]).toBe(`${file}: sh -c 'cat f | wc -c'`);
    expect(lines).not.toContainEqual(expect.stringMatching(/^Syscalls/));
    const rows = tableRows(r.stdout, /^Processes: 3$/);
    expect(rows).toHaveLength(3);
    for (const p of s.processes) {
      const command = p.label === 'P1' ? "sh -c 'cat f | wc -c'" : p.argv.join(' ');
      expect(rows).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^ +${p.pid} +${p.label.replace('.', '\\.')} +1 +${p.calls} .* 0  ${command.replace(/[|]/g, '\\|')}$`,
          ),
        ),
      );
    }
  });

  test('the pipe: what cat wrote is what wc read; the file cat read', () => {
    expect(s.io.by.find((r) => r.name === 'pipe #1')).toMatchObject({
      kind: 'pipe',
      read: 2500,
      written: 2500,
    });
    expect(s.files.find((f) => f.path === path.join(dir, 'f'))).toMatchObject({ read: 2500 });
    // wc printed the count
    expect(s.io.by.find((r) => r.name === '<stdout>')).toMatchObject({ written: 5 });
  });

  test('--pid: the calls of one process only', async () => {
    const cat = s.processes.find((p) => p.label === 'P1.1')!;
    const one = await statsJson(file, '--pid', String(cat.pid));
    expect(one.processes.map((p) => p.pid)).toEqual([cat.pid]);
    expect(one.total.calls).toBe(cat.calls);
    expect(one.io.by.find((r) => r.name === 'pipe #1')).toMatchObject({ written: 2500, read: 0 });
  });

  test('tables stop at 20 rows and say how many more; --all shows them all', async () => {
    expect(s.syscalls.length).toBeGreaterThan(20);
    const cut = await runCli(['stats', '--by', 'syscall', file]);
    const rows = tableRows(cut.stdout, /^Syscalls/);
    // 20 rows, the rule, the total and what was left out
    expect(rows).toHaveLength(23);
    expect(rows.slice(0, 20).map((r) => r.trim().split(/ +/).at(-1))).toEqual(
      s.syscalls.slice(0, 20).map((r) => r.name),
    );
    expect(rows[22]).toBe(`  … and ${s.syscalls.length - 20} more syscalls (--all shows them)`);
    const all = await runCli(['stats', '--by', 'syscall', '--all', file]);
    expect(tableRows(all.stdout, /^Syscalls/)).toHaveLength(s.syscalls.length + 2);
    expect(all.stdout).not.toMatch(/more syscalls/);
  });

  test('dump --stats prints the syscall table of stats, --json its object', async () => {
    const dump = await runCli(['dump', '--stats', file]);
    const stats = await runCli(['stats', '--by', 'syscall', '--all', file]);
    expect(dump.status).toBe(0);
    expect(dump.stdout).toBe(stats.stdout);
    const json = await runCli(['dump', '--stats', '--json', file]);
    expect(JSON.parse(json.stdout)).toEqual(s);
  });
});

describe('stats of threads and of the fast path', () => {
  test('a program with four threads: a thread table, each thread labelled and counted', async () => {
    const dir = makeTempDir('systape-stats-');
    const file = await record(dir, 'threads.systape', [fixture('threads')]);
    const s = await statsJson(file);
    const pid = s.processes[0].pid;
    expect(s.processes).toHaveLength(1);
    expect(s.processes[0].threads).toBe(5);
    expect(s.threads.map((t) => t.label).sort()).toEqual([
      'P1',
      'P1/T1',
      'P1/T2',
      'P1/T3',
      'P1/T4',
    ]);
    expect(s.threads.every((t) => t.pid === pid)).toBe(true);
    expect(s.threads.reduce((n, t) => n + t.calls, 0)).toBe(s.total.calls);
    // each thread opened, read 8 bytes of and closed /dev/zero: 4 reads of 8 bytes
    expect(s.files.find((f) => f.path === '/dev/zero')).toMatchObject({ read: 32, calls: 12 });
    const r = await runCli(['stats', file]);
    const rows = tableRows(r.stdout, /^Threads: 5$/);
    expect(rows).toHaveLength(5);
    for (const t of s.threads)
      expect(rows).toContainEqual(
        expect.stringMatching(new RegExp(`^ +${t.tid} +${t.label} +${t.calls} .*threads$`)),
      );
    const byThread = await runCli(['stats', '--by', 'thread', file]);
    expect(splitLines(byThread.stdout).filter((l) => /^[A-Z]/.test(l))).toEqual(['Threads: 5']);
  });

  /** The syscalls line of the Recording section, and the JSON's inProcess. */
  async function inProcess(file: string, ...args: string[]) {
    const text = await runCli(['stats', ...args, file]);
    expect(text.status).toBe(0);
    const s = await statsJson(file, ...args);
    return {
      line: splitLines(text.stdout).find((l) => l.startsWith('  syscalls ')),
      title: splitLines(text.stdout).find((l) => l.startsWith('Recording')),
      json: s.recording.inProcess,
    };
  }

  test("with the fast path (the default): some of `date`'s calls recorded in-process", async () => {
    const dir = makeTempDir('systape-stats-');
    const file = await record(dir, 'date.systape', ['date']);
    const end = readTrace(file).records.at(-1);
    if (end?.t !== 'end' || end.fastCalls === undefined) throw new Error('no fastCalls');
    expect(end.fastCalls).toBeGreaterThan(0);
    const { line, json } = await inProcess(file);
    expect(line).toBe(
      `  syscalls    ${end.syscalls}: ${end.fastCalls} recorded in-process, ` +
        `${end.syscalls - end.fastCalls} stopped the program`,
    );
    expect(json).toBe(end.fastCalls);
    // filtered: the recording is still the whole trace's, and says so
    const filtered = await inProcess(file, '-e', 'write');
    expect(filtered.line).toBe(line);
    expect(filtered.title).toBe('Recording (whole trace)');
  });

  test('a packed trace says so: its size holds the files it keeps', async () => {
    const dir = makeTempDir('systape-stats-');
    const plain = await record(dir, 'plain.systape', ['/bin/true']);
    const r = await runCli(['record', '-q', '--pack', '-o', 'packed.systape', '--', '/bin/true'], {
      cwd: dir,
    });
    expect(r.status).toBe(0);
    const packed = path.join(dir, 'packed.systape');
    const [a, b] = [await statsJson(plain), await statsJson(packed)];
    expect([a.recording.packed, b.recording.packed]).toEqual([false, true]);
    expect(b.recording.fileBytes).toBeGreaterThan(a.recording.fileBytes! + 100_000);
    const text = await runCli(['stats', packed]);
    expect(text.stdout).toMatch(
      /^ {2}trace file +[\d.]+ \S+, format 1\.\d+, packed \(keeps the files it ran and mapped\)$/m,
    );
  });

  test('with --no-fastpath, none', async () => {
    const dir = makeTempDir('systape-stats-');
    const r = await runCli(['record', '-q', '--no-fastpath', '-o', 'slow.systape', '--', 'date'], {
      cwd: dir,
    });
    expect(r.status).toBe(0);
    const file = path.join(dir, 'slow.systape');
    const n = readTrace(file).records.filter((rec) => rec.t === 'sys').length;
    const { line, json } = await inProcess(file);
    expect(line).toBe(`  syscalls    ${n}: 0 recorded in-process, ${n} stopped the program`);
    expect(json).toBe(0);
  });

  test('an end record without the count (an older trace): nothing said about it', async () => {
    const dir = makeTempDir('systape-stats-');
    const recorded = await record(dir, 'true.systape', ['/bin/true']);
    const old = path.join(dir, 'old.systape');
    rewrite(recorded, old, (rec) => {
      if (rec.t !== 'end') return rec;
      const { fastCalls: _dropped, ...end } = rec;
      return end;
    });
    const n = readTrace(recorded).records.filter((rec) => rec.t === 'sys').length;
    const { line, json } = await inProcess(old);
    expect(line).toBe(`  syscalls    ${n}`);
    expect(json).toBeUndefined();
  });
});

describe('times', () => {
  test('a trace without per-call times says so, and shows counts only', async () => {
    const dir = makeTempDir('systape-stats-');
    const recorded = await record(dir, 'now.systape', ['/bin/true']);
    // the same calls without times, in a trace of format 1.1 (before calls carried them)
    const untimed = path.join(dir, 'untimed.systape');
    rewrite(recorded, untimed, (rec) => {
      if (rec.t !== 'sys') return rec;
      const { time: _dropped, ...rest } = rec;
      return rest;
    });
    const old = path.join(dir, 'old.systape');
    withFormatMinor(untimed, old, 1);

    const r = await runCli(['stats', old]);
    expect(r.status).toBe(0);
    const lines = splitLines(r.stdout);
    expect(lines[1]).toBe(
      'no per-call times: recorded before systape format 1.2 (this trace is 1.1); counts only',
    );
    expect(lines).toContain('Syscalls, by calls');
    expect(r.stdout).not.toMatch(/% time|µs|\bms\b.*execve/);
    const s = await statsJson(old);
    expect(s.times).toEqual({
      present: false,
      why: 'recorded before systape format 1.2 (this trace is 1.1)',
    });
    expect(s.syscalls.every((row) => row.time === undefined)).toBe(true);
  });

  test('a program that sleeps 200 ms: the sleep tops the table, at 150 ms or more', async () => {
    const dir = makeTempDir('systape-stats-');
    const file = await record(dir, 'sleep.systape', ['sleep', '0.2']);
    const sys = readTrace(file).records.filter((r): r is SyscallRecord => r.t === 'sys');
    expect(sys.some((r) => r.time !== undefined)).toBe(true);

    const s = await statsJson(file);
    expect(s.times).toEqual({ present: true });
    const top = s.syscalls[0];
    expect(['clock_nanosleep', 'nanosleep']).toContain(top.name);
    expect(top.time!.totalNs).toBeGreaterThanOrEqual(150e6);
    expect(top.time!.totalNs).toBeLessThanOrEqual(s.total.time!.totalNs);
    // the rest took less, and a time never exceeds the recording's wall time
    for (const row of s.syscalls.slice(1)) expect(row.time?.totalNs ?? 0).toBeLessThan(150e6);
    expect(s.total.time!.totalNs).toBeLessThanOrEqual(s.recording.durationMs! * 1e6);

    const r = await runCli(['stats', '--by', 'syscall', file]);
    const lines = splitLines(r.stdout);
    expect(lines).toContain('Syscalls, by time spent in them');
    expect(lines).not.toContainEqual(expect.stringMatching(/^no per-call times/));
    const rows = tableRows(r.stdout, /^Syscalls/);
    expect(rows[0]).toMatch(
      new RegExp(`^ +\\d+\\.\\d\\d +\\d+ ms +\\d+ ms +\\d+ ms +1 +${top.name}$`),
    );
  });

  test('times given: % time, total, average and max per syscall, sorted by time', () => {
    // records as a format 1.2 trace holds them: two reads of 1 ms and 3 ms, a 50 µs write,
    // twelve 1 µs getpids and an exit that never returned (no time)
    const header = {
      format: { major: 1, minor: 2 },
      argv: ['prog'],
      cwd: '/',
    } as TraceHeader;
    let seq = 0;
    const call = (name: string, dur?: number, ret = 0): SyscallRecord => ({
      t: 'sys',
      seq: ++seq,
      pid: 10,
      tid: 10,
      nr: syscallNumber(name)!,
      args: [0, 0, 0],
      ret,
      mem: [],
      flags: 0,
      ...(dur === undefined ? {} : { time: { start: seq * 1e6, dur } }),
    });
    const records: TraceRecord[] = [
      call('read', 1e6),
      call('read', 3e6, -9),
      call('write', 50e3),
      ...Array.from({ length: 12 }, () => call('getpid', 1e3)),
      call('exit_group'),
    ];
    const s = traceStats(header, records);
    expect(s.times).toEqual({ present: true });
    expect(s.syscalls.map((r) => r.name)).toEqual(['read', 'write', 'getpid', 'exit_group']);
    expect(s.syscalls[0]).toMatchObject({
      calls: 2,
      errors: 1,
      time: { totalNs: 4e6, avgNs: 2e6, maxNs: 3e6, timedCalls: 2 },
    });
    expect(s.syscalls[3].time).toBeUndefined();
    expect(s.total.time).toEqual({
      totalNs: 4e6 + 50e3 + 12e3,
      avgNs: Math.round((4e6 + 50e3 + 12e3) / 15),
      maxNs: 3e6,
      timedCalls: 15,
    });
    const rows = tableRows(formatStats(s, { by: 'syscall' }).join('\n'), /^Syscalls/);
    expect(rows).toEqual([
      '   98.47  4.00 ms  2.00 ms  3.00 ms      2       1  read',
      '    1.23  50.0 µs  50.0 µs  50.0 µs      1          write',
      '    0.30  12.0 µs  1.00 µs  1.00 µs     12          getpid',
      '                                         1          exit_group',
      '  ------  -------  -------  -------  -----  ------  ----------',
      '  100.00  4.06 ms   271 µs  3.00 ms     16       1  total',
    ]);
  });
});

describe('damaged and missing traces', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = makeTempDir('systape-stats-');
    const recorded = await record(dir, 'whole.systape', ['/bin/true']);
    // the same records in small chunks, so that a cut leaves some of them whole
    file = path.join(dir, 'chunked.systape');
    rewrite(recorded, file, (rec) => rec, 512);
  }, 60_000);

  test('a trace cut short: the complete records counted, and a warning', async () => {
    const bytes = fs.readFileSync(file);
    const cut = path.join(dir, 'cut.systape');
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 5));
    const whole = await statsJson(file);
    const r = await runCli(['stats', '--json', cut]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as TraceStats;
    expect(s.recording.complete).toBe(false);
    expect(s.recording.truncated?.offset).toBeGreaterThan(0);
    expect(s.recording.records).toBeLessThan(whole.recording.records);
    expect(s.total.calls).toBe(s.recording.recordsByKind.sys);
    expect(splitLines(r.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^systape: warning: .*cut\\.systape is truncated at byte ${s.recording.truncated?.offset} .*` +
            `counted: the ${s.recording.records} complete records before it`,
        ),
      ),
    ]);
    const text = await runCli(['stats', cut]);
    expect(text.stdout).toMatch(/^ {2}trace file +[\d.]+ \S+, format 1\.\d+, incomplete$/m);
    expect(text.stdout).toMatch(/^ {2}cut short +at byte \d+ /m);
  });

  test('a missing file, a file that is not a trace: one line, exit status 1', async () => {
    expectCleanFailure(
      await runCli(['stats', path.join(dir, 'nope.systape')]),
      /trace file not found: .*nope\.systape/,
    );
    expectCleanFailure(await runCli(['stats', '/etc/passwd']), /not a systape trace/);
  });

  test('bad options: an unknown syscall, a pid not in the trace, an unknown table', async () => {
    expectCleanFailure(
      await runCli(['stats', '-e', 'opne', file]),
      /unknown syscall "opne"; did you mean open/,
    );
    expectCleanFailure(await runCli(['stats', '--pid', '1', file]), /has no process or thread 1$/);
    const by = await runCli(['stats', '--by', 'file', file]);
    expect(by.status).toBe(1);
    expect(by.stderr).toMatch(/argument 'file' is invalid.*syscall, process, thread/);
  });
});
