/**
 * Runs every C fixture natively (no systape) and checks its output and exit status, so the
 * fixtures are known to be good before any recorder or replayer test traces them.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixture, FIXTURES_BUILD_DIR, listFixtures } from './helpers/fixtures';

function run(name: string, args: string[] = []): SpawnSyncReturns<string> {
  const res = spawnSync(fixture(name), args, { encoding: 'utf8', timeout: 20_000 });
  if (res.error) throw res.error;
  return res;
}

/** True if the ELF64 file has a PT_INTERP header, i.e. is started by the dynamic loader. */
function hasInterpreter(file: string): boolean {
  const elf = fs.readFileSync(file);
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  const PT_INTERP = 3;
  for (let i = 0; i < phnum; i++) {
    if (elf.readUInt32LE(phoff + i * phentsize) === PT_INTERP) return true;
  }
  return false;
}

describe('fixture helper', () => {
  it('lists every fixture source', () => {
    expect(listFixtures()).toEqual(
      expect.arrayContaining([
        'exec_thread',
        'forks',
        'memfx',
        'rawsys',
        'segv',
        'sigs',
        'spin',
        'static_hello',
        'threads',
      ]),
    );
  });

  it('compiles into the build directory and reuses an up-to-date binary', () => {
    const bin = fixture('spin');
    expect(bin).toBe(path.join(FIXTURES_BUILD_DIR, 'spin'));
    const before = fs.statSync(bin).mtimeMs;
    expect(fixture('spin')).toBe(bin);
    expect(fs.statSync(bin).mtimeMs).toBe(before);
    // No temporary files of ours are left behind (another Jest worker may be compiling).
    const ours = `.tmp-${process.pid}-`;
    expect(fs.readdirSync(FIXTURES_BUILD_DIR).filter((f) => f.includes(ours))).toEqual([]);
  });

  it('rejects unknown and malformed names', () => {
    expect(() => fixture('no_such_fixture')).toThrow(/no fixture source/);
    expect(() => fixture('../memfx')).toThrow(/invalid fixture name/);
  });
});

describe('fixtures run natively', () => {
  it('memfx prints one deterministic line per step', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'systape-memfx-')));
    try {
      const res = run('memfx', [dir]);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      expect(res.stdout.split('\n')).toEqual([
        'read 12 hello world!',
        'pread64 6 world!',
        'readv 12 [hello][ world!]',
        'fstat size 12',
        'newfstatat size 12',
        'statx size 12',
        'getdents64 5: . .. a b c',
        'pipe2 0',
        'write 5',
        'ioctl FIONREAD 5',
        'poll 1 POLLIN',
        'ppoll 1 POLLIN',
        'epoll_wait 1 data 42',
        'read 5 ping!',
        'sendmsg 10',
        'recvmsg 10 [ping:][pong!] SCM_RIGHTS fd reads hello',
        'sendto 5',
        'recvfrom 5 dgram',
        'getrandom 16',
        'clock_gettime CLOCK_MONOTONIC 0',
        'clock_gettime CLOCK_REALTIME 0',
        'gettimeofday 0',
        'time positive',
        'uname Linux x86_64',
        'sysinfo 0',
        'getcwd = argv[1]',
        'readlink /proc/self/exe memfx',
        'ioctl TIOCGWINSZ -1 ENOTTY',
        'wait4 exited 3',
        'done',
        '',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('threads: four threads write a line each, then all are joined', () => {
    const res = run('threads');
    expect(res.status).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines.pop()).toBe('joined 4');
    expect(lines.sort()).toEqual(['thread 0', 'thread 1', 'thread 2', 'thread 3']);
  });

  it('exec_thread: execve from a second thread runs echo', () => {
    const res = run('exec_thread');
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe('from-thread\n');
    expect(res.status).toBe(0);
  });

  it('segv: flushed output, then killed by SIGSEGV', () => {
    const res = run('segv');
    expect(res.stdout).toBe('before crash\n');
    expect(res.status).toBeNull();
    expect(res.signal).toBe('SIGSEGV');
  });

  it('forks: fork, vfork and clone3 children exit 11, 12 and 13', () => {
    const res = run('forks');
    expect(res.stdout).toBe('fork exited 11\nvfork exited 12\nclone3 exited 13\n');
    expect(res.status).toBe(0);
  });

  it('rawsys: raw getpid and write work', () => {
    const res = run('rawsys');
    expect(res.stdout).toBe('rawsys hello\nraw write 13\nraw getpid matches\n');
    expect(res.status).toBe(0);
  });

  it('static_hello: a statically linked binary', () => {
    const res = run('static_hello');
    expect(res.stdout).toBe('hello from static\n');
    expect(res.status).toBe(0);
    expect(hasInterpreter(fixture('static_hello'))).toBe(false);
    expect(hasInterpreter(fixture('spin'))).toBe(true);
  });

  it('sigs: SIGUSR1 from kill and SIGALRM from a timer are handled', () => {
    const res = run('sigs');
    expect(res.stdout).toBe('handled SIGUSR1 1\nhandled SIGALRM 1\n');
    expect(res.status).toBe(0);
  });

  it('spin: N getppid calls, no output', () => {
    const res = run('spin', ['1000']);
    expect(res.stdout).toBe('');
    expect(res.status).toBe(0);
  });
});
