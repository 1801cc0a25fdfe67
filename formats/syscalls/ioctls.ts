/**
 * ioctl requests: names for decoding, and the memory each one moves at its
 * third argument. Modern requests encode direction and size in their number
 * (_IOC); the C core decodes those bits itself. It also needs the requests whose
 * number says nothing or lies: the legacy terminal/socket/block ones (0x54xx,
 * 0x89xx, 0x12xx), requests whose argument is a plain value although the
 * encoding names a type (FICLONE, TIOCSIG), and ones whose encoded size is
 * wrong (FS_IOC_GETFLAGS says long, the kernel moves an int).
 * {@link ioctlOverrides} picks those out for the generated C table.
 */
import type { ConstSet } from './constants';

/** What an ioctl request moves through its third argument. */
export interface IoctlDef {
  name: string;
  /** request number as an unsigned 32-bit value */
  request: number;
  /**
   * 'in': the kernel reads; 'out': it writes; 'inout': both; 'none': the argument
   * is not memory the kernel uses (a value, an fd, or unused)
   */
  dir: 'in' | 'out' | 'inout' | 'none';
  /** bytes at the argument (0 for 'none') */
  size: number;
}

/** _IOC direction bits, from the program's point of view. */
export const IOC_NONE = 0;
export const IOC_WRITE = 1;
export const IOC_READ = 2;

/** Builds an ioctl number: direction, type (magic), number, argument size. */
export function ioc(dir: number, type: number, nr: number, size: number): number {
  return ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;
}
export const io = (type: number, nr: number): number => ioc(IOC_NONE, type, nr, 0);
export const ior = (type: number, nr: number, size: number): number =>
  ioc(IOC_READ, type, nr, size);
export const iow = (type: number, nr: number, size: number): number =>
  ioc(IOC_WRITE, type, nr, size);
export const iowr = (type: number, nr: number, size: number): number =>
  ioc(IOC_READ | IOC_WRITE, type, nr, size);

/** Direction and size as the _IOC bits of `request` state them (what the C core falls back to). */
export function iocDecode(request: number): Pick<IoctlDef, 'dir' | 'size'> {
  const dir = (request >>> 30) & 3;
  const size = (request >>> 16) & 0x3fff;
  if (size === 0 || dir === IOC_NONE) return { dir: 'none', size: 0 };
  const name = (['none', 'in', 'out', 'inout'] as const)[dir];
  return { dir: name, size };
}

const T = 0x54; // 'T': terminals
const def = (name: string, request: number, dir: IoctlDef['dir'], size = 0): IoctlDef => ({
  name,
  request: request >>> 0,
  dir,
  size,
});

const TERMIOS = 36; // the kernel's struct termios (glibc's is 60: never use that)
const TERMIOS2 = 44;
const TERMIO = 18;
const WINSIZE = 8;
const IFREQ = 40;

/** Known requests. The first name of a number is the one decoders print. */
export const IOCTLS: readonly IoctlDef[] = [
  // --- terminals ---
  def('TCGETS', 0x5401, 'out', TERMIOS),
  def('TCSETS', 0x5402, 'in', TERMIOS),
  def('TCSETSW', 0x5403, 'in', TERMIOS),
  def('TCSETSF', 0x5404, 'in', TERMIOS),
  def('TCGETA', 0x5405, 'out', TERMIO),
  def('TCSETA', 0x5406, 'in', TERMIO),
  def('TCSETAW', 0x5407, 'in', TERMIO),
  def('TCSETAF', 0x5408, 'in', TERMIO),
  // TCSBRK, TCXONC, TCFLSH, TIOCSCTTY take an int value, not a pointer.
  def('TCSBRK', 0x5409, 'none'),
  def('TCXONC', 0x540a, 'none'),
  def('TCFLSH', 0x540b, 'none'),
  def('TIOCEXCL', 0x540c, 'none'),
  def('TIOCNXCL', 0x540d, 'none'),
  def('TIOCSCTTY', 0x540e, 'none'),
  def('TIOCGPGRP', 0x540f, 'out', 4),
  def('TIOCSPGRP', 0x5410, 'in', 4),
  def('TIOCOUTQ', 0x5411, 'out', 4),
  def('TIOCSTI', 0x5412, 'in', 1),
  def('TIOCGWINSZ', 0x5413, 'out', WINSIZE),
  def('TIOCSWINSZ', 0x5414, 'in', WINSIZE),
  def('TIOCMGET', 0x5415, 'out', 4),
  def('TIOCMBIS', 0x5416, 'in', 4),
  def('TIOCMBIC', 0x5417, 'in', 4),
  def('TIOCMSET', 0x5418, 'in', 4),
  def('TIOCGSOFTCAR', 0x5419, 'out', 4),
  def('TIOCSSOFTCAR', 0x541a, 'in', 4),
  // Also TIOCINQ and SIOCINQ.
  def('FIONREAD', 0x541b, 'out', 4),
  def('TIOCCONS', 0x541d, 'none'),
  def('TIOCGSERIAL', 0x541e, 'out', 72),
  def('TIOCSSERIAL', 0x541f, 'in', 72),
  def('TIOCPKT', 0x5420, 'in', 4),
  def('FIONBIO', 0x5421, 'in', 4),
  def('TIOCNOTTY', 0x5422, 'none'),
  def('TIOCSETD', 0x5423, 'in', 4),
  def('TIOCGETD', 0x5424, 'out', 4),
  def('TCSBRKP', 0x5425, 'none'),
  def('TIOCSBRK', 0x5427, 'none'),
  def('TIOCCBRK', 0x5428, 'none'),
  def('TIOCGSID', 0x5429, 'out', 4),
  def('TCGETS2', ior(T, 0x2a, TERMIOS2), 'out', TERMIOS2),
  def('TCSETS2', iow(T, 0x2b, TERMIOS2), 'in', TERMIOS2),
  def('TCSETSW2', iow(T, 0x2c, TERMIOS2), 'in', TERMIOS2),
  def('TCSETSF2', iow(T, 0x2d, TERMIOS2), 'in', TERMIOS2),
  def('TIOCGRS485', 0x542e, 'out', 32),
  def('TIOCGPTN', ior(T, 0x30, 4), 'out', 4),
  def('TIOCSPTLCK', iow(T, 0x31, 4), 'in', 4),
  def('TIOCGDEV', ior(T, 0x32, 4), 'out', 4),
  // The signal number is the argument itself, despite the _IOW encoding.
  def('TIOCSIG', iow(T, 0x36, 4), 'none'),
  def('TIOCVHANGUP', 0x5437, 'none'),
  def('TIOCGPKT', ior(T, 0x38, 4), 'out', 4),
  def('TIOCGPTLCK', ior(T, 0x39, 4), 'out', 4),
  def('TIOCGEXCL', ior(T, 0x40, 4), 'out', 4),
  // Returns a new fd; the argument is open flags.
  def('TIOCGPTPEER', 0x5441, 'none'),
  def('FIONCLEX', 0x5450, 'none'),
  def('FIOCLEX', 0x5451, 'none'),
  def('FIOASYNC', 0x5452, 'in', 4),
  def('TIOCSERCONFIG', 0x5453, 'none'),
  def('TIOCGLCKTRMIOS', 0x5456, 'out', TERMIOS),
  def('TIOCSLCKTRMIOS', 0x5457, 'in', TERMIOS),
  def('TIOCSERGETLSR', 0x5459, 'out', 4),
  def('TIOCMIWAIT', 0x545c, 'none'),
  def('TIOCGICOUNT', 0x545d, 'out', 80),
  def('FIOQSIZE', 0x5460, 'out', 8),

  // --- sockets (the SIOCGIF* calls write the whole struct ifreq back) ---
  def('FIOSETOWN', 0x8901, 'in', 4),
  def('SIOCSPGRP', 0x8902, 'in', 4),
  def('FIOGETOWN', 0x8903, 'out', 4),
  def('SIOCGPGRP', 0x8904, 'out', 4),
  def('SIOCATMARK', 0x8905, 'out', 4),
  def('SIOCGSTAMP_OLD', 0x8906, 'out', 16),
  def('SIOCGSTAMPNS_OLD', 0x8907, 'out', 16),
  def('SIOCGIFNAME', 0x8910, 'out', IFREQ),
  def('SIOCGIFFLAGS', 0x8913, 'out', IFREQ),
  def('SIOCSIFFLAGS', 0x8914, 'in', IFREQ),
  def('SIOCGIFADDR', 0x8915, 'out', IFREQ),
  def('SIOCGIFDSTADDR', 0x8917, 'out', IFREQ),
  def('SIOCGIFBRDADDR', 0x8919, 'out', IFREQ),
  def('SIOCGIFNETMASK', 0x891b, 'out', IFREQ),
  def('SIOCGIFMETRIC', 0x891d, 'out', IFREQ),
  def('SIOCGIFMTU', 0x8921, 'out', IFREQ),
  def('SIOCSIFMTU', 0x8922, 'in', IFREQ),
  def('SIOCGIFHWADDR', 0x8927, 'out', IFREQ),
  def('SIOCGIFINDEX', 0x8933, 'out', IFREQ),
  def('SIOCGIFTXQLEN', 0x8942, 'out', IFREQ),
  def('SIOCOUTQNSD', 0x894b, 'out', 4),
  // TUNSETIFF reads the ifreq and writes the chosen name back.
  def('TUNSETIFF', iow(T, 202, 4), 'out', IFREQ),
  def('TUNGETIFF', ior(T, 210, 4), 'out', IFREQ),

  // --- files and file systems ---
  // FIBMAP reads a block number and overwrites it with the result.
  def('FIBMAP', 0x0001, 'out', 4),
  def('FIGETBSZ', 0x0002, 'out', 4),
  // Declared _IOWR(int) but the argument is unused.
  def('FIFREEZE', iowr(0x58, 119, 4), 'none'),
  def('FITHAW', iowr(0x58, 120, 4), 'none'),
  def('FITRIM', iowr(0x58, 121, 24), 'inout', 24),
  def('FS_IOC_FSGETXATTR', ior(0x58, 31, 28), 'out', 28),
  def('FS_IOC_FSSETXATTR', iow(0x58, 32, 28), 'in', 28),
  // The source fd is the argument itself.
  def('FICLONE', iow(0x94, 9, 4), 'none'),
  def('FICLONERANGE', iow(0x94, 13, 32), 'in', 32),
  // Followed by a variable array of per-destination results the kernel writes:
  // only the fixed header is known here.
  def('FIDEDUPERANGE', iowr(0x94, 54, 24), 'inout', 24),
  def('FS_IOC_GETFSLABEL', ior(0x94, 49, 256), 'out', 256),
  def('FS_IOC_SETFSLABEL', iow(0x94, 50, 256), 'in', 256),
  // Encoded with long, but the kernel moves an int.
  def('FS_IOC_GETFLAGS', ior(0x66, 1, 8), 'out', 4),
  def('FS_IOC_SETFLAGS', iow(0x66, 2, 8), 'in', 4),
  def('FS_IOC_GETVERSION', ior(0x76, 1, 8), 'out', 4),
  def('FS_IOC_SETVERSION', iow(0x76, 2, 8), 'in', 4),
  def('FS_IOC32_GETFLAGS', ior(0x66, 1, 4), 'out', 4),
  def('FS_IOC32_SETFLAGS', iow(0x66, 2, 4), 'in', 4),
  // struct fiemap header; the extent array after it is not covered.
  def('FS_IOC_FIEMAP', iowr(0x66, 11, 32), 'inout', 32),

  // --- block devices ---
  def('BLKROSET', 0x125d, 'in', 4),
  def('BLKROGET', 0x125e, 'out', 4),
  def('BLKRRPART', 0x125f, 'none'),
  def('BLKGETSIZE', 0x1260, 'out', 8),
  def('BLKFLSBUF', 0x1261, 'none'),
  def('BLKRASET', 0x1262, 'none'),
  def('BLKRAGET', 0x1263, 'out', 8),
  def('BLKSSZGET', 0x1268, 'out', 4),
  // Encoded with size_t, but the kernel moves an int.
  def('BLKBSZGET', ior(0x12, 112, 8), 'out', 4),
  def('BLKBSZSET', iow(0x12, 113, 8), 'in', 4),
  def('BLKGETSIZE64', ior(0x12, 114, 8), 'out', 8),
  def('BLKDISCARD', 0x1277, 'in', 16),
  def('BLKIOMIN', 0x1278, 'out', 4),
  def('BLKIOOPT', 0x1279, 'out', 4),
  def('BLKALIGNOFF', 0x127a, 'out', 4),
  def('BLKPBSZGET', 0x127b, 'out', 4),
  def('BLKDISCARDZEROES', 0x127c, 'out', 4),
  def('BLKSECDISCARD', 0x127d, 'in', 16),
  def('BLKROTATIONAL', 0x127e, 'out', 2),
  def('BLKZEROOUT', 0x127f, 'in', 16),

  // --- loop devices (arguments are fds or values unless noted) ---
  def('LOOP_SET_FD', 0x4c00, 'none'),
  def('LOOP_CLR_FD', 0x4c01, 'none'),
  def('LOOP_SET_STATUS64', 0x4c04, 'in', 232),
  def('LOOP_GET_STATUS64', 0x4c05, 'out', 232),
  def('LOOP_CHANGE_FD', 0x4c06, 'none'),
  def('LOOP_SET_CAPACITY', 0x4c07, 'none'),
  def('LOOP_SET_DIRECT_IO', 0x4c08, 'none'),
  def('LOOP_SET_BLOCK_SIZE', 0x4c09, 'none'),
  def('LOOP_CONFIGURE', 0x4c0a, 'in', 304),
  def('LOOP_CTL_ADD', 0x4c80, 'none'),
  def('LOOP_CTL_REMOVE', 0x4c81, 'none'),
  def('LOOP_CTL_GET_FREE', 0x4c82, 'none'),

  // --- namespaces, random, consoles ---
  def('NS_GET_USERNS', io(0xb7, 1), 'none'),
  def('NS_GET_PARENT', io(0xb7, 2), 'none'),
  def('NS_GET_NSTYPE', io(0xb7, 3), 'none'),
  // Encoded _IO, but stores a uid_t.
  def('NS_GET_OWNER_UID', io(0xb7, 4), 'out', 4),
  def('RNDGETENTCNT', ior(0x52, 0, 4), 'out', 4),
  def('RNDADDTOENTCNT', iow(0x52, 1, 4), 'in', 4),
  def('RNDZAPENTCNT', io(0x52, 4), 'none'),
  def('RNDCLEARPOOL', io(0x52, 6), 'none'),
  def('RNDRESEEDCRNG', io(0x52, 7), 'none'),
  def('KDGKBTYPE', 0x4b33, 'out', 1),
  def('KDSETMODE', 0x4b3a, 'none'),
  def('KDGETMODE', 0x4b3b, 'out', 4),
  def('KDGKBMODE', 0x4b44, 'out', 4),
  def('KDSKBMODE', 0x4b45, 'none'),
  def('VT_OPENQRY', 0x5600, 'out', 4),
  def('VT_GETMODE', 0x5601, 'out', 8),
  def('VT_SETMODE', 0x5602, 'in', 8),
  def('VT_GETSTATE', 0x5603, 'out', 6),
  def('VT_ACTIVATE', 0x5606, 'none'),
  def('VT_WAITACTIVE', 0x5607, 'none'),
  def('EVIOCGVERSION', ior(0x45, 1, 4), 'out', 4),
  def('SECCOMP_IOCTL_NOTIF_RECV', iowr(0x21, 0, 80), 'inout', 80),
  def('SECCOMP_IOCTL_NOTIF_SEND', iowr(0x21, 1, 24), 'inout', 24),
  def('SECCOMP_IOCTL_NOTIF_ID_VALID', iow(0x21, 2, 8), 'in', 8),
  def('SECCOMP_IOCTL_NOTIF_ADDFD', iow(0x21, 3, 24), 'in', 24),
];

const BY_REQUEST = new Map<number, IoctlDef>();
for (const d of IOCTLS) if (!BY_REQUEST.has(d.request)) BY_REQUEST.set(d.request, d);

/** The known request with this number (as an unsigned 32-bit value), if any. */
export function ioctlByRequest(request: number): IoctlDef | undefined {
  return BY_REQUEST.get(request >>> 0);
}

/**
 * What request moves: the table entry if known, else the _IOC bits. Mirrors
 * the C core's lookup, so decoders and the recorder agree.
 */
export function ioctlEffect(request: number): Pick<IoctlDef, 'dir' | 'size'> {
  const known = ioctlByRequest(request);
  return known ? { dir: known.dir, size: known.size } : iocDecode(request >>> 0);
}

/**
 * The requests the C core must look up because their _IOC bits do not give
 * their effect. Each has a single direction: the C table cannot hold 'inout'.
 */
export function ioctlOverrides(): IoctlDef[] {
  return [...BY_REQUEST.values()].filter((d) => {
    const enc = iocDecode(d.request);
    return enc.dir !== d.dir || enc.size !== d.size;
  });
}

/** ioctl_request set for CONST_SETS: every named request, first name per number. */
export const IOCTL_REQUEST_SET: ConstSet = {
  kind: 'enum',
  values: [...BY_REQUEST.values()].map((d) => [d.name, d.request] as const),
};
