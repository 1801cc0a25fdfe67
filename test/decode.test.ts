/**
 * strace-like decoding of trace records. Expected lines follow strace 6.1's
 * output for the same calls; struct bytes are laid out as the x86-64 kernel
 * writes them.
 */
import {
  decodeSyscall,
  escapeBytes,
  formatDev,
  formatEnum,
  formatFileMode,
  formatFlags,
  formatOctal,
  formatRecord,
  formatSyscall,
  formatWaitStatus,
  hasStruct,
  hex,
  i32,
  quoteBytes,
  quoteCString,
  toJSON,
  type JsonSyscall,
} from '../formats/decode';
import { SYSCALLS, syscallByName } from '../formats/syscalls';
import { STRUCTS } from '../formats/syscalls/structs';
import {
  SyscallFlags,
  type MemRegion,
  type SyscallRecord,
  type TraceRecord,
  type Word,
} from '../formats/trace/records';

// --- record builders -----------------------------------------------------------

function nrOf(name: string): number {
  const def = syscallByName(name);
  if (!def) throw new Error(`no syscall ${name} in the table`);
  return def.nr;
}

function call(
  name: string,
  args: Word[],
  ret: Word,
  mem: MemRegion[] = [],
  flags = 0,
): SyscallRecord {
  return { t: 'sys', seq: 7, pid: 1234, tid: 1234, nr: nrOf(name), args, ret, mem, flags };
}

const bytesOf = (b: Uint8Array | string): Uint8Array =>
  typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
const inp = (arg: number, addr: Word, b: Uint8Array | string): MemRegion => ({
  dir: 'in',
  arg,
  addr,
  bytes: bytesOf(b),
});
const out = (arg: number, addr: Word, b: Uint8Array | string): MemRegion => ({
  dir: 'out',
  arg,
  addr,
  bytes: bytesOf(b),
});
const cstr = (s: string): Buffer => Buffer.from(`${s}\0`, 'latin1');

const AT_FDCWD = 0xffffff9c; // -100 as the low 32 bits of the register
const P1 = 0x7ffd1000;
const P2 = 0x7ffd2000;
const P3 = 0x7ffd3000;
const P4 = 0x7ffd4000;

const line = (rec: SyscallRecord, opts = {}): string => formatSyscall(rec, opts);

// --- values --------------------------------------------------------------------

describe('values', () => {
  test('integers are read as the C type of the argument', () => {
    expect(i32(0xffffff9c)).toBe(-100);
    expect(i32(0xffffffffffffff9cn)).toBe(-100);
    expect(i32(0x1_0000_0005)).toBe(5);
    expect(hex(0)).toBe('0');
    expect(hex(0xffffffffffffffffn)).toBe('0xffffffffffffffff');
    expect(hex(-1)).toBe('0xffffffffffffffff');
  });

  test('modes print as strace does', () => {
    expect(formatOctal(0o644)).toBe('0644');
    expect(formatOctal(0o22)).toBe('022');
    expect(formatOctal(0)).toBe('000');
    expect(formatOctal(0o4755)).toBe('04755');
    expect(formatFileMode(0o100644)).toBe('S_IFREG|0644');
    expect(formatFileMode(0o41777)).toBe('S_IFDIR|S_ISVTX|0777');
    expect(formatFileMode(0o20666)).toBe('S_IFCHR|0666');
    expect(formatDev(0x103)).toBe('makedev(0x1, 0x3)');
    expect(formatDev(0xfe00)).toBe('makedev(0xfe, 0)');
  });

  test('flags: field first, then bits in table order, unknown bits in hex', () => {
    expect(formatFlags(0o2000000, 'open_flags')).toBe('O_RDONLY|O_CLOEXEC');
    expect(formatFlags(0o2001102, 'open_flags')).toBe('O_RDWR|O_CREAT|O_TRUNC|O_CLOEXEC');
    expect(formatFlags(0x80000001, 'open_flags')).toBe('O_WRONLY|0x80000000');
    expect(formatFlags(0, 'wait_options')).toBe('0');
    expect(formatFlags(0x1, 'wait_options')).toBe('WNOHANG');
    expect(formatFlags(0x1000, 'wait_options')).toBe('0x1000');
    expect(formatFlags(0x10, 'mmap_prot')).toBe('0x10 /* PROT_??? */');
    expect(formatFlags(0, 'mmap_prot')).toBe('PROT_NONE');
    expect(formatFlags(0x80801, 'socket_type')).toBe('SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC');
    // int-sized sets decode the low 32 bits only
    expect(formatFlags(0xffffffff00000002n, 'open_flags')).toBe('O_RDWR');
  });

  test('enums: the name, or hex with strace-style ??? comment', () => {
    expect(formatEnum(2, 'lseek_whence')).toBe('SEEK_END');
    expect(formatEnum(9, 'lseek_whence')).toBe('0x9 /* SEEK_??? */');
    expect(formatEnum(1, 'epoll_ctl_op')).toBe('EPOLL_CTL_ADD');
  });

  test('C escaping like strace, octal digits widened only before a digit', () => {
    const b = Buffer.from('hello\n\0\x01\x7f\xff"\\\t\r\v\f18', 'latin1');
    expect(quoteBytes(b, 100)).toBe('"hello\\n\\0\\1\\177\\377\\"\\\\\\t\\r\\v\\f18"');
    expect(escapeBytes(Buffer.from([0, 0x31, 0x1b, 0x38]))).toBe('\\0001\\338');
    expect(quoteBytes(Buffer.from('abcdef'), 4)).toBe('"abcd"...');
    expect(quoteBytes(Buffer.from('abcd'), 4)).toBe('"abcd"');
    expect(quoteCString(cstr('/etc/passwd'))).toBe('"/etc/passwd"');
    expect(quoteCString(Buffer.from('abcdef\0gh'), 3)).toBe('"abc"...');
  });

  test('wait statuses', () => {
    expect(formatWaitStatus(0)).toBe('[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]');
    expect(formatWaitStatus(3 << 8)).toBe('[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]');
    expect(formatWaitStatus(9)).toBe('[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]');
    expect(formatWaitStatus(0x80 | 11)).toBe(
      '[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]',
    );
    expect(formatWaitStatus((19 << 8) | 0x7f)).toBe('[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]');
    expect(formatWaitStatus((4 << 16) | (5 << 8) | 0x7f)).toBe(
      '[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP}|PTRACE_EVENT_EXEC << 16]',
    );
    expect(formatWaitStatus(0xffff)).toBe('[{WIFCONTINUED(s)}]');
  });
});

// --- files ------------------------------------------------------------------------

function statBuf(mode: number, size: number, rdev = 0): Buffer {
  const b = Buffer.alloc(144);
  b.writeBigUInt64LE(0xfe00n, 0); // st_dev
  b.writeBigUInt64LE(260072n, 8); // st_ino
  b.writeBigUInt64LE(1n, 16); // st_nlink
  b.writeUInt32LE(mode, 24);
  b.writeBigUInt64LE(BigInt(rdev), 40);
  b.writeBigInt64LE(BigInt(size), 48);
  b.writeBigInt64LE(4096n, 56);
  return b;
}

describe('file calls', () => {
  test('openat with AT_FDCWD, a path and flags; the mode only with O_CREAT', () => {
    expect(
      line(call('openat', [AT_FDCWD, P1, 0o2000000, 0], 3, [inp(1, P1, cstr('/etc/ld.so.cache'))])),
    ).toBe('openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3');
    // the register may hold the sign-extended 64-bit value
    expect(
      line(
        call('openat', [0xffffffffffffff9cn, P1, 0o1101, 0o644], 4, [inp(1, P1, cstr('out.txt'))]),
      ),
    ).toBe('openat(AT_FDCWD, "out.txt", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4');
  });

  test('errors print as strace does, whatever the width of the register', () => {
    const mem = [inp(1, P1, cstr('/usr/lib/locale/locale-archive'))];
    const expected =
      'openat(AT_FDCWD, "/usr/lib/locale/locale-archive", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)';
    expect(line(call('openat', [AT_FDCWD, P1, 0o2000000, 0], -2, mem))).toBe(expected);
    expect(line(call('openat', [AT_FDCWD, P1, 0o2000000, 0], 0xfffffffffffffffen, mem))).toBe(
      expected,
    );
    const d = decodeSyscall(call('openat', [AT_FDCWD, P1, 0o2000000, 0], -2, mem));
    expect(d.errno).toBe('ENOENT');
    expect(d.result).toBe('-1 ENOENT (No such file or directory)');
  });

  test('read shows the bytes read, cut at 32 like strace -s 32', () => {
    const elf = Buffer.alloc(832);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    elf.set([3, 0, 0x3e, 0, 1, 0, 0, 0], 16);
    const rec = call('read', [3, P1, 832], 832, [out(1, P1, elf)]);
    expect(line(rec)).toBe(
      'read(3, "\\177ELF\\2\\1\\1\\0\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"..., 832) = 832',
    );
    expect(line(rec, { showWritten: true })).toMatch(/ = 832 \/\* wrote 832 bytes \*\/$/);
    expect(line(rec, { strSize: 4 })).toBe('read(3, "\\177ELF"..., 832) = 832');
  });

  test('read: end of file shows "", failures show the pointer', () => {
    expect(line(call('read', [3, P1, 4096], 0))).toBe('read(3, "", 4096) = 0');
    expect(line(call('read', [3, P1, 4096], -11))).toBe(
      'read(3, 0x7ffd1000, 4096) = -1 EAGAIN (Resource temporarily unavailable)',
    );
  });

  test('write shows what was written', () => {
    expect(line(call('write', [1, P1, 6], 6, [inp(1, P1, 'hello\n')]))).toBe(
      'write(1, "hello\\n", 6) = 6',
    );
  });

  test('newfstatat with the abbreviated stat, and a device file', () => {
    expect(
      line(
        call('newfstatat', [3, P1, P2, 0x1000], 0, [
          inp(1, P1, cstr('')),
          out(2, P2, statBuf(0o100644, 20473)),
        ]),
      ),
    ).toBe('newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=20473, ...}, AT_EMPTY_PATH) = 0');
    expect(
      line(
        call('newfstatat', [AT_FDCWD, P1, P2, 0], 0, [
          inp(1, P1, cstr('/dev/null')),
          out(2, P2, statBuf(0o20666, 0, 0x103)),
        ]),
      ),
    ).toBe(
      'newfstatat(AT_FDCWD, "/dev/null", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, 0) = 0',
    );
    // on failure the kernel wrote nothing: the pointer
    expect(line(call('newfstatat', [AT_FDCWD, P1, P2, 0], -2, [inp(1, P1, cstr('/nope'))]))).toBe(
      'newfstatat(AT_FDCWD, "/nope", 0x7ffd2000, 0) = -1 ENOENT (No such file or directory)',
    );
  });

  test('statx, abbreviated like strace', () => {
    const b = Buffer.alloc(256);
    b.writeUInt32LE(0x17ff, 0);
    b.writeUInt16LE(0o100644, 28);
    b.writeBigUInt64LE(1221n, 40);
    expect(
      line(
        call('statx', [AT_FDCWD, P1, 0x900, 0xfff, P2], 0, [
          inp(1, P1, cstr('/etc/passwd')),
          out(4, P2, b),
        ]),
      ),
    ).toBe(
      'statx(AT_FDCWD, "/etc/passwd", AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, STATX_BASIC_STATS|STATX_BTIME, {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=1221, ...}) = 0',
    );
  });

  test('statfs in full', () => {
    const b = Buffer.alloc(120);
    b.writeBigInt64LE(0xef53n, 0);
    b.writeBigInt64LE(4096n, 8);
    b.writeBigUInt64LE(66053021n, 16);
    b.writeBigUInt64LE(60337782n, 24);
    b.writeBigUInt64LE(20882489n, 32);
    b.writeBigUInt64LE(16777216n, 40);
    b.writeBigUInt64LE(16359286n, 48);
    b.writeUInt32LE(0xe9f180fa, 56);
    b.writeUInt32LE(0xbddf634a, 60);
    b.writeBigInt64LE(255n, 64);
    b.writeBigInt64LE(4096n, 72);
    b.writeBigInt64LE(0x1020n, 80);
    expect(line(call('statfs', [P1, P2], 0, [inp(0, P1, cstr('/')), out(1, P2, b)]))).toBe(
      'statfs("/", {f_type=EXT2_SUPER_MAGIC, f_bsize=4096, f_blocks=66053021, f_bfree=60337782, f_bavail=20882489, f_files=16777216, f_ffree=16359286, f_fsid={val=[0xe9f180fa, 0xbddf634a]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0',
    );
  });

  function dirent(ino: number, off: bigint, type: number, name: string): Buffer {
    const reclen = (19 + name.length + 1 + 7) & ~7;
    const b = Buffer.alloc(reclen);
    b.writeBigUInt64LE(BigInt(ino), 0);
    b.writeBigInt64LE(off, 8);
    b.writeUInt16LE(reclen, 16);
    b.writeUInt8(type, 18);
    b.write(name, 19, 'latin1');
    return b;
  }

  test('getdents64 lists the entries, capped at strSize', () => {
    const recs = Buffer.concat([
      dirent(2146811, 4946240492222430245n, 4, '.'),
      dirent(2146815, 5325151583913198582n, 1, 'f'),
      dirent(2146814, 6357504699377170974n, 10, 'l'),
      dirent(2146812, 9223372036854775807n, 8, 'a'),
    ]);
    const rec = call('getdents64', [3, P1, 32768], recs.length, [out(1, P1, recs)]);
    expect(line(rec)).toBe(
      'getdents64(3, [{d_ino=2146811, d_off=4946240492222430245, d_reclen=24, d_type=DT_DIR, d_name="."}, {d_ino=2146815, d_off=5325151583913198582, d_reclen=24, d_type=DT_FIFO, d_name="f"}, {d_ino=2146814, d_off=6357504699377170974, d_reclen=24, d_type=DT_LNK, d_name="l"}, {d_ino=2146812, d_off=9223372036854775807, d_reclen=24, d_type=DT_REG, d_name="a"}], 32768) = 96',
    );
    expect(line(rec, { strSize: 1 })).toBe(
      'getdents64(3, [{d_ino=2146811, d_off=4946240492222430245, d_reclen=24, d_type=DT_DIR, d_name="."}, ...], 32768) = 96',
    );
    expect(line(call('getdents64', [3, P1, 32768], 0))).toBe('getdents64(3, [], 32768) = 0');
  });

  test('lseek with a 64-bit offset held as a bigint', () => {
    expect(line(call('lseek', [3, 0xffffffffffffffffn, 2], 1000))).toBe(
      'lseek(3, -1, SEEK_END) = 1000',
    );
    expect(line(call('lseek', [3, 2n ** 40n, 0], 2 ** 40))).toBe(
      'lseek(3, 1099511627776, SEEK_SET) = 1099511627776',
    );
  });

  test('pipe2 fds, fcntl commands and their results', () => {
    expect(
      line(call('pipe2', [P1, 0o2000000], 0, [out(0, P1, Buffer.from([3, 0, 0, 0, 4, 0, 0, 0]))])),
    ).toBe('pipe2([3, 4], O_CLOEXEC) = 0');
    expect(line(call('fcntl', [4, 3, 0], 0x8002))).toBe(
      'fcntl(4, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)',
    );
    expect(line(call('fcntl', [4, 3, 0], 0))).toBe('fcntl(4, F_GETFL) = 0 (flags O_RDONLY)');
    expect(line(call('fcntl', [4, 1, 0], 1))).toBe('fcntl(4, F_GETFD) = 0x1 (flags FD_CLOEXEC)');
    expect(line(call('fcntl', [0, 1, 0], 0))).toBe('fcntl(0, F_GETFD) = 0');
    expect(line(call('fcntl', [4, 2, 1], 0))).toBe('fcntl(4, F_SETFD, FD_CLOEXEC) = 0');
    expect(line(call('fcntl', [4, 4, 0o4000], 0))).toBe(
      'fcntl(4, F_SETFL, O_RDONLY|O_NONBLOCK) = 0',
    );
    expect(line(call('fcntl', [4, 1030, 0], 5))).toBe('fcntl(4, F_DUPFD_CLOEXEC, 0) = 5');
    const lock = Buffer.alloc(32);
    lock.writeInt16LE(1, 0); // F_WRLCK
    expect(line(call('fcntl', [3, 7, P1], 0, [inp(2, P1, lock)]))).toBe(
      'fcntl(3, F_SETLKW, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=0}) = 0',
    );
  });

  test('ioctl: terminal requests by struct, failures by pointer', () => {
    expect(line(call('ioctl', [1, 0x5401, P1], -25))).toBe(
      'ioctl(1, TCGETS, 0x7ffd1000) = -1 ENOTTY (Inappropriate ioctl for device)',
    );
    const ws = Buffer.alloc(8);
    ws.writeUInt16LE(24, 0);
    ws.writeUInt16LE(80, 2);
    expect(line(call('ioctl', [4, 0x5413, P1], 0, [out(2, P1, ws)]))).toBe(
      'ioctl(4, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0',
    );
    expect(line(call('ioctl', [4, 0x541b, P1], 0, [out(2, P1, Buffer.alloc(4))]))).toBe(
      'ioctl(4, FIONREAD, [0]) = 0',
    );
    expect(line(call('ioctl', [3, 0x5451, 0], 0))).toBe('ioctl(3, FIOCLEX) = 0');
    const tio = Buffer.alloc(36);
    [0x500, 0x5, 0xbf, 0x8a3b].forEach((v, i) => tio.writeUInt32LE(v, i * 4));
    expect(line(call('ioctl', [4, 0x5401, P1], 0, [out(2, P1, tio)]))).toBe(
      'ioctl(4, TCGETS, {c_iflag=0x500, c_oflag=0x5, c_cflag=0xbf, c_lflag=0x8a3b, ...}) = 0',
    );
  });

  test('umask and mknodat as strace shows them', () => {
    expect(line(call('umask', [0o22], 0o22))).toBe('umask(022) = 022');
    expect(
      line(call('mknodat', [AT_FDCWD, P1, 0o10600, 0], 0, [inp(1, P1, cstr('/tmp/fifo'))])),
    ).toBe('mknodat(AT_FDCWD, "/tmp/fifo", S_IFIFO|0600) = 0');
    expect(
      line(call('mknodat', [AT_FDCWD, P1, 0o20666, 0x103], 0, [inp(1, P1, cstr('/tmp/null'))])),
    ).toBe('mknodat(AT_FDCWD, "/tmp/null", S_IFCHR|0666, makedev(0x1, 0x3)) = 0');
  });

  test('utimensat times with UTIME_NOW / UTIME_OMIT', () => {
    const t = Buffer.alloc(32);
    t.writeBigInt64LE(0x3fffffffn, 8);
    t.writeBigInt64LE(0x3ffffffen, 24);
    expect(
      line(call('utimensat', [AT_FDCWD, P1, P2, 0], 0, [inp(1, P1, cstr('f')), inp(2, P2, t)])),
    ).toBe(
      'utimensat(AT_FDCWD, "f", [{tv_sec=0, tv_nsec=UTIME_NOW}, {tv_sec=0, tv_nsec=UTIME_OMIT}], 0) = 0',
    );
  });
});

// --- iovecs, sockets, messages -------------------------------------------------------

function iovecs(...pairs: [number, number][]): Buffer {
  const b = Buffer.alloc(16 * pairs.length);
  pairs.forEach(([base, len], i) => {
    b.writeBigUInt64LE(BigInt(base), i * 16);
    b.writeBigUInt64LE(BigInt(len), i * 16 + 8);
  });
  return b;
}

function sockaddrIn(port: number, ip: number[]): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(2, 0);
  b.writeUInt16BE(port, 2);
  b.set(ip, 4);
  return b;
}

function sockaddrIn6(port: number, addr: number[], scope = 0): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt16LE(10, 0);
  b.writeUInt16BE(port, 2);
  addr.forEach((w, i) => b.writeUInt16BE(w, 8 + i * 2));
  b.writeUInt32LE(scope, 24);
  return b;
}

function sockaddrUn(path: string | Buffer): Buffer {
  const p = typeof path === 'string' ? Buffer.from(path) : path;
  const b = Buffer.alloc(2 + p.length);
  b.writeUInt16LE(1, 0);
  p.copy(b, 2);
  return b;
}

describe('io vectors and sockets', () => {
  test('writev shows every buffer; readv only what the result covers', () => {
    expect(
      line(
        call('writev', [1, P1, 2], 10, [
          inp(1, P1, iovecs([P2, 5], [P3, 5])),
          inp(1, P2, 'hello'),
          inp(1, P3, 'world'),
        ]),
      ),
    ).toBe('writev(1, [{iov_base="hello", iov_len=5}, {iov_base="world", iov_len=5}], 2) = 10');
    expect(
      line(
        call('readv', [3, P1, 2], 7, [
          inp(1, P1, iovecs([P2, 5], [P3, 10])),
          out(1, P2, 'abcde'),
          out(1, P3, 'fg'),
        ]),
      ),
    ).toBe('readv(3, [{iov_base="abcde", iov_len=5}, {iov_base="fg", iov_len=10}], 2) = 7');
    expect(line(call('readv', [3, P1, 1], -9, [inp(1, P1, iovecs([P2, 5]))]))).toBe(
      'readv(3, [{iov_base=0x7ffd2000, iov_len=5}], 1) = -1 EBADF (Bad file descriptor)',
    );
  });

  test('socket and connect with sockaddr_in', () => {
    expect(line(call('socket', [2, 1, 6], 3))).toBe('socket(AF_INET, SOCK_STREAM, 6) = 3');
    expect(
      line(call('connect', [3, P1, 16], -111, [inp(1, P1, sockaddrIn(1, [127, 0, 0, 1]))])),
    ).toBe(
      'connect(3, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)',
    );
  });

  test('sockaddr_in6 with inet_ntop compression', () => {
    const loop = sockaddrIn6(9, [0, 0, 0, 0, 0, 0, 0, 1]);
    expect(
      line(call('sendto', [6, P1, 1, 0, P2, 28], 1, [inp(1, P1, 'x'), inp(4, P2, loop)])),
    ).toBe(
      'sendto(6, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 1',
    );
    const cases: [number[], string][] = [
      [[0xfe80, 0, 0, 0, 0, 0, 1, 2], 'fe80::1:2'],
      [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
      [[0, 0, 0, 0, 0, 0xffff, 0x7f00, 1], '::ffff:127.0.0.1'],
      [[0x2001, 0xdb8, 0, 1, 0, 0, 0, 1], '2001:db8:0:1::1'],
      [[0x2001, 0xdb8, 1, 2, 3, 4, 5, 6], '2001:db8:1:2:3:4:5:6'],
    ];
    for (const [words, text] of cases) {
      const rec = call('connect', [3, P1, 28], 0, [inp(1, P1, sockaddrIn6(80, words))]);
      expect(line(rec)).toContain(`inet_pton(AF_INET6, "${text}", &sin6_addr)`);
    }
  });

  test('sockaddr_un paths, abstract names and netlink', () => {
    expect(
      line(call('connect', [7, P1, 21], -2, [inp(1, P1, sockaddrUn('/tmp/nonexist.sock\0'))])),
    ).toBe(
      'connect(7, {sa_family=AF_UNIX, sun_path="/tmp/nonexist.sock"}, 21) = -1 ENOENT (No such file or directory)',
    );
    expect(
      line(call('connect', [7, P1, 11], 0, [inp(1, P1, sockaddrUn(Buffer.from('\0abstract')))])),
    ).toBe('connect(7, {sa_family=AF_UNIX, sun_path=@"abstract"}, 11) = 0');
    const nl = Buffer.alloc(12);
    nl.writeUInt16LE(16, 0);
    nl.writeUInt32LE(5041, 4);
    expect(line(call('bind', [6, P1, 12], 0, [inp(1, P1, nl)]))).toBe(
      'bind(6, {sa_family=AF_NETLINK, nl_pid=5041, nl_groups=00000000}, 12) = 0',
    );
  });

  test('value-result address lengths: [in => out]', () => {
    const len = (n: number): Buffer => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(n, 0);
      return b;
    };
    expect(
      line(
        call('getsockname', [8, P1, P2], 0, [
          inp(2, P2, len(128)),
          out(2, P2, len(2)),
          out(1, P1, Buffer.from([1, 0])),
        ]),
      ),
    ).toBe('getsockname(8, {sa_family=AF_UNIX}, [128 => 2]) = 0');
    expect(
      line(
        call('accept4', [3, P1, P2, 0o2000000], 5, [
          inp(2, P2, len(16)),
          out(2, P2, len(16)),
          out(1, P1, sockaddrIn(40000, [10, 0, 0, 2])),
        ]),
      ),
    ).toBe(
      'accept4(3, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr("10.0.0.2")}, [16], SOCK_CLOEXEC) = 5',
    );
    expect(line(call('getpeername', [6, P1, P2], -107, [inp(2, P2, len(28))]))).toBe(
      'getpeername(6, 0x7ffd1000, [28]) = -1 ENOTCONN (Transport endpoint is not connected)',
    );
  });

  test('sendmsg with iovecs and SCM_RIGHTS; recvmsg up to the result', () => {
    const hdr = (iov: number, iovlen: number, control: number, controllen: number): Buffer => {
      const b = Buffer.alloc(56);
      b.writeBigUInt64LE(BigInt(iov), 16);
      b.writeBigUInt64LE(BigInt(iovlen), 24);
      b.writeBigUInt64LE(BigInt(control), 32);
      b.writeBigUInt64LE(BigInt(controllen), 40);
      return b;
    };
    const cmsg = Buffer.alloc(24);
    cmsg.writeBigUInt64LE(20n, 0);
    cmsg.writeInt32LE(1, 8); // SOL_SOCKET
    cmsg.writeInt32LE(1, 12); // SCM_RIGHTS
    cmsg.writeInt32LE(3, 16);
    expect(
      line(
        call('sendmsg', [8, P1, 0], 10, [
          inp(1, P1, hdr(P2, 2, P4, 24)),
          inp(1, P2, iovecs([P3, 5], [P3 + 5, 5])),
          inp(1, P3, 'helloworld'),
          inp(1, P4, cmsg),
        ]),
      ),
    ).toBe(
      'sendmsg(8, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hello", iov_len=5}, {iov_base="world", iov_len=5}], msg_iovlen=2, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}], msg_controllen=24, msg_flags=0}, 0) = 10',
    );
    expect(
      line(
        call('recvmsg', [9, P1, 0], 10, [
          out(1, P1, hdr(P2, 1, 0, 0)),
          out(1, P2, iovecs([P3, 100])),
          out(1, P3, 'helloworld'),
        ]),
      ),
    ).toBe(
      'recvmsg(9, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="helloworld", iov_len=100}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 10',
    );
    expect(line(call('recvmsg', [9, P1, 0x40], -11))).toBe(
      'recvmsg(9, 0x7ffd1000, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)',
    );
  });

  test('recvmmsg: each message with its received bytes', () => {
    const entry = (iov: number, len: number): Buffer => {
      const b = Buffer.alloc(64);
      b.writeBigUInt64LE(BigInt(iov), 16);
      b.writeBigUInt64LE(1n, 24);
      b.writeUInt32LE(len, 56);
      return b;
    };
    expect(
      line(
        call('recvmmsg', [3, P1, 2, 0, 0], 2, [
          out(1, P1, Buffer.concat([entry(P2, 3), entry(P2 + 16, 2)])),
          inp(1, P2, iovecs([P3, 64], [P4, 64])),
          out(1, P3, 'abc'),
          out(1, P4, 'de'),
        ]),
      ),
    ).toBe(
      'recvmmsg(3, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="abc", iov_len=64}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=3}, {msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="de", iov_len=64}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=2}], 2, 0, NULL) = 2',
    );
  });

  test('socket options: an int value is shown as [n]', () => {
    const one = Buffer.from([1, 0, 0, 0]);
    expect(line(call('setsockopt', [3, 1, 2, P1, 4], 0, [inp(3, P1, one)]))).toBe(
      'setsockopt(3, SOL_SOCKET, 2, [1], 4) = 0',
    );
    const four = Buffer.from([4, 0, 0, 0]);
    expect(
      line(
        call('getsockopt', [3, 1, 4, P1, P2], 0, [
          inp(4, P2, four),
          out(3, P1, Buffer.alloc(4)),
          out(3, P2, four),
        ]),
      ),
    ).toBe('getsockopt(3, SOL_SOCKET, 4, [0], [4]) = 0');
  });
});

// --- polling --------------------------------------------------------------------------

describe('polling', () => {
  test('poll shows the events passed in and the ones returned', () => {
    const before = Buffer.from([4, 0, 0, 0, 1, 0, 0, 0]);
    const after = Buffer.from([4, 0, 0, 0, 1, 0, 1, 0]);
    expect(line(call('poll', [P1, 1, 10], 1, [inp(0, P1, before), out(0, P1, after)]))).toBe(
      'poll([{fd=4, events=POLLIN}], 1, 10) = 1 ([{fd=4, revents=POLLIN}])',
    );
    expect(line(call('poll', [P1, 1, 10], 0, [inp(0, P1, before)]))).toBe(
      'poll([{fd=4, events=POLLIN}], 1, 10) = 0 (Timeout)',
    );
  });

  test('pselect6 shows the sets in, and the ready sets and time left after', () => {
    const set = Buffer.from([0x10, 0, 0, 0, 0, 0, 0, 0]);
    const ts = (s: number, ns: number): Buffer => {
      const b = Buffer.alloc(16);
      b.writeBigInt64LE(BigInt(s), 0);
      b.writeBigInt64LE(BigInt(ns), 8);
      return b;
    };
    expect(
      line(
        call('pselect6', [5, P1, 0, 0, P2, 0], 1, [
          inp(1, P1, set),
          inp(4, P2, ts(1, 0)),
          out(1, P1, set),
          out(4, P2, ts(0, 999997586)),
        ]),
      ),
    ).toBe(
      'pselect6(5, [4], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [4], left {tv_sec=0, tv_nsec=999997586})',
    );
  });

  test('epoll_ctl shows one event, epoll_wait the returned array', () => {
    const ev = (events: number, data: number): Buffer => {
      const b = Buffer.alloc(12);
      b.writeUInt32LE(events, 0);
      b.writeBigUInt64LE(BigInt(data), 4);
      return b;
    };
    expect(line(call('epoll_ctl', [3, 1, 4, P1], 0, [inp(3, P1, ev(0x80000001, 4))]))).toBe(
      'epoll_ctl(3, EPOLL_CTL_ADD, 4, {events=EPOLLIN|EPOLLET, data={u32=4, u64=4}}) = 0',
    );
    expect(line(call('epoll_wait', [3, P1, 1023, 10], 1, [out(1, P1, ev(1, 4))]))).toBe(
      'epoll_wait(3, [{events=EPOLLIN, data={u32=4, u64=4}}], 1023, 10) = 1',
    );
    expect(line(call('epoll_wait', [3, P1, 1023, 0], 0))).toBe('epoll_wait(3, [], 1023, 0) = 0');
  });
});

// --- processes, memory, signals ---------------------------------------------------

describe('processes and memory', () => {
  test('mmap: flags with a type field, fd -1, hex offset and address result', () => {
    expect(line(call('mmap', [0, 8192, 3, 0x22, 0xffffffffffffffffn, 0], 0x7f752b13e000))).toBe(
      'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f752b13e000',
    );
    expect(line(call('mmap', [0x7f0000000000, 4096, 5, 0x812, 3, 0x28000], 0x7f0000000000))).toBe(
      'mmap(0x7f0000000000, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x28000) = 0x7f0000000000',
    );
    expect(line(call('mmap', [0, 1 << 30, 3, 0x22, -1, 0], -12))).toBe(
      'mmap(NULL, 1073741824, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)',
    );
  });

  test('clone names its arguments and ends the flags with the exit signal', () => {
    expect(line(call('clone', [0x1200011, 0, 0, 0x7f752b0faa10, 0], 4853))).toBe(
      'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f752b0faa10) = 4853',
    );
  });

  test('clone3 shows clone_args', () => {
    const args = Buffer.alloc(88);
    args.writeBigUInt64LE(0x3d0f00n, 0);
    args.writeBigUInt64LE(0x7fe96ef22990n, 16);
    args.writeBigUInt64LE(0x7fe96ef22990n, 24);
    args.writeBigUInt64LE(0x7fe96e722000n, 40);
    args.writeBigUInt64LE(0x7fff80n, 48);
    args.writeBigUInt64LE(0x7fe96ef226c0n, 56);
    expect(line(call('clone3', [P1, 88], 5083, [inp(0, P1, args)]))).toBe(
      'clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7fe96ef22990, parent_tid=0x7fe96ef22990, exit_signal=0, stack=0x7fe96e722000, stack_size=0x7fff80, tls=0x7fe96ef226c0}, 88) = 5083',
    );
  });

  test('execve: argv strings, the environment counted', () => {
    // the recorder stores each string array as one region: every string and its NUL
    const rec = call('execve', [P1, P2, 0x7ffe71dae2d8], 0, [
      inp(0, P1, cstr('/usr/bin/ls')),
      inp(1, P2, Buffer.from('ls\0-la\0')),
      inp(2, 0x7ffe71dae2d8, Buffer.from('A=1\0B=2\0')),
    ]);
    expect(line(rec)).toBe('execve("/usr/bin/ls", ["ls", "-la"], 0x7ffe71dae2d8 /* 2 vars */) = 0');
    const failed = { ...rec, ret: -2 };
    expect(line(failed)).toMatch(/\) = -1 ENOENT \(No such file or directory\)$/);
  });

  test('exit_group never returns', () => {
    expect(line(call('exit_group', [0], 0, [], SyscallFlags.NO_RETURN))).toBe('exit_group(0) = ?');
    expect(line(call('exit_group', [1], 0))).toBe('exit_group(1) = ?');
  });

  test('wait4 status, and waitid siginfo', () => {
    const status = (s: number): Buffer => {
      const b = Buffer.alloc(4);
      b.writeInt32LE(s, 0);
      return b;
    };
    expect(line(call('wait4', [-1, P1, 0, 0], 4875, [out(1, P1, status(0))]))).toBe(
      'wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4875',
    );
    expect(line(call('wait4', [5199, P1, 0, 0], 5199, [out(1, P1, status(11))]))).toBe(
      'wait4(5199, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV}], 0, NULL) = 5199',
    );
    expect(line(call('wait4', [-1, P1, 1, 0], -10))).toBe(
      'wait4(-1, 0x7ffd1000, WNOHANG, NULL) = -1 ECHILD (No child processes)',
    );
    const info = Buffer.alloc(128);
    info.writeInt32LE(17, 0);
    info.writeInt32LE(1, 8);
    info.writeInt32LE(4875, 16);
    info.writeInt32LE(0, 24);
    expect(line(call('waitid', [0, 0, P1, 4, 0], 0, [out(2, P1, info)]))).toBe(
      'waitid(P_ALL, 0, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4875, si_uid=0, si_status=0, si_utime=0, si_stime=0}, WEXITED, NULL) = 0',
    );
  });

  test('prlimit64, uname, sysinfo, times, sched_getaffinity', () => {
    const rl = Buffer.alloc(16);
    rl.writeBigUInt64LE(8192n * 1024n, 0);
    rl.writeBigUInt64LE(0xffffffffffffffffn, 8);
    expect(line(call('prlimit64', [0, 3, 0, P1], 0, [out(3, P1, rl)]))).toBe(
      'prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0',
    );

    const uts = Buffer.alloc(390);
    uts.write('Linux', 0);
    uts.write('vm', 65);
    uts.write('6.18.0', 130);
    expect(line(call('uname', [P1], 0, [out(0, P1, uts)]))).toBe(
      'uname({sysname="Linux", nodename="vm", ...}) = 0',
    );

    const si = Buffer.alloc(112);
    const u64s = [
      7560n,
      47808n,
      15968n,
      5408n,
      25276502016n,
      24894689280n,
      9084928n,
      5283840n,
      0n,
      0n,
    ];
    u64s.forEach((v, i) => si.writeBigUInt64LE(v, i * 8));
    si.writeUInt16LE(88, 80);
    si.writeUInt32LE(1, 104);
    expect(line(call('sysinfo', [P1], 0, [out(0, P1, si)]))).toBe(
      'sysinfo({uptime=7560, loads=[47808, 15968, 5408], totalram=25276502016, freeram=24894689280, sharedram=9084928, bufferram=5283840, totalswap=0, freeswap=0, procs=88, totalhigh=0, freehigh=0, mem_unit=1}) = 0',
    );

    const tms = Buffer.alloc(32);
    [4n, 5n, 3n, 111n].forEach((v, i) => tms.writeBigUInt64LE(v, i * 8));
    expect(line(call('times', [P1], 1718714238, [out(0, P1, tms)]))).toBe(
      'times({tms_utime=4 /* 0.04 s */, tms_stime=5 /* 0.05 s */, tms_cutime=3 /* 0.03 s */, tms_cstime=111 /* 1.11 s */}) = 1718714238',
    );

    const tv = Buffer.alloc(16);
    tv.writeBigInt64LE(1795517904n, 0);
    tv.writeBigInt64LE(870915n, 8);
    expect(
      line(call('gettimeofday', [P1, P2], 0, [out(0, P1, tv), out(1, P2, Buffer.alloc(8))])),
    ).toBe(
      'gettimeofday({tv_sec=1795517904, tv_usec=870915}, {tz_minuteswest=0, tz_dsttime=0}) = 0',
    );

    const ru = Buffer.alloc(144);
    ru.writeBigInt64LE(26282n, 8);
    ru.writeBigInt64LE(29567n, 24);
    expect(line(call('getrusage', [0, P1], 0, [out(1, P1, ru)]))).toBe(
      'getrusage(RUSAGE_SELF, {ru_utime={tv_sec=0, tv_usec=26282}, ru_stime={tv_sec=0, tv_usec=29567}, ...}) = 0',
    );
    expect(line(call('getrusage', [-1, P1], 0, [out(1, P1, ru)]))).toMatch(
      /^getrusage\(RUSAGE_CHILDREN, /,
    );

    const mask = Buffer.from([3, 0, 0, 0, 0, 0, 0, 0]);
    expect(line(call('sched_getaffinity', [0, 8, P1], 8, [out(2, P1, mask)]))).toBe(
      'sched_getaffinity(0, 8, [0 1]) = 8',
    );
  });

  test('getcwd shows the path without its NUL', () => {
    expect(line(call('getcwd', [P1, 4096], 11, [out(0, P1, cstr('/work/main'))]))).toBe(
      'getcwd("/work/main", 4096) = 11',
    );
  });

  test('futex operations show the arguments the operation uses', () => {
    expect(line(call('futex', [0x7f37449cea4c, 129, 2147483647, 0, 0, 0], 0))).toBe(
      'futex(0x7f37449cea4c, FUTEX_WAKE_PRIVATE, 2147483647) = 0',
    );
    expect(line(call('futex', [0x7fe96fd4e6f8, 128, 2, 0, 0, 0], -11))).toBe(
      'futex(0x7fe96fd4e6f8, FUTEX_WAIT_PRIVATE, 2, NULL) = -1 EAGAIN (Resource temporarily unavailable)',
    );
    expect(line(call('futex', [0x55fb0d5c26e0, 393, 0, 0, 0, 0xffffffff], 0))).toBe(
      'futex(0x55fb0d5c26e0, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY) = 0',
    );
  });

  test('futex words are compared in replay but shown as addresses', () => {
    expect(
      line(call('futex_wait', [P1, 0, 0xffffffff, 0x82, 0, 1], -11, [inp(0, P1, Buffer.alloc(4))])),
    ).toMatch(/^futex_wait\(0x7ffd1000, /);
  });

  test('getgroups shows the gid array', () => {
    const gids = Buffer.alloc(8);
    gids.writeUInt32LE(0, 0);
    gids.writeUInt32LE(1000, 4);
    expect(line(call('getgroups', [2, P1], 2, [out(1, P1, gids)]))).toBe(
      'getgroups(2, [0, 1000]) = 2',
    );
  });

  test('clock_nanosleep and setitimer time structs', () => {
    const ts = Buffer.alloc(16);
    ts.writeBigInt64LE(10000000n, 8);
    expect(line(call('clock_nanosleep', [0, 0, P1, P2], 0, [inp(2, P1, ts)]))).toBe(
      'clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=10000000}, 0x7ffd2000) = 0',
    );
    const itv = Buffer.alloc(32);
    itv.writeBigInt64LE(250000n, 8);
    itv.writeBigInt64LE(10n, 16);
    itv.writeBigInt64LE(500000n, 24);
    expect(
      line(call('setitimer', [0, P1, P2], 0, [inp(1, P1, itv), out(2, P2, Buffer.alloc(32))])),
    ).toBe(
      'setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=250000}, it_value={tv_sec=10, tv_usec=500000}}, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}) = 0',
    );
  });
});

describe('signals', () => {
  const sigset = (...sigs: number[]): Buffer => {
    let bits = 0n;
    for (const s of sigs) bits |= 1n << BigInt(s - 1);
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(bits, 0);
    return b;
  };

  test('rt_sigprocmask sets, and the complement when most signals are set', () => {
    expect(
      line(
        call('rt_sigprocmask', [0, P1, P2, 8], 0, [
          inp(1, P1, sigset(2, 15, 17)),
          out(2, P2, sigset()),
        ]),
      ),
    ).toBe('rt_sigprocmask(SIG_BLOCK, [INT TERM CHLD], [], 8) = 0');
    const all = Buffer.alloc(8, 0xff);
    expect(line(call('rt_sigprocmask', [0, P1, 0, 8], 0, [inp(1, P1, all)]))).toBe(
      'rt_sigprocmask(SIG_BLOCK, ~[], NULL, 8) = 0',
    );
    const most = Buffer.alloc(8, 0xff);
    most.writeBigUInt64LE(0xffffffffffffffffn & ~((1n << 8n) | (1n << 18n)), 0);
    expect(line(call('rt_sigprocmask', [2, P1, 0, 8], 0, [inp(1, P1, most)]))).toBe(
      'rt_sigprocmask(SIG_SETMASK, ~[KILL STOP], NULL, 8) = 0',
    );
  });

  test('rt_sigaction with the kernel sigaction layout', () => {
    const act = Buffer.alloc(32);
    act.writeBigUInt64LE(0x04000000n | 0x10000000n, 8);
    act.writeBigUInt64LE(0x7f752b139050n, 16);
    expect(
      line(
        call('rt_sigaction', [17, P1, P2, 8], 0, [inp(1, P1, act), out(2, P2, Buffer.alloc(32))]),
      ),
    ).toBe(
      'rt_sigaction(SIGCHLD, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f752b139050}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0',
    );
    const handler = Buffer.alloc(32);
    handler.writeBigUInt64LE(0x557aaff87e40n, 0);
    handler.writeBigUInt64LE(0x04000000n, 8);
    handler.writeBigUInt64LE(0x7f752b139050n, 16);
    handler.writeBigUInt64LE(1n << 1n, 24);
    expect(line(call('rt_sigaction', [2, P1, 0, 8], 0, [inp(1, P1, handler)]))).toBe(
      'rt_sigaction(SIGINT, {sa_handler=0x557aaff87e40, sa_mask=[INT], sa_flags=SA_RESTORER, sa_restorer=0x7f752b139050}, NULL, 8) = 0',
    );
  });

  test('siginfo by signal and code', () => {
    const info = (signo: number, code: number, fill: (b: Buffer) => void): Buffer => {
      const b = Buffer.alloc(128);
      b.writeInt32LE(signo, 0);
      b.writeInt32LE(code, 8);
      fill(b);
      return b;
    };
    const set = sigset(11);
    const rec = (b: Buffer): SyscallRecord =>
      call('rt_sigtimedwait', [P1, P2, 0, 8], 11, [inp(0, P1, set), out(1, P2, b)]);
    expect(line(rec(info(11, 1, (b) => b.writeBigUInt64LE(0xdeadn, 16))))).toBe(
      'rt_sigtimedwait([SEGV], {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0xdead}, NULL, 8) = 11',
    );
    expect(line(rec(info(15, 0, (b) => b.writeInt32LE(77, 16))))).toBe(
      'rt_sigtimedwait([SEGV], {si_signo=SIGTERM, si_code=SI_USER, si_pid=77, si_uid=0}, NULL, 8) = 11',
    );
    expect(line(rec(info(6, -6, (b) => b.writeInt32LE(5, 16))))).toBe(
      'rt_sigtimedwait([SEGV], {si_signo=SIGABRT, si_code=SI_TKILL, si_pid=5, si_uid=0}, NULL, 8) = 11',
    );
    expect(
      line(
        rec(
          info(31, 1, (b) => {
            b.writeBigUInt64LE(0x401000n, 16);
            b.writeInt32LE(39, 24);
            b.writeUInt32LE(0xc000003e, 28);
          }),
        ),
      ),
    ).toBe(
      'rt_sigtimedwait([SEGV], {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x401000, si_syscall=__NR_getpid, si_arch=AUDIT_ARCH_X86_64}, NULL, 8) = 11',
    );
  });

  test('kill with a signal name', () => {
    expect(line(call('kill', [4873, 15], 0))).toBe('kill(4873, SIGTERM) = 0');
  });
});

// --- odd records ------------------------------------------------------------------------

describe('undescribed, refused, prefixes', () => {
  test('an unknown number prints syscall_<nr> with raw arguments', () => {
    const rec: SyscallRecord = {
      t: 'sys',
      seq: 1,
      pid: 1,
      tid: 1,
      nr: 0x3e7,
      args: [1, 2, 3, 4, 5, 0xffffffffffffffffn],
      ret: -38,
      mem: [],
      flags: SyscallFlags.UNDESCRIBED,
    };
    expect(line(rec)).toBe(
      'syscall_999(0x1, 0x2, 0x3, 0x4, 0x5, 0xffffffffffffffff) = -1 ENOSYS (Function not implemented)',
    );
  });

  test('calls described as not decodable keep their name and argument types', () => {
    expect(syscallByName('afs_syscall')?.described).toBe(false);
    expect(line(call('afs_syscall', [1, 0, 0, 0, 0, 0], -38))).toBe(
      'afs_syscall(0x1, 0, 0, 0, 0, 0) = -1 ENOSYS (Function not implemented)',
    );
    expect(line(call('io_uring_register', [3, 1, P1, 2], 0))).toBe(
      'io_uring_register(3, 1, 0x7ffd1000, 2) = 0',
    );
  });

  test('a refused call says so after its result', () => {
    expect(
      line(
        call('io_uring_setup', [8, P1], -38, [inp(1, P1, Buffer.alloc(120))], SyscallFlags.REFUSED),
      ),
    ).toBe(
      'io_uring_setup(8, 0x7ffd1000 /* 120 bytes */) = -1 ENOSYS (Function not implemented) (REFUSED)',
    );
  });

  test('written sizes and truncation notes', () => {
    const rec = call('readv', [3, P1, 2], 7, [
      inp(1, P1, iovecs([P2, 5], [P3, 10])),
      out(1, P2, 'abcde'),
      out(1, P3, 'fg'),
    ]);
    expect(line(rec, { showWritten: true })).toMatch(/ = 7 \/\* wrote 5\+2 bytes \*\/$/);
    const cut = { ...rec, flags: SyscallFlags.MEM_TRUNCATED };
    expect(line(cut)).toMatch(/ = 7 \/\* memory truncated \*\/$/);
    expect(line(cut, { showWritten: true })).toMatch(/ = 7 \/\* wrote 5\+2 bytes, truncated \*\/$/);
    expect(line(call('close', [3], 0), { showWritten: true })).toBe('close(3) = 0');
  });

  test('seq and pid prefixes', () => {
    const rec = { ...call('close', [3], 0), seq: 42, pid: 1234, tid: 1240 };
    expect(line(rec, { showSeq: true })).toBe('#42 close(3) = 0');
    expect(line(rec, { showPid: true })).toBe('[pid  1240] close(3) = 0');
    expect(line(rec, { showPid: true, rootPid: 1240 })).toBe('close(3) = 0');
    expect(line(rec, { showPid: 'always', rootPid: 1240, showSeq: true })).toBe(
      '#42 [pid  1240] close(3) = 0',
    );
  });
});

describe('other records', () => {
  const base = { seq: 3, pid: 1234, tid: 1234 };
  const fmt = (rec: TraceRecord): string => formatRecord(rec);

  test('spawn, exec, signal, exit, end', () => {
    expect(fmt({ ...base, t: 'spawn', childPid: 1235, childTid: 1235, kind: 'process' })).toBe(
      '+++ new process 1235 +++',
    );
    expect(fmt({ ...base, t: 'spawn', childPid: 1234, childTid: 1236, kind: 'thread' })).toBe(
      '+++ new thread 1236 +++',
    );
    expect(
      fmt({
        ...base,
        t: 'exec',
        path: '/usr/bin/ls',
        argv: ['ls', '-la'],
        auxv: [],
        random: new Uint8Array(16),
      }),
    ).toBe('+++ exec "/usr/bin/ls" ["ls", "-la"] +++');
    expect(fmt({ ...base, t: 'signal', signo: 17, code: 1, senderPid: 1235 })).toBe(
      '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1235} ---',
    );
    expect(fmt({ ...base, t: 'signal', signo: 11, code: 1, senderPid: 0 })).toBe(
      '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR} ---',
    );
    expect(fmt({ ...base, t: 'signal', signo: 15, code: 0, senderPid: 1 })).toBe(
      '--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1} ---',
    );
    const exit = { ...base, t: 'exit' as const, processExit: true, core: false };
    expect(fmt({ ...exit, code: 0, signal: null })).toBe('+++ exited with 0 +++');
    expect(fmt({ ...exit, code: null, signal: 11, core: true })).toBe(
      '+++ killed by SIGSEGV (core dumped) +++',
    );
    expect(fmt({ ...exit, code: null, signal: 15 })).toBe('+++ killed by SIGTERM +++');
    expect(fmt({ ...exit, processExit: false, code: 0, signal: null })).toBe(
      '+++ thread exited with 0 +++',
    );
    expect(fmt({ t: 'end', seq: 9, exitStatus: 0, durationMs: 35, syscalls: 120 })).toBe(
      '+++ end: exit status 0, 120 syscalls, 35 ms +++',
    );
    expect(formatRecord({ ...exit, tid: 1236, code: 0, signal: null }, { showPid: 'always' })).toBe(
      '[pid  1236] +++ exited with 0 +++',
    );
  });
});

describe('JSON', () => {
  test('a syscall: raw and decoded arguments, result, errno, memory as base64', () => {
    const rec = call('openat', [0xffffffffffffff9cn, P1, 0o2000000, 0], -2, [
      inp(1, P1, cstr('/x')),
    ]);
    const j = toJSON(rec) as JsonSyscall;
    expect(j).toEqual({
      t: 'sys',
      seq: 7,
      pid: 1234,
      tid: 1234,
      nr: nrOf('openat'),
      name: 'openat',
      args: ['18446744073709551516', P1, 0o2000000, 0],
      decoded: ['AT_FDCWD', '"/x"', 'O_RDONLY|O_CLOEXEC'],
      ret: -2,
      result: '-1 ENOENT (No such file or directory)',
      errno: 'ENOENT',
      flags: 0,
      flagNames: [],
      mem: [{ dir: 'in', arg: 1, addr: '0x7ffd1000', size: 3, encoding: 'base64', data: 'L3gA' }],
      line: 'openat(AT_FDCWD, "/x", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)',
    });
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
    const escaped = toJSON(rec, { bytes: 'escaped' }) as JsonSyscall;
    expect(escaped.mem[0]).toMatchObject({ encoding: 'escaped', data: '/x\\0' });
  });

  test('other records are JSON-safe too', () => {
    const exec: TraceRecord = {
      t: 'exec',
      seq: 2,
      pid: 5,
      tid: 5,
      path: '/bin/true',
      argv: ['true'],
      auxv: [
        [6, 4096],
        [33, 0xffffffffffffff00n],
      ],
      random: Uint8Array.from([1, 2, 3]),
    };
    const j = toJSON(exec);
    expect(j).toEqual({
      t: 'exec',
      seq: 2,
      pid: 5,
      tid: 5,
      path: '/bin/true',
      argv: ['true'],
      auxv: [
        [6, 4096],
        [33, '18446744073709551360'],
      ],
      random: 'AQID',
      line: '+++ exec "/bin/true" ["true"] +++',
    });
    expect(() => JSON.stringify(j)).not.toThrow();
  });
});

describe('the table and the decoders agree', () => {
  /** structs shown as their pointer and size, like strace shows most of them */
  const POINTER_ONLY = new Set([
    'ustat',
    'file_handle',
    'file_attr',
    'xattr_args',
    'cachestat_range',
    'cachestat',
    'mount_attr',
    'mnt_id_req',
    'statmount',
    'io_event',
    'iocb',
    'io_uring_params',
    'sched_attr',
    'cap_user_header',
    'cap_user_data',
    'robust_list_head',
    'rseq',
    'perf_event_attr',
    'landlock_ruleset_attr',
    'lsm_ctx',
    'sigevent',
    'timex',
    'shmid_ds',
    'semid_ds',
    'msqid_ds',
    'msgbuf',
    'futex_waitv',
  ]);

  test('every struct the table names is decoded or deliberately shown as a pointer', () => {
    const missing = Object.keys(STRUCTS).filter((s) => !hasStruct(s) && !POINTER_ONLY.has(s));
    expect(missing).toEqual([]);
  });

  test('every described syscall formats without throwing, with and without memory', () => {
    for (const def of SYSCALLS) {
      const args = def.args.map((_, i) => P1 + i * 0x100);
      const mem = def.args.map((_, i) => inp(i, P1 + i * 0x100, Buffer.alloc(64, 0x41)));
      for (const ret of [0, 1, -22]) {
        expect(() => line({ ...call('read', args, ret), nr: def.nr })).not.toThrow();
        expect(() => line({ ...call('read', args, ret, mem), nr: def.nr })).not.toThrow();
      }
    }
  });
});

describe('what the kernel moved or mapped without the program seeing it', () => {
  test("an mmap's descriptor shows the mapped file's path, as strace -y does", () => {
    const rec = call('mmap', [0, 16400, 1, 0x802, 3, 0], 0x7ffff7fbb000, [
      { dir: 'path', arg: 4, addr: 0, bytes: bytesOf('/usr/lib/libgreet.so') },
    ]);
    expect(formatSyscall(rec)).toBe(
      'mmap(NULL, 16400, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, 3</usr/lib/libgreet.so>, 0) = 0x7ffff7fbb000',
    );
  });

  test('sendfile notes the bytes it moved from the file, read back by the recorder', () => {
    const rec = call('sendfile', [1, 3, 0, 100], 8, [
      { dir: 'data', arg: 1, addr: 0, bytes: bytesOf('content\n') },
    ]);
    expect(formatSyscall(rec)).toBe('sendfile(1, 3, NULL, 100) = 8');
    expect(formatSyscall(rec, { showWritten: true })).toBe(
      'sendfile(1, 3, NULL, 100) = 8 /* moved 8 bytes from the file */',
    );
  });
});
