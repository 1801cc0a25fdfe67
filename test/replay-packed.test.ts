/**
 * Replay hands most calls to the C core in the trace's own MessagePack form, scanned rather
 * than decoded. The scan must split each chunk into exactly the trace's records, in order:
 * runs of calls passed on as they are (with what their replay flags need: process, number,
 * output descriptor, result sign) and the records TypeScript itself must see, decoded. A
 * chunk in a form the scan does not follow is decoded the usual way.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syscallNumber } from '../formats/syscalls';
import {
  TraceWriter,
  readTrace,
  unpackRecords,
  type SyscallRecord,
  type TraceHeader,
  type TraceRecord,
} from '../formats/trace';
import { changesFileTable, int32 } from '../formats/trace/descriptors';
import { pack } from '../formats/trace/msgpack';
import { iterateTraceChunks } from '../formats/trace/reader';
import { NO_FD, scanChunk, type ReplayItem } from '../replayer/packed';
import { outputFdArg } from '../replayer/policy';
import { recordFixture, removeTempDirs } from './helpers/record';

afterAll(removeTempDirs);

/** The items of a trace as replay scans them. */
function scanned(file: string): ReplayItem[] {
  return [...iterateTraceChunks(file, scanChunk)];
}

/** The records the items stand for, packed runs decoded. */
function expand(items: ReplayItem[]): TraceRecord[] {
  return items.flatMap((item) => (item.t === 'packed' ? unpackRecords(item.bytes) : [item]));
}

describe('a recorded trace', () => {
  test.each([
    ['ls -la /usr/lib', ['ls', '-la', '/usr/lib']],
    ['sh writing to stdout and stderr', ['sh', '-c', 'echo out; echo err >&2; ls / >/dev/null']],
  ])(
    '%s: the scan gives back every record, in order',
    async (_title, argv) => {
      const run = await recordFixture(argv);
      const items = scanned(run.result.tracePath);
      expect(expand(items)).toEqual(readTrace(run.result.tracePath).records);

      const runs = items.filter((i) => i.t === 'packed');
      const packedCalls = runs.reduce((n, r) => n + r.count, 0);
      expect(packedCalls).toBeGreaterThan(0.5 * run.result.syscalls);
      for (const r of runs) {
        const recs = unpackRecords(r.bytes) as SyscallRecord[];
        expect(recs).toHaveLength(r.count);
        recs.forEach((rec, i) => {
          expect(rec.t).toBe('sys');
          // what TypeScript must see decoded never goes past it
          expect(['mmap', 'execve'].map((n) => syscallNumber(n))).not.toContain(rec.nr);
          // a call that can change the descriptor table comes with what the table needs
          const change = r.changes?.[i] ?? null;
          expect(change !== null).toBe(changesFileTable(rec.nr));
          if (change) {
            expect([change.nr, change.pid, change.ret]).toEqual([rec.nr, rec.pid, Number(rec.ret)]);
            expect(change.args).toEqual(rec.args.map((a) => int32(a)));
            expect(change.mem.map((m) => [m.dir, m.arg, Buffer.from(m.bytes)])).toEqual(
              rec.mem.map((m) => [m.dir, m.arg, Buffer.from(m.bytes)]),
            );
          }
          expect(r.nr[i]).toBe(rec.nr);
          expect(r.pid[i]).toBe(rec.pid);
          expect(r.positive[i]).toBe(Number(rec.ret) > 0 ? 1 : 0);
          const outArg = outputFdArg(rec.nr);
          expect(r.outFd[i]).toBe(outArg === undefined ? NO_FD : int32(rec.args[outArg]));
        });
      }
    },
    60_000,
  );
});

describe('records written by TypeScript', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-packed-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sys = (seq: number, over: Partial<SyscallRecord> = {}): SyscallRecord => ({
    t: 'sys',
    seq,
    pid: 70000,
    tid: 70001,
    nr: syscallNumber('write')!,
    args: [1, 0x7ffd_0000_1000, 5, 0, 0, 0],
    ret: 5,
    mem: [{ dir: 'in', arg: 1, addr: 0x7ffd_0000_1000, bytes: Buffer.from('hello') }],
    flags: 0,
    ...over,
  });

  test('every integer width, addresses of their own, flags, and other records between', () => {
    const records: TraceRecord[] = [
      sys(0),
      sys(1, { args: [2n ** 64n - 1n, -1, 2 ** 40, -(2 ** 40), 127, -32], ret: -14 }),
      sys(2, {
        nr: syscallNumber('read')!,
        args: [0, 0x1000, 4096, 0, 0, 0],
        ret: 3,
        mem: [{ dir: 'out', arg: 1, addr: 0x2000, bytes: Buffer.from('abc') }],
        flags: 8,
      }),
      { t: 'signal', seq: 3, pid: 70000, tid: 70001, signo: 10, code: 0, senderPid: 1 },
      sys(4, { nr: syscallNumber('close')!, args: [3, 0, 0, 0, 0, 0], ret: 0, mem: [] }),
      sys(5, { mem: [{ dir: 'in', arg: 1, addr: 0x7ffd_0000_1000, bytes: Buffer.alloc(70000) }] }),
    ];
    const file = path.join(dir, 'mixed.systape');
    const header: Omit<TraceHeader, 'format'> = {
      systapeVersion: '0.1.0',
      arch: 'x86_64',
      kernel: '6.18.0',
      libc: 'glibc 2.36',
      hostname: 'h',
      argv: ['x'],
      cwd: '/',
      env: {},
      startTime: 0,
      options: { pin: true, aslr: false, vdso: false },
    };
    const w = TraceWriter.create(file, header);
    for (const r of records) w.append(r);
    w.close();
    const items = scanned(file);
    expect(expand(items)).toEqual(readTrace(file).records);
    // the signal is decoded; the calls go as they are
    expect(items.map((i) => (i.t === 'packed' ? `packed ${i.count}` : i.t))).toEqual([
      'packed 3',
      'signal',
      'packed 2',
    ]);
  });

  test('a chunk in a form the scan does not follow is decoded the usual way', () => {
    const decoded: TraceRecord[] = [sys(0)];
    // a float where an argument's integer should be
    const odd = pack([[0, 0, 1, 1, 1, [1.5, 0, 0, 0, 0, 0], 0]]);
    expect([...scanChunk(odd, () => decoded)]).toEqual(decoded);
    // a record cut short
    const cut = pack([[0, 0, 1, 1, 1, [1, 2, 3, 4, 5, 6], 0]]).subarray(0, 8);
    expect([...scanChunk(cut, () => decoded)]).toEqual(decoded);
  });

  test('calls scanned before an odd record go packed; the rest are decoded', () => {
    const good = [0, 0, 1, 1, 1, [1, 2, 3, 4, 5, 6], 0];
    const odd = [0, 2, 1, 1, 1, [1.5, 0, 0, 0, 0, 0], 0];
    const all: TraceRecord[] = [sys(0), sys(1), sys(2)];
    const items = [...scanChunk(pack([good, good, odd]), () => all)];
    expect(items.map((i) => (i.t === 'packed' ? `packed ${i.count}` : i.t))).toEqual([
      'packed 2',
      'sys',
    ]);
    expect(items[1]).toBe(all[2]);
  });
});
