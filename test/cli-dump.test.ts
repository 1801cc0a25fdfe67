/**
 * `systape dump`, run as a user runs it (`node bin/systape.js`, built into dist/ first): the
 * output formats and filters on a real trace, traces cut short by a killed recorder, and
 * files that are not traces or are damaged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { brotliDecompressSync, crc32, inflateRawSync } from 'node:zlib';
import { readTrace, type TraceContents, type TraceRecord } from '../formats/trace';
import type { TraceStats } from '../analysis/stats';
import { syscallName } from '../formats/syscalls';
import {
  expectCleanFailure,
  makeTempDir,
  recordFixture,
  removeTempDirs,
  runCli,
  splitLines,
  type RecordedRun,
} from './helpers/record';

const FILE_MAGIC_SIZE = 8;
const FRAME_SIZE = 16;

afterAll(removeTempDirs);

/** The chunks of a trace file: byte offset, kind, payload length and record count. */
interface Chunk {
  offset: number;
  kind: number;
  length: number;
  records: number;
}

/** Walks the frames of a trace file (see formats/trace/README.md). */
function chunksOf(file: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  for (let off = FILE_MAGIC_SIZE; off < file.length;) {
    const length = file.readUInt32LE(off + 4);
    const kind = file[off + 12];
    const stored = file.subarray(off + FRAME_SIZE, off + FRAME_SIZE + length);
    // flag bit 0: the payload is raw-deflated; bit 1 (1.3): Brotli-compressed, as the
    // recorder stores records where that pays
    const flags = file[off + 13];
    const payload =
      flags === 1 ? inflateRawSync(stored) : flags === 2 ? brotliDecompressSync(stored) : stored;
    let records = 0;
    if (kind === 1) {
      // a records chunk is one msgpack array: fixarray, array16 or array32
      const tag = payload[0];
      if ((tag & 0xf0) === 0x90) records = tag & 0x0f;
      else if (tag === 0xdc) records = payload.readUInt16BE(1);
      else if (tag === 0xdd) records = payload.readUInt32BE(1);
      else throw new Error(`unexpected records chunk start 0x${tag.toString(16)}`);
    }
    chunks.push({ offset: off, kind, length, records });
    off += FRAME_SIZE + length;
  }
  return chunks;
}

describe('dump of a shell pipeline', () => {
  let run: RecordedRun;
  let file: string;
  let lsPid: number;
  let dump: (...args: string[]) => ReturnType<typeof runCli>;
  beforeAll(async () => {
    run = await recordFixture(['/bin/sh', '-c', 'ls / | wc -l'], { traceName: 'pipe.systape' });
    file = run.result.tracePath;
    const ls = run.trace.records.find((r) => r.t === 'exec' && r.argv[0] === 'ls');
    if (ls?.t !== 'exec') throw new Error('no exec of ls in the trace');
    lsPid = ls.pid;
    dump = (...args) => runCli(['dump', ...args, file]);
  });

  test('one line per record; the root process unmarked, the others prefixed with their tid', async () => {
    const r = await dump();
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = splitLines(r.stdout);
    expect(lines).toHaveLength(run.trace.records.length);
    run.trace.records.forEach((rec, i) => {
      if (rec.t === 'end' || rec.tid === run.result.rootPid) {
        expect(lines[i]).not.toMatch(/^\[pid /);
      } else {
        expect(lines[i].startsWith(`[pid ${String(rec.tid).padStart(5)}] `)).toBe(true);
      }
    });
  });

  test("the root process's first execve line is unmarked like the rest of its lines", async () => {
    const lines = splitLines((await dump()).stdout);
    expect(lines[0]).toMatch(/^execve\("\/bin\/sh", \["\/bin\/sh", "-c", "ls \/ \| wc -l"\], /);
  });

  test('--seq prefixes each line with its record seq', async () => {
    const lines = splitLines((await dump('--seq')).stdout);
    expect(lines.map((l) => Number(/^#(\d+) /.exec(l)?.[1]))).toEqual(
      run.trace.records.map((rec) => rec.seq),
    );
  });

  test('--header prints the header as JSON first', async () => {
    const lines = splitLines((await dump('--header')).stdout);
    expect(lines[0].startsWith('# ')).toBe(true);
    const header = JSON.parse(lines[0].slice(2)) as TraceContents['header'];
    expect(header.argv).toEqual(['/bin/sh', '-c', 'ls / | wc -l']);
    expect(header.format).toEqual({ major: 1, minor: 3 });
    expect(lines).toHaveLength(run.trace.records.length + 1);
  });

  test('--json: one JSON object per record, syscalls with name, args and result', async () => {
    const r = await dump('--json');
    expect(r.status).toBe(0);
    const objects = splitLines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects).toHaveLength(run.trace.records.length);
    objects.forEach((o, i) => {
      const rec = run.trace.records[i];
      expect(o.t).toBe(rec.t);
      expect(o.seq).toBe(rec.seq);
      expect(typeof o.line).toBe('string');
      if (rec.t === 'sys') {
        expect(o.name).toBe(syscallName(rec.nr));
        expect(o.args).toHaveLength(rec.args.length);
        expect(typeof o.result).toBe('string');
        expect(Array.isArray(o.decoded)).toBe(true);
      }
    });
    const wcWrite = objects.find(
      (o) => o.name === 'write' && o.pid !== lsPid && o.pid !== run.result.rootPid,
    );
    expect(wcWrite).toMatchObject({
      result: String(run.stdout.length),
      decoded: ['1', expect.any(String), String(run.stdout.length)],
    });
    const mem = (wcWrite as { mem: { dir: string; data: string; encoding: string }[] }).mem;
    expect(mem).toHaveLength(1);
    expect(mem[0]).toMatchObject({ dir: 'in', encoding: 'base64' });
    expect(Buffer.from(mem[0].data, 'base64').toString()).toBe(run.stdout);
    expect(objects.at(-1)).toMatchObject({ t: 'end', exitStatus: 0 });
  });

  test('--syscall openat shows only openat calls, all of them', async () => {
    const lines = splitLines((await dump('--syscall', 'openat')).stdout);
    const expected = run.trace.records.filter(
      (rec) => rec.t === 'sys' && syscallName(rec.nr) === 'openat',
    );
    expect(lines).toHaveLength(expected.length);
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(l).toMatch(/^(\[pid +\d+\] )?openat\(AT_FDCWD, "/);
  });

  test('-e takes several names, comma-separated or repeated', async () => {
    const count = (names: string[]): number =>
      run.trace.records.filter((rec) => rec.t === 'sys' && names.includes(syscallName(rec.nr)))
        .length;
    const comma = splitLines((await dump('-e', 'openat,close')).stdout);
    const repeated = splitLines((await dump('-e', 'openat', '-e', 'close')).stdout);
    expect(comma).toHaveLength(count(['openat', 'close']));
    expect(repeated).toEqual(comma);
  });

  test('--syscall opne: an error suggesting open', async () => {
    const r = await dump('--syscall', 'opne');
    expectCleanFailure(r, /unknown syscall "opne"; did you mean .*\bopen\b/);
  });

  test('--pid N shows only that process (and the end of the recording)', async () => {
    const r = await dump('--pid', String(lsPid));
    expect(r.status).toBe(0);
    const lines = splitLines(r.stdout);
    const own = run.trace.records.filter(
      (rec) => rec.t !== 'end' && (rec.pid === lsPid || rec.tid === lsPid),
    );
    expect(lines).toHaveLength(own.length + 1);
    const prefix = `[pid ${String(lsPid).padStart(5)}] `;
    for (const l of lines.slice(0, -1)) expect(l.startsWith(prefix)).toBe(true);
    expect(lines).toContain(`${prefix}+++ exec "/usr/bin/ls" ["ls", "/"] +++`);
    expect(lines.slice(-2)).toEqual([
      `${prefix}+++ exited with 0 +++`,
      expect.stringMatching(/^\+\+\+ end: exit status 0, /),
    ]);
  });

  test('--stats: calls and errors per syscall, as `systape stats --by syscall --all` prints them', async () => {
    const r = await dump('--stats');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe((await runCli(['stats', '--by', 'syscall', '--all', file])).stdout);
    const sys = run.trace.records.filter(
      (rec): rec is Extract<TraceRecord, { t: 'sys' }> => rec.t === 'sys',
    );
    const counts = new Map<string, { calls: number; errors: number }>();
    for (const rec of sys) {
      const c = counts.get(syscallName(rec.nr)) ?? { calls: 0, errors: 0 };
      c.calls++;
      if (Number(rec.ret) < 0 && Number(rec.ret) >= -4095) c.errors++;
      counts.set(syscallName(rec.nr), c);
    }
    const rows = new Map<string, { calls: number; errors: number }>();
    for (const l of splitLines(r.stdout)) {
      // the last three columns: calls, errors (blank for none), syscall
      const m = /(\d+) +(\d*) +([a-z_0-9]+)$/.exec(l);
      if (m && m[3] !== 'total') rows.set(m[3], { calls: Number(m[1]), errors: Number(m[2] || 0) });
    }
    expect(rows).toEqual(counts);
    expect(splitLines(r.stdout)).toContainEqual(
      expect.stringMatching(new RegExp(`^.* ${sys.length} +\\d* +total$`)),
    );
  });

  test('--stats --json: the statistics as one JSON object', async () => {
    const r = await dump('--stats', '--json');
    const stats = JSON.parse(r.stdout) as TraceStats;
    expect(stats.total.calls).toBe(run.result.syscalls);
    expect(stats.processes).toHaveLength(3);
    expect(stats.recording).toMatchObject({
      records: run.trace.records.length,
      syscalls: run.result.syscalls,
      exitStatus: 0,
    });
    expect(stats.syscalls.find((c) => c.name === 'execve')).toMatchObject({ calls: 3, errors: 0 });
  });

  test('-s N limits the bytes of strings shown', async () => {
    const lines = splitLines((await dump('-s', '4', '-e', 'write', '--pid', String(lsPid))).stdout);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines)
      expect(l).toMatch(/^\[pid +\d+\] write\(1, "[^"]{1,8}"\.\.\., \d+\) = \d+$/);
  });
});

describe('the time of each call', () => {
  // a 200 ms sleep in a child process, and calls made by the tracer (no fast path) and in-process
  test.each([
    ['with the fast path', {}],
    ['without it', { fastPath: false }],
  ])('%s: recorded, and shown by -T and -t', async (_title, options) => {
    const run = await recordFixture(['sh', '-c', 'sleep 0.2; ls / >/dev/null'], options);
    const calls = readTrace(run.result.tracePath).records.filter((r) => r.t === 'sys');
    // every call that returned has one, in seq order per thread
    const untimed = calls.filter((r) => !r.time).map((r) => syscallName(r.nr));
    expect(new Set(untimed)).toEqual(new Set(['exit_group']));
    const sleep = calls.find((r) => syscallName(r.nr) === 'clock_nanosleep');
    expect(sleep?.time?.dur).toBeGreaterThanOrEqual(190e6);
    expect(sleep?.time?.dur).toBeLessThan(2e9);
    const byTid = new Map<number, number>();
    for (const r of calls) {
      const start = r.time?.start ?? Infinity;
      if (start === Infinity) continue;
      expect(start).toBeGreaterThanOrEqual(byTid.get(r.tid) ?? 0);
      byTid.set(r.tid, start + (r.time?.dur ?? 0));
    }
    // the sleep began after sh started and ls ran after it ended
    const ls = calls.find((r) => syscallName(r.nr) === 'getdents64');
    expect(ls?.time?.start).toBeGreaterThan((sleep?.time?.start ?? 0) + 190e6);

    const r = await runCli(['dump', '-T', '-t', '-e', 'clock_nanosleep', run.result.tracePath]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ +0\.\d{6} \[pid +\d+\] clock_nanosleep\(.*\) = 0 .*<0\.2\d{5}>$/m);
  });
});

describe('dump of a trace cut short', () => {
  let file: Buffer;
  let full: string[];
  let chunks: Chunk[];
  let dir: string;
  beforeAll(async () => {
    // Output spread over time, so that the recorder writes several chunks (it flushes
    // every 100 ms).
    const run = await recordFixture([
      '/bin/sh',
      '-c',
      'echo one; sleep 0.25; echo two; sleep 0.25; echo three',
    ]);
    dir = run.dir;
    file = fs.readFileSync(run.result.tracePath);
    chunks = chunksOf(file);
    full = splitLines((await runCli(['dump', run.result.tracePath])).stdout);
    expect(full).toHaveLength(run.trace.records.length);
  }, 20_000);

  /** Writes the first `size` bytes of the trace and dumps them. */
  async function dumpPrefix(size: number): Promise<Awaited<ReturnType<typeof runCli>>> {
    const cut = path.join(dir, `cut-${size}.systape`);
    fs.writeFileSync(cut, file.subarray(0, size));
    return runCli(['dump', cut]);
  }

  test('the recording has a header chunk and several records chunks', () => {
    expect(chunks[0].kind).toBe(0);
    expect(chunks.slice(1).every((c) => c.kind === 1)).toBe(true);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.reduce((n, c) => n + c.records, 0)).toBe(full.length);
  });

  test('cut inside a chunk: the complete records, then a warning naming the byte offset', async () => {
    for (let i = 1; i < chunks.length; i++) {
      const chunk = chunks[i];
      const before = chunks.slice(0, i).reduce((n, c) => n + c.records, 0);
      for (const size of [
        chunk.offset + 1, // inside the frame header
        chunk.offset + FRAME_SIZE + Math.floor(chunk.length / 2), // inside the payload
        chunk.offset + FRAME_SIZE + chunk.length - 1, // one byte short
      ]) {
        const r = await dumpPrefix(size);
        expect(r.status).toBe(0);
        expect(splitLines(r.stdout)).toEqual(full.slice(0, before));
        const warning = splitLines(r.stderr);
        expect(warning).toHaveLength(1);
        expect(warning[0]).toMatch(
          new RegExp(
            `^systape: warning: .*cut-${size}\\.systape is truncated at byte ${chunk.offset}\\b`,
          ),
        );
        expect(warning[0]).toContain(`${before} complete records`);
      }
    }
  });

  test('cut at a chunk boundary: every record before it, and a warning that the end is missing', async () => {
    const last = chunks[chunks.length - 1];
    const r = await dumpPrefix(last.offset);
    expect(r.status).toBe(0);
    expect(splitLines(r.stdout)).toEqual(full.slice(0, full.length - last.records));
    expect(splitLines(r.stderr)).toEqual([
      expect.stringMatching(
        /^systape: warning: .* has no end record: the recording did not finish$/,
      ),
    ]);
  });

  test('cut inside the header: a clear error', async () => {
    for (const size of [4, FILE_MAGIC_SIZE + 10, chunks[1].offset - 1]) {
      expectCleanFailure(await dumpPrefix(size), /cut off (before|inside) its header/);
    }
  });

  test('a damaged chunk before the last: an error naming its byte offset', async () => {
    const damaged = Buffer.from(file);
    damaged[chunks[1].offset + FRAME_SIZE + 10] ^= 0xff;
    const bad = path.join(dir, 'damaged.systape');
    fs.writeFileSync(bad, damaged);
    expectCleanFailure(
      await runCli(['dump', bad]),
      new RegExp(`\\b${chunks[1].offset}\\b.*CRC|CRC.*\\b${chunks[1].offset}\\b`),
    );
  });
});

describe('dump of files that are not traces', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('systape-cli-foreign-');
  });

  test('/etc/passwd: not a systape trace', async () => {
    expectCleanFailure(
      await runCli(['dump', '/etc/passwd']),
      /\/etc\/passwd is not a systape trace/,
    );
  });

  test('random bytes: not a systape trace', async () => {
    const file = path.join(dir, 'random.bin');
    fs.writeFileSync(
      file,
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)),
    );
    expectCleanFailure(await runCli(['dump', file]), /random\.bin is not a systape trace/);
  });

  test('the right magic followed by garbage: a clear error', async () => {
    const file = path.join(dir, 'garbage.systape');
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from('\x89SYSTAPE', 'latin1'), Buffer.alloc(64, 0x5a)]),
    );
    expectCleanFailure(await runCli(['dump', file]), /garbage\.systape/);
  });

  test('an empty file', async () => {
    const file = path.join(dir, 'empty.systape');
    fs.writeFileSync(file, '');
    expectCleanFailure(await runCli(['dump', file]), /empty\.systape is empty/);
  });

  test('a missing file and a directory', async () => {
    expectCleanFailure(
      await runCli(['dump', path.join(dir, 'missing.systape')]),
      /not found.*missing\.systape/,
    );
    expectCleanFailure(await runCli(['dump', dir]), /is a directory/);
  });
});

describe('dump of a trace from a future format version', () => {
  test('major version 2: an error naming both versions', async () => {
    const run = await recordFixture(['/bin/true']);
    const file = Buffer.from(fs.readFileSync(run.result.tracePath));
    // The header chunk's payload starts with {format: {major: 1, minor: 3}, ...}.
    const payloadAt = FILE_MAGIC_SIZE + FRAME_SIZE;
    const length = file.readUInt32LE(FILE_MAGIC_SIZE + 4);
    const payload = file.subarray(payloadAt, payloadAt + length);
    const major = payload.indexOf(Buffer.from('\xa5major\x01', 'latin1'));
    expect(major).toBeGreaterThan(0);
    payload[major + 6] = 2;
    file.writeUInt32LE(crc32(payload), FILE_MAGIC_SIZE + 8);
    const v2 = path.join(run.dir, 'v2.systape');
    fs.writeFileSync(v2, file);
    expect(() => readTrace(v2)).toThrow(/2\.3/);

    const r = await runCli(['dump', v2]);
    expectCleanFailure(r, /trace format 2\.3 .*\b1\.x\b/);
  });
});
