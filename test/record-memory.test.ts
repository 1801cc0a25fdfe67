/**
 * Recording the `memfx` fixture: one call of each kind of memory effect. For every step the
 * trace must hold the call with its arguments decoded and the memory the kernel read ('in')
 * or wrote ('out'), byte for byte, so that a replay can hand the same bytes back.
 */
import * as path from 'node:path';
import type { SyscallRecord } from '../formats/trace';
import { fixture } from './helpers/fixtures';
import {
  arg,
  buf,
  cstr,
  findSyscall,
  line,
  makeTempDir,
  onlyRegion,
  recordFixture,
  recordsOfType,
  regions,
  removeTempDirs,
  ret,
  syscalls,
  text,
  traceProblems,
  writesTo,
  written,
  type RecordedRun,
} from './helpers/record';

const POLLIN = 1;
const EPOLLIN = 1;
const ENOTTY = 25;
const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const AT_SYSINFO_EHDR = 33;

let run: RecordedRun;
let dir: string;
let dataPath: string;
/** the fd memfx reads data.txt through */
let dataFd: number;
let startSec: number;
let endSec: number;

beforeAll(async () => {
  dir = makeTempDir('systape-memfx-');
  dataPath = path.join(dir, 'data.txt');
  startSec = Math.floor(Date.now() / 1000);
  run = await recordFixture([fixture('memfx'), dir]);
  endSec = Math.ceil(Date.now() / 1000);
  const open = findSyscall(
    run,
    'openat',
    (r) => regions(r, 'in', 1).some((m) => cstr(m.bytes) === dataPath) && (arg(r, 2) & 3) === 0,
  );
  dataFd = ret(open);
}, 20_000);

afterAll(removeTempDirs);

/** the call of `name` on the data file's fd */
const onData = (name: string, where: (r: SyscallRecord) => boolean = () => true): SyscallRecord =>
  findSyscall(run, name, (r) => arg(r, 0) === dataFd && where(r));

/** the fds a pipe2 or socketpair call wrote into its int[2] */
function fdPair(rec: SyscallRecord, argIndex: number): [number, number] {
  const out = buf(onlyRegion(rec, 'out', argIndex).bytes);
  expect(out.length).toBe(8);
  return [out.readInt32LE(0), out.readInt32LE(4)];
}

describe('recording memfx', () => {
  test('the program runs normally: exit 0, every step printed, a well-formed trace', () => {
    expect(run.stderr).toBe('');
    expect(run.result.exitStatus).toBe(0);
    expect(run.result.signal).toBeNull();
    expect(run.stdout).toContain('getdents64 5: . .. a b c\n');
    expect(run.stdout.endsWith('done\n')).toBe(true);
    expect(traceProblems(run)).toEqual([]);
  });

  test('everything written to stdout appears as the payloads of write(1, ...)', () => {
    const writes = writesTo(run, 1, run.result.rootPid);
    expect(written(writes)).toBe(run.stdout);
    for (const w of writes) {
      const payload = onlyRegion(w, 'in', 1);
      expect(payload.bytes.length).toBe(ret(w));
      expect(payload.bytes.length).toBe(arg(w, 2));
    }
  });

  test('paths are recorded as cstr regions the kernel read', () => {
    const create = findSyscall(
      run,
      'openat',
      (r) => cstr(onlyRegion(r, 'in', 1).bytes) === dataPath,
    );
    expect(line(create)).toMatch(
      new RegExp(
        `^openat\\(AT_FDCWD, "${dataPath}", O_WRONLY\\|O_CREAT\\|O_TRUNC\\|O_CLOEXEC, 0644\\) = \\d+$`,
      ),
    );
    const mkdir = findSyscall(run, 'mkdir');
    expect(cstr(onlyRegion(mkdir, 'in', 0).bytes)).toBe(path.join(dir, 'd'));
    expect(line(mkdir)).toBe(`mkdir("${path.join(dir, 'd')}", 0755) = 0`);
    const chdir = findSyscall(run, 'chdir');
    expect(cstr(onlyRegion(chdir, 'in', 0).bytes)).toBe(dir);
  });

  test('the file written first holds what read returns', () => {
    const write = findSyscall(
      run,
      'write',
      (r) => text(onlyRegion(r, 'in', 1).bytes) === 'hello world!',
    );
    expect(ret(write)).toBe(12);
    expect(line(write)).toMatch(/^write\(\d+, "hello world!", 12\) = 12$/);
  });

  test('read: an out region of exactly the result size with the file bytes', () => {
    const read = onData('read', (r) => ret(r) === 12);
    const out = onlyRegion(read, 'out', 1);
    expect(out.bytes.length).toBe(12);
    expect(text(out.bytes)).toBe('hello world!');
    expect(BigInt(out.addr)).toBe(BigInt(read.args[1]));
    expect(line(read)).toBe(`read(${dataFd}, "hello world!", 64) = 12`);
  });

  test('pread64: the bytes at the offset, sized by the result', () => {
    const pread = onData('pread64', (r) => arg(r, 3) === 6);
    expect(text(onlyRegion(pread, 'out', 1).bytes)).toBe('world!');
    expect(line(pread)).toBe(`pread64(${dataFd}, "world!", 6, 6) = 6`);
  });

  test('readv: one out region per iovec, filled up to the result', () => {
    const readv = onData('readv');
    expect(ret(readv)).toBe(12);
    const outs = regions(readv, 'out', 1).map((m) => text(m.bytes));
    expect(outs).toEqual(['hello', ' world!']);
  });

  test('readv: the line shows the iovecs with the bytes read', () => {
    const readv = onData('readv');
    expect(line(readv)).toBe(
      `readv(${dataFd}, [{iov_base="hello", iov_len=5}, {iov_base=" world!", iov_len=16}], 2) = 12`,
    );
  });

  test('fstat, newfstatat and statx write 144, 144 and 256 bytes holding the size', () => {
    const fstat = onData('fstat');
    expect(onlyRegion(fstat, 'out', 1).bytes.length).toBe(144);
    // struct stat: st_size at offset 48
    expect(buf(onlyRegion(fstat, 'out', 1).bytes).readBigInt64LE(48)).toBe(12n);
    expect(line(fstat)).toMatch(
      new RegExp(
        `^fstat\\(${dataFd}, \\{st_mode=S_IFREG\\|0\\d{3}, st_size=12, \\.\\.\\.\\}\\) = 0$`,
      ),
    );

    const stat = findSyscall(run, 'newfstatat', (r) =>
      regions(r, 'in', 1).some((m) => cstr(m.bytes) === dataPath),
    );
    expect(onlyRegion(stat, 'out', 2).bytes.length).toBe(144);
    expect(line(stat)).toMatch(
      new RegExp(
        `^newfstatat\\(AT_FDCWD, "${dataPath}", \\{st_mode=S_IFREG\\|0\\d{3}, st_size=12, \\.\\.\\.\\}, 0\\) = 0$`,
      ),
    );

    const statx = findSyscall(run, 'statx', (r) =>
      regions(r, 'in', 1).some((m) => cstr(m.bytes) === dataPath),
    );
    const stx = onlyRegion(statx, 'out', 4);
    expect(stx.bytes.length).toBe(256);
    // struct statx: stx_size at offset 40
    expect(buf(stx.bytes).readBigUInt64LE(40)).toBe(12n);
    expect(line(statx)).toMatch(
      /^statx\(AT_FDCWD, ".*\/data\.txt", 0, STATX_SIZE, \{.*stx_size=12, .*\}\) = 0$/,
    );
  });

  test('getdents64: an out region the size of the result, holding every entry', () => {
    const dirOpen = findSyscall(run, 'openat', (r) =>
      regions(r, 'in', 1).some((m) => cstr(m.bytes) === path.join(dir, 'd')),
    );
    const getdents = findSyscall(
      run,
      'getdents64',
      (r) => arg(r, 0) === ret(dirOpen) && ret(r) > 0,
    );
    const out = buf(onlyRegion(getdents, 'out', 1).bytes);
    expect(out.length).toBe(ret(getdents));
    // struct linux_dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name[]
    const names: string[] = [];
    for (let off = 0; off < out.length;) {
      const reclen = out.readUInt16LE(off + 16);
      const name = out.subarray(off + 19, off + reclen);
      names.push(name.subarray(0, name.indexOf(0)).toString());
      off += reclen;
    }
    expect(names.sort()).toEqual(['.', '..', 'a', 'b', 'c']);
    const decoded = [...line(getdents).matchAll(/d_name="([^"]*)"/g)].map((m) => m[1]);
    expect(decoded.sort()).toEqual(['.', '..', 'a', 'b', 'c']);
    // the call that reports the end of the directory writes nothing
    const last = findSyscall(run, 'getdents64', (r) => arg(r, 0) === ret(dirOpen) && ret(r) === 0);
    expect(regions(last, 'out')).toEqual([]);
  });

  describe('pipes', () => {
    let readFd: number;
    let writeFd: number;
    beforeAll(() => {
      [readFd, writeFd] = fdPair(findSyscall(run, 'pipe2'), 0);
    });

    test('pipe2 writes 8 bytes: the two new fds', () => {
      const pipe2 = findSyscall(run, 'pipe2');
      expect(ret(pipe2)).toBe(0);
      expect(readFd).toBeGreaterThan(2);
      expect(writeFd).toBeGreaterThan(2);
      expect(line(pipe2)).toBe(`pipe2([${readFd}, ${writeFd}], O_CLOEXEC) = 0`);
    });

    test('the write into the pipe carries its payload and read gets it back', () => {
      const write = findSyscall(run, 'write', (r) => arg(r, 0) === writeFd);
      expect(text(onlyRegion(write, 'in', 1).bytes)).toBe('ping!');
      const read = findSyscall(run, 'read', (r) => arg(r, 0) === readFd);
      expect(text(onlyRegion(read, 'out', 1).bytes)).toBe('ping!');
      expect(line(read)).toBe(`read(${readFd}, "ping!", 8) = 5`);
    });

    test('ioctl FIONREAD writes a 4-byte count', () => {
      const ioctl = findSyscall(run, 'ioctl', (r) => arg(r, 0) === readFd);
      const out = onlyRegion(ioctl, 'out', 2);
      expect(out.bytes.length).toBe(4);
      expect(buf(out.bytes).readInt32LE(0)).toBe(5);
      expect(line(ioctl)).toBe(`ioctl(${readFd}, FIONREAD, [5]) = 0`);
    });

    test('poll and ppoll record the revents the kernel set', () => {
      for (const name of ['poll', 'ppoll']) {
        const rec = findSyscall(run, name);
        expect(ret(rec)).toBe(1);
        const out = buf(regions(rec, 'out', 0)[0].bytes);
        expect(out.length).toBe(8); // one struct pollfd
        expect(out.readInt32LE(0)).toBe(readFd);
        expect(out.readInt16LE(6)).toBe(POLLIN);
        expect(line(rec)).toContain(`= 1 ([{fd=${readFd}, revents=POLLIN}])`);
      }
      expect(line(findSyscall(run, 'poll'))).toBe(
        `poll([{fd=${readFd}, events=POLLIN}], 1, 1000) = 1 ([{fd=${readFd}, revents=POLLIN}])`,
      );
    });

    test('epoll_wait writes 12 bytes per ready event', () => {
      const wait = findSyscall(run, 'epoll_wait');
      expect(ret(wait)).toBe(1);
      const out = buf(onlyRegion(wait, 'out', 1).bytes);
      expect(out.length).toBe(12 * ret(wait));
      expect(out.readUInt32LE(0)).toBe(EPOLLIN);
      expect(out.readBigUInt64LE(4)).toBe(42n);
      expect(line(wait)).toMatch(
        /^epoll_wait\(\d+, \[\{events=EPOLLIN, data=\{u32=42, u64=42\}\}\], 4, 1000\) = 1$/,
      );
      const ctl = findSyscall(run, 'epoll_ctl');
      expect(onlyRegion(ctl, 'in', 3).bytes.length).toBe(12);
      expect(line(ctl)).toMatch(
        new RegExp(
          `^epoll_ctl\\(\\d+, EPOLL_CTL_ADD, ${readFd}, \\{events=EPOLLIN, data=\\{u32=42, u64=42\\}\\}\\) = 0$`,
        ),
      );
    });
  });

  describe('sockets', () => {
    let sv: [number, number];
    beforeAll(() => {
      sv = fdPair(findSyscall(run, 'socketpair'), 3);
    });

    test('socketpair writes the two fds', () => {
      expect(line(findSyscall(run, 'socketpair'))).toBe(
        `socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [${sv[0]}, ${sv[1]}]) = 0`,
      );
    });

    test('sendmsg: in regions carry both payloads and the SCM_RIGHTS control data', () => {
      const send = findSyscall(run, 'sendmsg', (r) => arg(r, 0) === sv[0]);
      expect(ret(send)).toBe(10);
      const ins = regions(send, 'in', 1).map((m) => buf(m.bytes));
      const texts = ins.map((b) => b.toString('latin1'));
      expect(texts).toEqual(expect.arrayContaining(['ping:', 'pong!']));
      // struct cmsghdr: len u64, level i32, type i32, then the fd
      const control = ins.find((b) => b.length === 24 && b.readInt32LE(12) === 1);
      expect(control?.readInt32LE(16)).toBe(dataFd);
    });

    test('sendmsg: the line shows the message', () => {
      const send = findSyscall(run, 'sendmsg', (r) => arg(r, 0) === sv[0]);
      expect(line(send)).toBe(
        `sendmsg(${sv[0]}, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="ping:", iov_len=5}, {iov_base="pong!", iov_len=5}], msg_iovlen=2, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[${dataFd}]}], msg_controllen=24, msg_flags=0}, 0) = 10`,
      );
    });

    test('recvmsg: out regions hold the received data and the passed fd', () => {
      const recv = findSyscall(run, 'recvmsg', (r) => arg(r, 0) === sv[1]);
      expect(ret(recv)).toBe(10);
      const outs = regions(recv, 'out', 1).map((m) => buf(m.bytes).toString('latin1'));
      expect(outs).toEqual(expect.arrayContaining(['ping:', 'pong!']));
      expect(line(recv)).toMatch(
        /msg_control=\[\{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=\[\d+\]\}\]/,
      );
    });

    test('recvmsg: the line shows the received iovecs', () => {
      const recv = findSyscall(run, 'recvmsg', (r) => arg(r, 0) === sv[1]);
      expect(line(recv)).toContain(
        'msg_iov=[{iov_base="ping:", iov_len=5}, {iov_base="pong!", iov_len=5}], msg_iovlen=2',
      );
    });

    test('sendto and recvfrom on a datagram pair carry the payload', () => {
      const send = findSyscall(run, 'sendto');
      expect(line(send)).toMatch(/^sendto\(\d+, "dgram", 5, 0, NULL, 0\) = 5$/);
      const recv = findSyscall(run, 'recvfrom');
      expect(ret(recv)).toBe(5);
      expect(text(regions(recv, 'out', 1)[0].bytes)).toBe('dgram');
      expect(line(recv)).toMatch(/^recvfrom\(\d+, "dgram", 16, 0, /);
    });
  });

  test('getrandom writes 16 bytes', () => {
    const rnd = findSyscall(run, 'getrandom', (r) => arg(r, 1) === 16);
    expect(ret(rnd)).toBe(16);
    expect(onlyRegion(rnd, 'out', 0).bytes.length).toBe(16);
    expect(line(rnd)).toMatch(/^getrandom\(".*", 16, 0\) = 16$/);
  });

  describe('time calls the vDSO would answer are real, recorded syscalls', () => {
    test('the program was started without a vDSO (no AT_SYSINFO_EHDR in its auxv)', () => {
      const exec = recordsOfType(run, 'exec')[0];
      expect(exec.auxv.length).toBeGreaterThan(10);
      expect(exec.auxv.map(([type]) => type)).not.toContain(AT_SYSINFO_EHDR);
    });

    test('clock_gettime: a 16-byte timespec for both clocks', () => {
      const mono = findSyscall(run, 'clock_gettime', (r) => arg(r, 0) === CLOCK_MONOTONIC);
      const real = findSyscall(run, 'clock_gettime', (r) => arg(r, 0) === CLOCK_REALTIME);
      for (const rec of [mono, real]) {
        expect(ret(rec)).toBe(0);
        expect(onlyRegion(rec, 'out', 1).bytes.length).toBe(16);
      }
      const sec = Number(buf(onlyRegion(real, 'out', 1).bytes).readBigInt64LE(0));
      expect(sec).toBeGreaterThanOrEqual(startSec);
      expect(sec).toBeLessThanOrEqual(endSec);
      expect(line(real)).toMatch(
        /^clock_gettime\(CLOCK_REALTIME, \{tv_sec=\d+, tv_nsec=\d+\}\) = 0$/,
      );
      expect(line(mono)).toMatch(
        /^clock_gettime\(CLOCK_MONOTONIC, \{tv_sec=\d+, tv_nsec=\d+\}\) = 0$/,
      );
    });

    test('gettimeofday: a 16-byte timeval with the current time', () => {
      const rec = findSyscall(run, 'gettimeofday');
      const out = buf(onlyRegion(rec, 'out', 0).bytes);
      expect(out.length).toBe(16);
      const sec = Number(out.readBigInt64LE(0));
      expect(sec).toBeGreaterThanOrEqual(startSec);
      expect(sec).toBeLessThanOrEqual(endSec);
      expect(line(rec)).toBe(
        `gettimeofday({tv_sec=${sec}, tv_usec=${out.readBigInt64LE(8)}}, NULL) = 0`,
      );
    });

    test('time: the result is the current time', () => {
      const rec = findSyscall(run, 'time');
      expect(ret(rec)).toBeGreaterThanOrEqual(startSec);
      expect(ret(rec)).toBeLessThanOrEqual(endSec);
      expect(line(rec)).toBe(`time(NULL) = ${ret(rec)}`);
    });
  });

  test('uname writes 390 bytes and sysinfo 112', () => {
    const uname = findSyscall(run, 'uname');
    const u = buf(onlyRegion(uname, 'out', 0).bytes);
    expect(u.length).toBe(390);
    expect(u.subarray(0, 6).toString('latin1')).toBe('Linux\0');
    expect(line(uname)).toMatch(/^uname\(\{sysname="Linux", nodename=".*", \.\.\.\}\) = 0$/);
    const sysinfo = findSyscall(run, 'sysinfo');
    expect(onlyRegion(sysinfo, 'out', 0).bytes.length).toBe(112);
    expect(line(sysinfo)).toMatch(/^sysinfo\(\{uptime=\d+, .*mem_unit=\d+\}\) = 0$/);
  });

  test('getcwd writes the directory and its NUL, as many bytes as the result', () => {
    const rec = findSyscall(run, 'getcwd');
    const out = onlyRegion(rec, 'out', 0);
    expect(ret(rec)).toBe(dir.length + 1);
    expect(out.bytes.length).toBe(ret(rec));
    expect(text(out.bytes)).toBe(`${dir}\0`);
    expect(line(rec)).toBe(`getcwd("${dir}", 4096) = ${dir.length + 1}`);
  });

  test('readlink: the path read in, the target written out', () => {
    const rec = findSyscall(run, 'readlink');
    expect(cstr(onlyRegion(rec, 'in', 0).bytes)).toBe('/proc/self/exe');
    const target = fixture('memfx');
    expect(ret(rec)).toBe(target.length);
    expect(text(onlyRegion(rec, 'out', 1).bytes)).toBe(target);
  });

  test('ioctl TIOCGWINSZ on a regular file fails with ENOTTY and writes nothing', () => {
    const rec = onData('ioctl');
    expect(ret(rec)).toBe(-ENOTTY);
    expect(regions(rec, 'out')).toEqual([]);
    expect(line(rec)).toMatch(
      new RegExp(
        `^ioctl\\(${dataFd}, TIOCGWINSZ, 0x[0-9a-f]+\\) = -1 ENOTTY \\(Inappropriate ioctl for device\\)$`,
      ),
    );
  });

  test('wait4 records the child status (exit 3) and its rusage', () => {
    const spawn = recordsOfType(run, 'spawn').find((s) => s.kind === 'process');
    expect(spawn).toBeDefined();
    const child = spawn!.childPid;
    const rec = findSyscall(run, 'wait4', (r) => arg(r, 0) === child);
    expect(ret(rec)).toBe(child);
    const status = buf(onlyRegion(rec, 'out', 1).bytes).readInt32LE(0);
    expect(status & 0x7f).toBe(0);
    expect((status >> 8) & 0xff).toBe(3);
    expect(onlyRegion(rec, 'out', 3).bytes.length).toBe(144);
    expect(line(rec)).toMatch(
      new RegExp(
        `^wait4\\(${child}, \\[\\{WIFEXITED\\(s\\) && WEXITSTATUS\\(s\\) == 3\\}\\], 0, \\{ru_utime=`,
      ),
    );
    const exit = recordsOfType(run, 'exit').find((e) => e.pid === child);
    expect(exit).toMatchObject({ processExit: true, code: 3, signal: null });
    expect(syscalls(run, 'exit_group', (r) => r.pid === child).map(line)).toEqual([
      'exit_group(3) = ?',
    ]);
  });
});
