/**
 * Replay needs none of the world the program saw: a file deleted since the recording is
 * still read, a server that is gone still answers, and a file the program deletes is not
 * deleted by the replay.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  findSyscall,
  makeTempDir,
  recordFixture,
  removeTempDirs,
  ret,
  writesTo,
  written,
  type RecordedRun,
} from './helpers/record';
import { expectSameAsRecorded, pythonExecutable, recordPiped, replayRun } from './helpers/replay';

afterAll(removeTempDirs);

const CONTENT = 'first line\nsecond line, ünïcödé\n' + 'x'.repeat(5000) + '\n';

describe('cat FILE, where FILE is deleted after the recording', () => {
  test('replay prints the recorded content (stdout a pipe)', async () => {
    const file = path.join(makeTempDir('systape-cat-'), 'data.txt');
    fs.writeFileSync(file, CONTENT);
    const run = await recordPiped(['cat', file]);
    expect(run.stdout).toBe(CONTENT);
    // into a pipe, cat reads and writes: the trace holds the bytes
    expect(written(writesTo(run, 1))).toBe(CONTENT);
    expect(run.result.exitStatus).toBe(0);
    fs.rmSync(file);
    const replayed = await replayRun(run);
    expectSameAsRecorded(run, replayed);
    expect(fs.existsSync(file)).toBe(false);
  }, 60_000);

  test('replay prints the recorded content (a reader that reads: head -c)', async () => {
    const file = path.join(makeTempDir('systape-cat-'), 'data.txt');
    fs.writeFileSync(file, CONTENT);
    const run = await recordFixture(['head', '-c', '100000', file]);
    expect(run.stdout).toBe(CONTENT);
    fs.rmSync(file);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);
});

// KNOWN BUG (reported, not fixed here): bytes a program sends to stdout with
// copy_file_range(2) and sendfile(2) move bytes from kernel to kernel, never through the
// program's memory: the recorder reads them back from the source file so that replay can
// print them. GNU cat copies this way when its stdout is a regular file. writev(2) hands
// the kernel an iovec array: replay prints the buffers, not the array.
describe('output sent by copy_file_range, sendfile and writev', () => {
  const runs: Record<string, RecordedRun> = {};

  test('cat FILE with stdout a file uses copy_file_range; python sendfile into a pipe', async () => {
    const dir = makeTempDir('systape-copy-');
    const file = path.join(dir, 'data.txt');
    fs.writeFileSync(file, CONTENT);
    runs.cat = await recordFixture(['cat', file]);
    expect(runs.cat.stdout).toBe(CONTENT);
    expect(ret(findSyscall(runs.cat, 'copy_file_range'))).toBe(Buffer.byteLength(CONTENT));
    const script = `import os\nfd = os.open(${JSON.stringify(file)}, os.O_RDONLY)\nos.sendfile(1, fd, 0, 100000)`;
    runs.sendfile = await recordPiped([pythonExecutable(), '-c', script]);
    expect(runs.sendfile.stdout).toBe(CONTENT);
    expect(ret(findSyscall(runs.sendfile, 'sendfile'))).toBe(Buffer.byteLength(CONTENT));
    runs.writev = await recordPiped([
      pythonExecutable(),
      '-c',
      'import os\nos.writev(1, [b"first ", b"second\\n"])',
    ]);
    expect(runs.writev.stdout).toBe('first second\n');
    fs.rmSync(file); // replay prints it from the trace
  }, 60_000);

  test('replay of cat prints the content', async () => {
    const replayed = await replayRun(runs.cat);
    expect(replayed.stdout).toBe(CONTENT);
  });

  test('replay of sendfile prints the content', async () => {
    const replayed = await replayRun(runs.sendfile);
    expect(replayed.stdout).toBe(CONTENT);
  });

  test('replay of writev prints the buffers', async () => {
    const replayed = await replayRun(runs.writev);
    expect(replayed.stdout).toBe('first second\n');
  });
});

describe('a TCP client whose loopback server is gone at replay time', () => {
  test('replay prints the reply the server gave, and exits 0', async () => {
    const server = net.createServer((socket) => {
      socket.once('data', (b) => socket.end(`pong to ${b.toString().trim()} at ${Date.now()}\n`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const client = [
      'import socket',
      `s = socket.create_connection(("127.0.0.1", ${port}))`,
      's.sendall(b"ping\\n")',
      'print("reply:", s.makefile().readline(), end="")',
      'print("peer port", s.getpeername()[1])',
    ].join('\n');
    let run;
    try {
      run = await recordFixture([pythonExecutable(), '-c', client]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(run.stderr).toBe('');
    expect(run.result.exitStatus).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^reply: pong to ping at \\d+\\npeer port ${port}\\n$`));
    expect(ret(findSyscall(run, 'connect'))).toBe(0);

    // nobody listens on the port any more
    await expect(
      new Promise((resolve, reject) =>
        net.connect(port, '127.0.0.1').on('connect', resolve).on('error', reject),
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
    expectSameAsRecorded(run, await replayRun(run));
  }, 60_000);
});

describe('rm FILE', () => {
  test('replay deletes nothing: the re-created file is still there after it', async () => {
    const dir = makeTempDir('systape-rm-');
    const file = path.join(dir, 'doomed.txt');
    fs.writeFileSync(file, 'precious\n');
    const run = await recordFixture(['rm', '-v', file]);
    expect(run.result.exitStatus).toBe(0);
    expect(run.stdout).toBe(`removed '${file}'\n`);
    expect(fs.existsSync(file)).toBe(false);
    expect(ret(findSyscall(run, 'unlinkat'))).toBe(0);

    fs.writeFileSync(file, 'precious, again\n');
    expectSameAsRecorded(run, await replayRun(run));
    expect(fs.readFileSync(file, 'utf8')).toBe('precious, again\n');
  }, 60_000);

  test('a program that writes a file: replay leaves the file as it is now', async () => {
    const dir = makeTempDir('systape-write-');
    const file = path.join(dir, 'out.txt');
    const run = await recordFixture(['sh', '-c', `echo recorded > ${file}; head -n 5 ${file}`]);
    expect(run.stdout).toBe('recorded\n');
    fs.writeFileSync(file, 'changed since\n');
    expectSameAsRecorded(run, await replayRun(run));
    expect(fs.readFileSync(file, 'utf8')).toBe('changed since\n');
  }, 60_000);
});
