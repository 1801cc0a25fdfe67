import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { Unpackr } from 'msgpackr';
import {
  FORMAT_MAJOR,
  FORMAT_MINOR,
  SyscallFlags,
  TraceEncodeError,
  TraceFormatError,
  TraceNotFoundError,
  TraceUnreadableError,
  TraceVersionError,
  TraceWriteError,
  TraceWriter,
  decodeRecord,
  encodeRecord,
  iterateTrace,
  readEnd,
  readHeader,
  readTrace,
  unpackRecords,
  type EndRecord,
  type SyscallRecord,
  type TraceHeader,
  type TraceRecord,
  type TraceTruncation,
} from '../formats/trace';
import { SystapeError } from '../formats/errors';
import {
  ChunkFlags,
  ChunkKind,
  FILE_MAGIC,
  FRAME_HEADER_SIZE,
  encodeChunk,
  readFrameHeader,
} from '../formats/trace/frame';
import { pack, unpack } from '../formats/trace/msgpack';
import { iterateTraceChunks } from '../formats/trace/reader';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-trace-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let fileNo = 0;
const tmp = (name = 'trace'): string => path.join(dir, `${name}-${++fileNo}.systape`);

const HEADER: Omit<TraceHeader, 'format'> = {
  systapeVersion: '0.1.0',
  arch: 'x86_64',
  kernel: '6.18.0',
  libc: 'glibc 2.36',
  hostname: 'builder',
  argv: ['/bin/dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=3'],
  cwd: '/home/user/ünïcode',
  env: { PATH: '/usr/bin:/bin', SECRET: '<redacted>', EMPTY: '' },
  startTime: 1_732_000_000_123,
  options: { pin: true, aslr: false, vdso: false },
};

function sys(seq: number, extra: Partial<SyscallRecord> = {}): SyscallRecord {
  return {
    t: 'sys',
    seq,
    pid: 4242,
    tid: 4242,
    nr: 0,
    args: [0, 0x7ffd_1234_5678, 1, 0, 0, 0],
    ret: 1,
    mem: [{ dir: 'out', arg: 1, addr: 0x7ffd_1234_5678, bytes: Uint8Array.of(seq & 0xff) }],
    flags: 0,
    ...extra,
  };
}

/** One record of every type, with the awkward values each field can take. */
function everyRecordType(): TraceRecord[] {
  const big = new Uint8Array(3 * 1024 * 1024 + 7);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
  return [
    { t: 'spawn', seq: 0, pid: 100, tid: 100, childPid: 101, childTid: 101, kind: 'process' },
    {
      t: 'exec',
      seq: 1,
      pid: 101,
      tid: 101,
      path: '/usr/bin/node',
      argv: ['node', '-e', 'console.log("héllo")', ''],
      auxv: [
        [33, 0x7fff_f7fc_1000],
        [25, 0x7fff_ffff_e0b9],
        [6, 4096],
        [0, 0],
      ],
      random: Uint8Array.from({ length: 16 }, (_, i) => 255 - i),
    },
    // bigint args beyond 2^53, at the int64/uint64 limits; a negative result
    sys(2, {
      nr: 9,
      args: [
        2n ** 63n,
        0xffff_ffff_ffff_ffffn,
        -0x8000_0000_0000_0000n,
        2n ** 53n + 1n,
        -(2n ** 60n),
        7,
      ],
      ret: -12,
      mem: [],
    }),
    // -errno results, a flag with no memory
    sys(3, {
      nr: 257,
      args: [-100, 0x5555_5555_9000, 0o2000000, 0],
      ret: -4095,
      mem: [],
      flags: SyscallFlags.REFUSED | SyscallFlags.NO_RETURN,
    }),
    // a large region, an empty region, an input region not tied to an argument
    sys(4, {
      nr: 17,
      args: [3, 0x7f00_0000_0000, big.length, 0],
      ret: big.length,
      mem: [
        { dir: 'out', arg: 1, addr: 0x7f00_0000_0000, bytes: big },
        { dir: 'out', arg: 3, addr: 0, bytes: new Uint8Array(0) },
        { dir: 'in', arg: -1, addr: 0xffff_ffff_ff60_0000n, bytes: Uint8Array.of(1, 2, 3) },
        { dir: 'in', arg: 0, addr: 0x1234, bytes: Uint8Array.of(7) },
      ],
      flags: SyscallFlags.MEM_TRUNCATED,
    }),
    sys(5, {
      args: [],
      ret: 0xffff_ffff_ffff_f000n,
      mem: [{ dir: 'out', arg: 0, addr: 2n ** 63n, bytes: Uint8Array.of(9) }],
    }),
    { t: 'spawn', seq: 6, pid: 101, tid: 101, childPid: 101, childTid: 102, kind: 'thread' },
    { t: 'spawn', seq: 7, pid: 101, tid: 102, childPid: 103, childTid: 103, kind: 'vfork' },
    { t: 'signal', seq: 8, pid: 101, tid: 102, signo: 11, code: -6, senderPid: 0 },
    {
      t: 'exit',
      seq: 9,
      pid: 101,
      tid: 102,
      processExit: false,
      code: 0,
      signal: null,
      core: false,
    },
    {
      t: 'exit',
      seq: 10,
      pid: 101,
      tid: 101,
      processExit: true,
      code: null,
      signal: 11,
      core: true,
    },
    { t: 'end', seq: 11, exitStatus: 139, durationMs: 1234.5, syscalls: 4 },
  ];
}

/**
 * Records as one comparable string. Jest compares a multi-megabyte Uint8Array
 * element by element, which takes seconds; strings compare at once. Keeps
 * number vs bigint apart.
 */
function canon(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint'
      ? `${v}n`
      : v instanceof Uint8Array
        ? `bin:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}`
        : typeof v === 'object' && v !== null && 'type' in v && v.type === 'Buffer' && 'data' in v
          ? `bin:${Buffer.from(v.data as number[]).toString('base64')}`
          : v,
  );
}

function writeTrace(file: string, records: TraceRecord[], chunkBytes?: number): TraceWriter {
  const w = TraceWriter.create(file, HEADER, { chunkBytes });
  for (const r of records) w.append(r);
  w.close();
  return w;
}

/** Offsets of the chunks of a trace file, from its frame headers. */
function chunkOffsets(bytes: Buffer): { offset: number; end: number; kind: number }[] {
  const out = [];
  for (let off = FILE_MAGIC.length; off < bytes.length;) {
    const f = readFrameHeader(bytes, off);
    const end = off + FRAME_HEADER_SIZE + f.length;
    out.push({ offset: off, end, kind: f.kind });
    off = end;
  }
  return out;
}

function fileWith(...parts: Uint8Array[]): string {
  const file = tmp('manual');
  fs.writeFileSync(file, Buffer.concat(parts));
  return file;
}

function headerChunk(format: { major: number; minor: number }, extra: object = {}): Buffer {
  return encodeChunk(ChunkKind.HEADER, pack({ format, ...HEADER, ...extra }));
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('round trip', () => {
  test('every record type comes back as written', () => {
    const file = tmp();
    const records = everyRecordType();
    const w = writeTrace(file, records);
    expect(w.recordCount).toBe(records.length);

    const got = readTrace(file);
    expect(got.truncated).toBeUndefined();
    expect(got.header).toEqual({ ...HEADER, format: { major: FORMAT_MAJOR, minor: FORMAT_MINOR } });
    expect(canon(got.records)).toBe(canon(records));
    expect(readHeader(file)).toEqual(got.header);
    expect(w.header).toEqual(got.header);
  });

  test('bigints that fit in ±2^53 come back as numbers, larger ones as bigints', () => {
    const file = tmp();
    writeTrace(file, [
      sys(1, { args: [5n, -5n, 2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n], ret: -1n }),
    ]);
    const [rec] = readTrace(file).records as SyscallRecord[];
    expect(rec.args).toEqual([5, -5, 2 ** 53, -(2 ** 53), 2n ** 53n + 1n]);
    expect(rec.ret).toBe(-1);
  });

  test('the writer stamps its own format version over the one given', () => {
    const file = tmp();
    const w = TraceWriter.create(file, { ...HEADER, format: { major: 9, minor: 9 } });
    w.close();
    expect(readHeader(file).format).toEqual({ major: FORMAT_MAJOR, minor: FORMAT_MINOR });
  });

  test('a trace with no records reads back empty', () => {
    const file = tmp();
    TraceWriter.create(file, HEADER).close();
    expect(readTrace(file)).toEqual({ header: expect.any(Object), records: [] });
  });

  test('close(end) appends the end record; close is idempotent; appending after close throws', () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER);
    w.append(sys(1));
    w.close({ t: 'end', seq: 2, exitStatus: 0, durationMs: 3, syscalls: 1 });
    w.close();
    expect(w.closed).toBe(true);
    const err = catchError(() => w.append(sys(3)));
    expect(err).toBeInstanceOf(TraceWriteError);
    expect((err as TraceWriteError).code).toBe('TRACE_WRITER_CLOSED');
    expect(readTrace(file).records.map((r) => r.t)).toEqual(['sys', 'end']);
  });

  test.each([
    ['deflate', ChunkFlags.DEFLATE],
    ['brotli', ChunkFlags.BROTLI],
  ] as const)('%s-compressed record chunks written by the writer read back', (how, flag) => {
    const file = tmp();
    const records = Array.from({ length: 5000 }, (_, i) => sys(i));
    const w = TraceWriter.create(file, HEADER, { compression: how, chunkBytes: 16 * 1024 });
    for (const r of records) w.append(r);
    w.close();
    const bytes = fs.readFileSync(file);
    const frames = chunkOffsets(bytes).map((c) => readFrameHeader(bytes, c.offset));
    expect(frames.slice(1).every((f) => f.flags === flag)).toBe(true);
    expect(frames[0].flags).toBe(0); // the header chunk stays plain
    const stored = frames.slice(1).reduce((n, f) => n + f.length, 0);
    expect(stored).toBeLessThan(pack(records.map(encodeRecord)).length / 4);
    expect(canon(readTrace(file).records)).toBe(canon(records));
  });

  test('a chunk under 1 KiB is stored as it is: compressing it would gain next to nothing', () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER, { compression: 'brotli' });
    // 600 zero bytes: they would deflate to a few
    const rec = sys(1, { mem: [{ ...sys(1).mem[0], bytes: new Uint8Array(600) }] });
    w.append(rec);
    w.close();
    const bytes = fs.readFileSync(file);
    const chunks = chunkOffsets(bytes);
    expect(chunks).toHaveLength(2);
    expect(chunks[1].end - chunks[1].offset).toBeGreaterThan(600);
    expect(readFrameHeader(bytes, chunks[1].offset).flags).toBe(0);
    expect(canon(readTrace(file).records)).toBe(canon([rec]));
  });
});

describe('encoding', () => {
  test('syscall records leave out empty mem and zero flags', () => {
    expect(encodeRecord(sys(1, { mem: [] }))).toHaveLength(7);
    expect(encodeRecord(sys(1))).toHaveLength(8);
    // the region's address is args[1], so it is stored as nil
    expect(encodeRecord(sys(1))[7]).toEqual([[1, 1, null, Uint8Array.of(1)]]);
    expect(encodeRecord(sys(1, { mem: [{ ...sys(1).mem[0], addr: 5 }] }))[7]).toEqual([
      [1, 1, 5, Uint8Array.of(1)],
    ]);
    expect(encodeRecord(sys(1, { mem: [], flags: 1 }))).toEqual([
      0,
      1,
      4242,
      4242,
      0,
      [0, 0x7ffd_1234_5678, 1, 0, 0, 0],
      1,
      [],
      1,
    ]);
  });

  test("a call's time (1.2) goes last, after flags and mem even when those are empty", () => {
    const timed = sys(1, { mem: [], time: { start: 1_500_000, dur: 320 } });
    expect(encodeRecord(timed)).toHaveLength(11);
    expect(encodeRecord(timed).slice(7)).toEqual([[], 0, 1_500_000, 320]);
    expect(decodeRecord(encodeRecord(timed))).toEqual(timed);
    // a record without time reads back without the field (not a time of 0)
    expect(decodeRecord(encodeRecord(sys(1)))).not.toHaveProperty('time');
  });

  test('a typical small syscall record takes under 40 bytes', () => {
    expect(pack(encodeRecord(sys(123_456))).length).toBeLessThan(40);
  });

  test('a records chunk holds the packed positional forms, in one array', () => {
    const file = tmp();
    const records = everyRecordType();
    writeTrace(file, records, 64 * 1024 * 1024);
    const bytes = fs.readFileSync(file);
    const [, chunk, ...rest] = chunkOffsets(bytes);
    expect(rest).toEqual([]);
    const payload = bytes.subarray(chunk.offset + FRAME_HEADER_SIZE, chunk.end);
    expect(payload.equals(pack(records.map(encodeRecord)))).toBe(true);
  });

  test('each record type comes back through pack, unpack and decodeRecord', () => {
    for (const rec of everyRecordType()) {
      expect(canon(decodeRecord(unpack(pack(encodeRecord(rec)))))).toBe(canon(rec));
    }
  });

  test('decodeRecord takes integers as numbers or bigints and hands out numbers within ±2^53', () => {
    // what a decoder that returns every int64/uint64 as a bigint gives
    expect(decodeRecord([0, 1n, 4242n, 4242, 0, [5n, 2n ** 60n, -(2n ** 53n)], -1n])).toEqual(
      sys(1, { args: [5, 2n ** 60n, -(2 ** 53)], ret: -1, mem: [] }),
    );
    expect(() => decodeRecord([0, 2n ** 60n, 1, 1, 0, [], 0])).toThrow(/seq is out of range/);
  });

  test('integers are stored as MessagePack integers in their shortest form, never floats', () => {
    const hex = (v: unknown): string => pack(v).toString('hex');
    expect(hex(5)).toBe('05');
    expect(hex(5n)).toBe('05');
    expect(hex(-0x20)).toBe('e0');
    expect(hex(0xffff_ffff)).toBe('ceffffffff');
    expect(hex(-(2 ** 31))).toBe('d280000000');
    expect(hex(-0x8000_0000n)).toBe('d280000000');
    // beyond 32 bits msgpackr alone would write float64 (cb)
    expect(hex(0x7ffd_1234_5678)).toBe('d300007ffd12345678');
    expect(hex(-(2 ** 40))).toBe('d3ffffff0000000000');
    expect(hex(2 ** 63)).toBe('cf8000000000000000');
    expect(hex(0xffff_ffff_ffff_ffffn)).toBe('cfffffffffffffffff');
    expect(hex(-0x8000_0000_0000_0000n)).toBe('d38000000000000000');
    // non-integers, and integers beyond 64 bits, stay float64
    expect(hex(1.5)).toBe('cb3ff8000000000000');
    expect(hex(2 ** 64)).toBe('cb43f0000000000000');
    expect(() => pack(2n ** 64n)).toThrow(TraceEncodeError);
  });

  test('payloads read with a generic decoder have every wide integer as int64/uint64', () => {
    const file = tmp();
    const records = everyRecordType();
    writeTrace(file, records);
    const bytes = fs.readFileSync(file);
    const [hdr, ...chunks] = chunkOffsets(bytes);
    // msgpackr's defaults: int64/uint64 come back as bigint, every other number as a number
    const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });
    const payload = (c: { offset: number; end: number }): Buffer =>
      bytes.subarray(c.offset + FRAME_HEADER_SIZE, c.end);
    const header = unpackr.unpack(payload(hdr));
    expect(Object.keys(header)[0]).toBe('format');
    expect(header.format).toEqual({ major: FORMAT_MAJOR, minor: FORMAT_MINOR });
    expect(header.startTime).toBe(BigInt(HEADER.startTime));
    const decoded = chunks.flatMap((c) => unpackr.unpack(payload(c)) as unknown[]);
    // what a decoder sees when integers beyond 32 bits are stored as integers
    const asStored = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(asStored)
        : typeof v === 'number' && Number.isInteger(v) && (v < -(2 ** 31) || v >= 2 ** 32)
          ? BigInt(v)
          : typeof v === 'bigint' && v >= -(2n ** 31n) && v < 2n ** 32n
            ? Number(v)
            : v;
    expect(canon(decoded)).toBe(canon(asStored(records.map(encodeRecord))));
  });

  test('values the format cannot hold throw TraceEncodeError and leave the trace intact', () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER);
    w.append(sys(1));
    const bad: unknown[] = [
      sys(2, { args: [2n ** 64n] }),
      sys(2, { args: [-(2n ** 63n) - 1n] }),
      sys(2, { ret: 2 ** 64 }),
      sys(2, { args: [1.5] }),
      // read back as a bigint, which seq cannot be
      sys(2, { seq: 2 ** 60 }),
      sys(2, { ret: NaN }),
      sys(2, { seq: 0.5 }),
      { ...sys(2), mem: [{ dir: 'sideways', arg: 0, addr: 0, bytes: new Uint8Array(1) }] },
      { ...sys(2), mem: [{ dir: 'out', arg: 0, addr: 0, bytes: 'text' }] },
      { t: 'spawn', seq: 2, pid: 1, tid: 1, childPid: 2, childTid: 2, kind: 'fork' },
      { t: 'bogus', seq: 2 },
    ];
    for (const rec of bad) {
      const err = catchError(() => w.append(rec as TraceRecord));
      expect(err).toBeInstanceOf(TraceEncodeError);
      expect((err as TraceEncodeError).code).toBe('TRACE_ENCODE');
      expect((err as Error).message).toMatch(/^cannot store \w+ record \(seq [\d.]+\): /);
    }
    w.append(sys(3));
    w.close();
    expect(readTrace(file).records.map((r) => r.seq)).toEqual([1, 3]);
  });
});

describe('writing', () => {
  test('creates the file with mode 0600, also over an existing world-readable file', () => {
    const fresh = tmp();
    TraceWriter.create(fresh, HEADER).close();
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o600);

    const existing = tmp();
    fs.writeFileSync(existing, 'old contents');
    fs.chmodSync(existing, 0o666);
    TraceWriter.create(existing, HEADER).close();
    expect(fs.statSync(existing).mode & 0o777).toBe(0o600);
    expect(readTrace(existing).records).toEqual([]);
  });

  test('records packed elsewhere (the C core) go in as they are, between appended ones', () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER, { chunkBytes: 200 });
    const packed = [sys(1), sys(2), sys(3)];
    w.append(sys(0));
    w.appendPacked(Buffer.concat(packed.map((r) => pack(encodeRecord(r)))), packed.length);
    w.append(sys(4));
    w.close();
    expect(w.recordCount).toBe(5);
    expect(readTrace(file).records).toEqual([0, 1, 2, 3, 4].map((i) => sys(i)));
    expect(unpackRecords(Buffer.concat(packed.map((r) => pack(encodeRecord(r)))))).toEqual(packed);
  });

  test('the header is on disk as soon as create returns', () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER);
    expect(readHeader(file).argv).toEqual(HEADER.argv);
    w.close();
  });

  test('cuts a chunk when the pending payload reaches chunkBytes', () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER, { chunkBytes: 1000 });
    for (let i = 0; i < 100; i++) w.append(sys(i));
    expect(w.chunkCount).toBeGreaterThan(2);
    expect(w.pendingRecords).toBeLessThan(100);
    w.close();
    const chunks = chunkOffsets(fs.readFileSync(file)).slice(1);
    expect(chunks.length).toBe(w.chunkCount);
    for (const c of chunks.slice(0, -1)) {
      expect(c.end - c.offset - FRAME_HEADER_SIZE).toBeGreaterThanOrEqual(1000);
      expect(c.end - c.offset - FRAME_HEADER_SIZE).toBeLessThan(1100);
    }
    expect(w.bytesWritten).toBe(fs.statSync(file).size);
  });

  test('firstChunkBytes: the first two chunks stay small, even before a large record', () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER, { firstChunkBytes: 1000 });
    const small = (from: number, n: number) => Array.from({ length: n }, (_, i) => sys(from + i));
    // a read of 5000 bytes: past the first two chunks' sizes, in a chunk of its own
    const read = sys(20, {
      mem: [{ dir: 'out', arg: 1, addr: 0x1000, bytes: new Uint8Array(5000) }],
    });
    const records = [...small(0, 20), read, ...small(21, 400)];
    for (const r of records) w.append(r);
    w.close();
    const chunks = [...iterateTraceChunks(file, (payload) => [unpack(payload) as unknown[]])];
    expect(chunks.map((c) => c.length)).toEqual([20, 1, 400]);
    expect(pack(chunks[0]).length).toBeLessThanOrEqual(1000);
    expect(canon(readTrace(file).records)).toBe(canon(records));
  });

  test('flush() makes appended records readable while the writer stays open', () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER);
    w.append(sys(1));
    expect(readTrace(file).records).toEqual([]);
    w.flush();
    w.flush(); // nothing pending: no empty chunk
    expect(readTrace(file).records).toEqual([sys(1)]);
    expect(w.chunkCount).toBe(1);
    w.close();
  });

  test('auto-flush writes pending records without being asked (what a kill -9 keeps)', async () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER);
    w.startAutoFlush(10);
    w.append(sys(1));
    w.append(sys(2));
    await new Promise((resolve) => setTimeout(resolve, 80));
    // never closed: the file is what a killed recorder leaves
    expect(readTrace(file)).toEqual({ header: expect.any(Object), records: [sys(1), sys(2)] });
    w.close();
  });

  test('creating a trace in a missing directory throws TraceWriteError naming the path', () => {
    const file = path.join(dir, 'no', 'such', 'dir', 'x.systape');
    const err = catchError(() => TraceWriter.create(file, HEADER));
    expect(err).toBeInstanceOf(TraceWriteError);
    expect(err).toBeInstanceOf(SystapeError);
    expect((err as TraceWriteError).code).toBe('TRACE_WRITE');
    expect((err as Error).message).toContain(file);
  });
});

describe('reading a header again', () => {
  test('each read gets a header of its own: changing one changes no other', () => {
    const file = tmp();
    TraceWriter.create(file, HEADER).close();
    const first = readHeader(file);
    first.env.CHANGED = 'by the caller';
    first.argv.push('more');
    expect(readHeader(file)).toEqual({
      ...HEADER,
      format: { major: FORMAT_MAJOR, minor: FORMAT_MINOR },
    });
  });

  test('a trace written over another at the same path reads with its own header', () => {
    const file = tmp();
    TraceWriter.create(file, HEADER).close();
    expect(readHeader(file).argv).toEqual(HEADER.argv);
    TraceWriter.create(file, { ...HEADER, argv: ['other'] }).close();
    expect(readHeader(file).argv).toEqual(['other']);
  });
});

describe('truncated files', () => {
  test('a cut at any byte yields the records of the complete chunks and the cut chunk offset', () => {
    const file = tmp();
    const records = Array.from({ length: 60 }, (_, i) =>
      i % 7 === 3
        ? ({ t: 'signal', seq: i, pid: 1, tid: 1, signo: 17, code: 1, senderPid: 2 } as const)
        : sys(i),
    );
    writeTrace(file, records, 150);
    const full = fs.readFileSync(file);
    const [header, ...chunks] = chunkOffsets(full);
    expect(chunks.length).toBeGreaterThan(5);
    // records per chunk, counted with an independent MessagePack decoder
    const unpackr = new Unpackr({ useRecords: false });
    const counts = chunks.map(
      (c) =>
        (unpackr.unpack(full.subarray(c.offset + FRAME_HEADER_SIZE, c.end)) as unknown[]).length,
    );
    const cutFile = tmp('cut');
    let truncations = 0;

    for (let cut = 0; cut < full.length; cut++) {
      fs.writeFileSync(cutFile, full.subarray(0, cut));
      if (cut < header.end) {
        const err = catchError(() => readTrace(cutFile));
        expect(err).toBeInstanceOf(TraceFormatError);
        expect((err as TraceFormatError).code).toBe(
          cut === 0 ? 'TRACE_NOT_SYSTAPE' : 'TRACE_TRUNCATED',
        );
        continue;
      }
      const complete = chunks.filter((c) => c.end <= cut);
      const validEnd = complete.at(-1)?.end ?? header.end;
      const kept = counts.slice(0, complete.length).reduce((a, b) => a + b, 0);
      const got = readTrace(cutFile);
      expect(canon(got.records)).toBe(canon(records.slice(0, kept)));
      if (cut === validEnd) {
        expect(got.truncated).toBeUndefined();
      } else {
        truncations++;
        expect(got.truncated?.offset).toBe(validEnd);
        expect(got.truncated?.reason).toMatch(/file ends inside a chunk (frame header|payload)/);
      }
    }
    expect(truncations).toBeGreaterThan(full.length / 2);
  });

  test('iterateTrace reports truncation through the callback and the property', () => {
    const file = tmp();
    writeTrace(
      file,
      Array.from({ length: 50 }, (_, i) => sys(i)),
      200,
    );
    const full = fs.readFileSync(file);
    const cutFile = fileWith(full.subarray(0, full.length - 3));
    const seen: TraceTruncation[] = [];
    const it = iterateTrace(cutFile, { onTruncated: (t) => seen.push(t) });
    const records = [...it];
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(50);
    expect(it.truncated).toEqual({
      offset: chunkOffsets(full).at(-1)?.offset,
      reason: expect.any(String),
    });
    expect(seen).toEqual([it.truncated]);
  });

  test('a last chunk that fails its CRC is a torn write: truncated, not an error', () => {
    const file = tmp();
    writeTrace(
      file,
      Array.from({ length: 40 }, (_, i) => sys(i)),
      200,
    );
    const bytes = fs.readFileSync(file);
    const last = chunkOffsets(bytes).at(-1)!;
    bytes[last.end - 2] ^= 0xff;
    const got = readTrace(fileWith(bytes));
    expect(got.truncated).toEqual({ offset: last.offset, reason: expect.stringMatching(/CRC/) });
    expect(got.records.length).toBeLessThan(40);
    expect(got.records).toEqual(Array.from({ length: got.records.length }, (_, i) => sys(i)));
  });

  test('a zero-filled tail after the last complete chunk is truncation', () => {
    const file = tmp();
    writeTrace(file, [sys(1), sys(2)]);
    const bytes = fs.readFileSync(file);
    const got = readTrace(fileWith(bytes, Buffer.alloc(5000)));
    expect(got.records).toEqual([sys(1), sys(2)]);
    expect(got.truncated?.offset).toBe(bytes.length);
  });

  test('a file cut inside its magic or header chunk cannot be read', () => {
    const file = tmp();
    writeTrace(file, [sys(1)]);
    const bytes = fs.readFileSync(file);
    for (const cut of [3, 8, 20, 30]) {
      const err = catchError(() => readTrace(fileWith(bytes.subarray(0, cut))));
      expect(err).toBeInstanceOf(TraceFormatError);
      expect((err as TraceFormatError).code).toBe('TRACE_TRUNCATED');
      expect((err as Error).message).toMatch(/cut off/);
    }
  });
});

describe('damaged and foreign files', () => {
  function damagedTrace(): { bytes: Buffer; chunks: ReturnType<typeof chunkOffsets> } {
    const file = tmp();
    writeTrace(
      file,
      Array.from({ length: 40 }, (_, i) => sys(i)),
      200,
    );
    const bytes = fs.readFileSync(file);
    return { bytes, chunks: chunkOffsets(bytes) };
  }

  test('a CRC mismatch mid-file is a TraceFormatError naming the offset', () => {
    const { bytes, chunks } = damagedTrace();
    const victim = chunks[2];
    bytes[victim.offset + FRAME_HEADER_SIZE + 5] ^= 0x01;
    const file = fileWith(bytes);
    const err = catchError(() => readTrace(file));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect(err).toMatchObject({ code: 'TRACE_CORRUPT', offset: victim.offset, path: file });
    expect((err as Error).message).toContain(`byte offset ${victim.offset}`);
    expect((err as Error).message).toMatch(/CRC/);

    // streaming yields the records before the damaged chunk, then throws
    const it = iterateTrace(file);
    const before: TraceRecord[] = [];
    expect(() => {
      for (const r of it) before.push(r);
    }).toThrow(TraceFormatError);
    expect(before.length).toBeGreaterThan(0);
    expect(before).toEqual(Array.from({ length: before.length }, (_, i) => sys(i)));
  });

  test('a bad chunk magic mid-file is a TraceFormatError naming the offset', () => {
    const { bytes, chunks } = damagedTrace();
    bytes.write('XXXX', chunks[3].offset, 'latin1');
    const err = catchError(() => readTrace(fileWith(bytes)));
    expect(err).toMatchObject({ code: 'TRACE_CORRUPT', offset: chunks[3].offset });
    expect((err as Error).message).toMatch(/bad chunk magic at byte offset \d+/);
  });

  test('a chunk with a valid CRC but a malformed record names the chunk and record', () => {
    const records = pack([encodeRecord(sys(1)), [0, 2, 'pid?', 1, 0, [], 0]]);
    const file = fileWith(
      FILE_MAGIC,
      headerChunk({ major: 1, minor: 0 }),
      encodeChunk(ChunkKind.RECORDS, records),
    );
    const err = catchError(() => readTrace(file));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect((err as Error).message).toMatch(/record 1: pid is not an integer/);
  });

  test('a chunk with a valid CRC but bytes that are not one MessagePack array is corrupt', () => {
    const hdr = headerChunk({ major: 1, minor: 0 });
    const good = pack([encodeRecord(sys(1))]);
    const payloads: [Buffer, RegExp][] = [
      [good.subarray(0, good.length - 1), /invalid MessagePack/],
      [Buffer.concat([good, Uint8Array.of(0xc0)]), /invalid MessagePack/],
      [pack({ not: 'an array' }), /not an array of records/],
    ];
    for (const [payload, why] of payloads) {
      const file = fileWith(FILE_MAGIC, hdr, encodeChunk(ChunkKind.RECORDS, payload));
      const err = catchError(() => readTrace(file));
      expect(err).toBeInstanceOf(TraceFormatError);
      expect(err).toMatchObject({ code: 'TRACE_CORRUPT', offset: FILE_MAGIC.length + hdr.length });
      expect((err as Error).message).toMatch(why);
    }
  });

  test('a header holding a MessagePack extension type is corrupt', () => {
    // the header map with one more key, whose value is a timestamp (extension -1)
    const payload = Buffer.concat([
      pack({ format: { major: 1, minor: 0 }, ...HEADER }),
      pack('when'),
      Buffer.from('d6ff00000000', 'hex'),
    ]);
    payload[0] += 1; // a fixmap: the low bits count the keys
    const file = fileWith(FILE_MAGIC, encodeChunk(ChunkKind.HEADER, payload));
    expect(() => readHeader(file)).toThrow(/extension types/);
  });

  test('unknown record tags, chunk kinds and flags are corruption in a 1.0 file', () => {
    const hdr = headerChunk({ major: 1, minor: 0 });
    const unknownTag = fileWith(FILE_MAGIC, hdr, encodeChunk(ChunkKind.RECORDS, pack([[9, 1]])));
    expect(() => readTrace(unknownTag)).toThrow(/unknown record type tag 9/);
    const unknownKind = fileWith(FILE_MAGIC, hdr, encodeChunk(7, pack([])));
    expect(() => readTrace(unknownKind)).toThrow(/unknown kind 7/);
    const flagged = encodeChunk(ChunkKind.RECORDS, pack([]));
    flagged[13] = 0x80;
    expect(() => readTrace(fileWith(FILE_MAGIC, hdr, flagged))).toThrow(/unknown flags 0x80/);
  });

  test('an empty file is not a systape trace', () => {
    const err = catchError(() => readTrace(fileWith()));
    expect(err).toBeInstanceOf(TraceFormatError);
    expect(err).toMatchObject({ code: 'TRACE_NOT_SYSTAPE' });
    expect((err as Error).message).toMatch(/is empty, not a systape trace/);
  });

  test('a foreign file is not a systape trace', () => {
    for (const content of ['{"json": true}\n', '\x1f\x8b\x08\x00gzip', 'hi']) {
      const file = fileWith(Buffer.from(content, 'latin1'));
      const err = catchError(() => readHeader(file));
      expect(err).toMatchObject({ code: 'TRACE_NOT_SYSTAPE', path: file });
      expect((err as Error).message).toContain(`${file} is not a systape trace`);
    }
  });

  test('a missing file is TraceNotFoundError; a directory is TraceUnreadableError', () => {
    const missing = path.join(dir, 'missing.systape');
    for (const read of [readTrace, readHeader, iterateTrace]) {
      const err = catchError(() => read(missing));
      expect(err).toBeInstanceOf(TraceNotFoundError);
      expect(err).toMatchObject({ code: 'TRACE_NOT_FOUND', path: missing });
      expect((err as Error).message).toBe(`trace file not found: ${missing}`);
    }
    const err = catchError(() => readTrace(dir));
    expect(err).toBeInstanceOf(TraceUnreadableError);
    expect(err).toMatchObject({ code: 'TRACE_UNREADABLE', errno: 'EISDIR' });
    expect((err as Error).message).toContain(dir);
  });

  const asRoot = process.getuid?.() === 0;
  (asRoot ? test.skip : test)('an unreadable file is TraceUnreadableError', () => {
    const file = tmp();
    writeTrace(file, []);
    fs.chmodSync(file, 0o000);
    const err = catchError(() => readTrace(file));
    expect(err).toMatchObject({ code: 'TRACE_UNREADABLE', errno: 'EACCES' });
    expect((err as Error).message).toBe(`cannot read trace file ${file}: permission denied`);
  });
});

describe('versions', () => {
  test('an unknown major version is refused with both versions in the message', () => {
    const file = fileWith(
      FILE_MAGIC,
      headerChunk({ major: 2, minor: 0 }, { somethingNew: [1, 2, 3] }),
      // a future major may change everything after the header
      Buffer.from('not a chunk at all'),
    );
    for (const read of [readTrace, readHeader, iterateTrace]) {
      const err = catchError(() => read(file));
      expect(err).toBeInstanceOf(TraceVersionError);
      expect(err).toMatchObject({
        code: 'TRACE_VERSION',
        found: { major: 2, minor: 0 },
        supported: { major: FORMAT_MAJOR, minor: FORMAT_MINOR },
      });
      expect((err as Error).message).toBe(
        `${file}: trace format 2.0 is newer than this systape supports (1.x); upgrade systape`,
      );
    }
  });

  test('an older major version is refused too', () => {
    const file = fileWith(FILE_MAGIC, headerChunk({ major: 0, minor: 3 }));
    expect(() => readHeader(file)).toThrow(/trace format 0\.3 is older than this systape supports/);
  });

  test('a newer minor version reads, skipping what it added', () => {
    const sysWithMore = [...encodeRecord(sys(2)), 0, 'a field from 1.7'];
    const file = fileWith(
      FILE_MAGIC,
      headerChunk({ major: 1, minor: 7 }, { newHeaderKey: { x: 1 } }),
      encodeChunk(ChunkKind.RECORDS, pack([encodeRecord(sys(1)), [42, 'new record type']])),
      encodeChunk(9, pack({ an: 'index chunk, say' })),
      encodeChunk(ChunkKind.RECORDS, pack([sysWithMore, encodeRecord(sys(3, { mem: [] }))])),
    );
    const got = readTrace(file);
    expect(got.header.format).toEqual({ major: 1, minor: 7 });
    expect((got.header as unknown as Record<string, unknown>).newHeaderKey).toEqual({ x: 1 });
    expect(got.records).toEqual([sys(1), sys(2), sys(3, { mem: [] })]);
    expect(got.truncated).toBeUndefined();
  });

  test('a header without a format version is corrupt', () => {
    const file = fileWith(FILE_MAGIC, encodeChunk(ChunkKind.HEADER, pack({ ...HEADER })));
    expect(() => readHeader(file)).toThrow(/header has no format version/);
  });
});

describe('deflated chunks', () => {
  test('a chunk stored raw-deflated (flag bit 0) reads like a plain one', () => {
    const records = Array.from({ length: 300 }, (_, i) => sys(i));
    const payload = pack(records.map(encodeRecord));
    const stored = deflateRawSync(payload);
    expect(stored.length).toBeLessThan(payload.length);
    const frame = Buffer.alloc(FRAME_HEADER_SIZE);
    frame.write('STCK', 0, 'latin1');
    frame.writeUInt32LE(stored.length, 4);
    frame.writeUInt32LE(crc32(stored), 8); // of the stored (deflated) bytes
    frame[12] = 1;
    frame[13] = 1;
    const file = fileWith(FILE_MAGIC, headerChunk({ major: 1, minor: 0 }), frame, stored);
    expect(readTrace(file).records).toEqual(records);
  });

  test.each([
    ['deflated', ChunkFlags.DEFLATE, /does not inflate/],
    ['Brotli-compressed', ChunkFlags.BROTLI, /does not inflate/],
    ['both deflated and Brotli-compressed', ChunkFlags.DEFLATE | ChunkFlags.BROTLI, /flags 0x3/],
  ])('a chunk flagged %s whose bytes do not decompress is corrupt', (_, flags, error) => {
    const junk = Buffer.from('definitely not deflate data \xff\xff\xff', 'latin1');
    const chunk = encodeChunk(ChunkKind.RECORDS, junk);
    chunk[13] = flags;
    const file = fileWith(
      FILE_MAGIC,
      headerChunk({ major: 1, minor: 0 }),
      chunk,
      encodeChunk(ChunkKind.RECORDS, pack([])),
    );
    expect(() => readTrace(file)).toThrow(error);
  });
});

describe('streaming', () => {
  const N = 100_000;
  let file: string;
  beforeAll(() => {
    file = tmp('big');
    const w = TraceWriter.create(file, HEADER);
    const rec = sys(0); // its mem bytes stay [0]
    for (let i = 0; i < N; i++) {
      rec.seq = i; // the writer encodes at once, so the record can be reused
      rec.ret = i % 3 === 0 ? -11 : 1;
      w.append(rec);
    }
    w.close({ t: 'end', seq: N, exitStatus: 0, durationMs: 1, syscalls: N });
    expect(w.chunkCount).toBeGreaterThan(5);
  });

  test(`iterates ${N} records in order, one chunk at a time`, () => {
    const it = iterateTrace(file);
    expect(it.header.argv).toEqual(HEADER.argv);
    let n = 0;
    let outOfOrder = 0;
    let last: TraceRecord | undefined;
    for (const rec of it) {
      if (rec.seq !== n) outOfOrder++;
      if (rec.t === 'sys' && n % 9973 === 0) {
        expect(rec).toEqual({ ...sys(n, { ret: n % 3 === 0 ? -11 : 1 }), mem: sys(0).mem });
      }
      last = rec;
      n++;
    }
    expect(outOfOrder).toBe(0);
    expect(n).toBe(N + 1);
    expect(last).toEqual({ t: 'end', seq: N, exitStatus: 0, durationMs: 1, syscalls: N });
    expect(it.truncated).toBeUndefined();
    expect(it.next()).toEqual({ done: true, value: undefined });
  });

  test('breaking out early, or close(), releases the file', () => {
    const fds = (): number => fs.readdirSync('/proc/self/fd').length;
    const before = fds();
    const it = iterateTrace(file);
    expect(fds()).toBe(before + 1);
    for (const rec of it) if (rec.seq > 10) break;
    expect(fds()).toBe(before);

    const it2 = iterateTrace(file);
    it2.next();
    it2.close();
    expect(fds()).toBe(before);
    expect(it2.next().done).toBe(true);
  });
});

describe('the end record and readEnd', () => {
  const sys = (seq: number): SyscallRecord => ({
    t: 'sys',
    seq,
    pid: 10,
    tid: 10,
    nr: 0,
    args: [3, 0x7ffd_0000, 4096, 0, 0, 0],
    ret: 4096,
    flags: 0,
    mem: [{ dir: 'out', arg: 1, addr: 0x7ffd_0000, bytes: new Uint8Array(4096).fill(seq & 0xff) }],
  });
  const end: EndRecord = {
    t: 'end',
    seq: 500,
    exitStatus: 3,
    durationMs: 12.5,
    syscalls: 500,
    files: [
      {
        path: '/lib/libc.so.6',
        size: 1926232,
        mtimeMs: 1777320873000.25,
        ino: 339380,
        copy: '/c/1',
      },
      { path: '/tmp/gone.so', size: 10, mtimeMs: 1, ino: 2, copy: null },
    ],
  };

  test('keeps the mapped files through a round trip', () => {
    expect(decodeRecord(encodeRecord(end))).toEqual(end);
    const { files: _files, ...plain } = end;
    expect(decodeRecord(encodeRecord(plain))).toEqual(plain); // no files: none decoded
  });

  test('readEnd reads the end record of a trace of many chunks from its last chunk', () => {
    const file = tmp();
    writeTrace(file, [...Array.from({ length: 499 }, (_, i) => sys(i + 1)), end], 64 * 1024);
    expect(chunkOffsets(fs.readFileSync(file)).length).toBeGreaterThan(10);
    expect(readEnd(file)).toEqual(end);
  });

  test('close(end) writes the end record in a chunk of its own, after the calls', () => {
    const file = tmp();
    const w = TraceWriter.create(file, HEADER);
    for (let i = 1; i <= 3; i++) w.append(sys(i));
    w.close(end);
    const chunks = [...iterateTraceChunks(file, (_payload, decode) => [decode()])];
    expect(chunks.map((c) => c.map((r) => r.t))).toEqual([['sys', 'sys', 'sys'], ['end']]);
    expect(readEnd(file)).toEqual(end);
  });

  test('readEnd is undefined for a recording that did not finish', () => {
    const file = tmp();
    writeTrace(file, [sys(1), sys(2)]);
    expect(readEnd(file)).toBeUndefined();
    const whole = tmp();
    writeTrace(whole, [sys(1), end], 1024);
    const cut = tmp();
    const bytes = fs.readFileSync(whole);
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 5));
    expect(readEnd(cut)).toBeUndefined();
  });
});

test('a start record (format 1.1) survives a round trip', () => {
  const start: TraceRecord = { t: 'start', seq: 41, pid: 100, tid: 102 };
  expect(encodeRecord(start)).toEqual([6, 41, 100, 102]);
  expect(decodeRecord(encodeRecord(start))).toEqual(start);
});
