/**
 * File, directory, descriptor and I/O multiplexing syscalls.
 *
 * Conventions used throughout the tables: paths and other strings the kernel
 * reads are `cstr` in-effects; a NULL pointer is skipped by the C core for every
 * effect, so optional pointers need no special casing.
 */
import {
  a,
  byArg,
  byRet,
  cstr,
  family,
  inL,
  inp,
  inS,
  moved,
  out,
  outL,
  outS,
  RET,
  unimplemented,
} from './define';
import type { SyscallDef } from './types';

const sys = family('files');

export const FILE_SYSCALLS: SyscallDef[] = [
  // --- read and write ---
  sys(0, 'read', [a.fd(), a.buf(), a.size('count')], 'size', [out(1, RET)]),
  sys(1, 'write', [a.fd(), a.buf(), a.size('count')], 'size', [inp(1, byArg(2))]),
  sys(17, 'pread64', [a.fd(), a.buf(), a.size('count'), a.off('offset')], 'size', [out(1, RET)]),
  sys(18, 'pwrite64', [a.fd(), a.buf(), a.size('count'), a.off('offset')], 'size', [
    inp(1, byArg(2)),
  ]),
  sys(19, 'readv', [a.fd(), a.iovec(), a.int('iovcnt')], 'size', [outL(1, 'iovec', 2)]),
  sys(20, 'writev', [a.fd(), a.iovec(), a.int('iovcnt')], 'size', [inL(1, 'iovec', 2)]),
  sys(295, 'preadv', [a.fd(), a.iovec(), a.int('iovcnt'), a.off('pos_l'), a.off('pos_h')], 'size', [
    outL(1, 'iovec', 2),
  ]),
  sys(
    296,
    'pwritev',
    [a.fd(), a.iovec(), a.int('iovcnt'), a.off('pos_l'), a.off('pos_h')],
    'size',
    [inL(1, 'iovec', 2)],
  ),
  sys(
    327,
    'preadv2',
    [
      a.fd(),
      a.iovec(),
      a.int('iovcnt'),
      a.off('pos_l'),
      a.off('pos_h'),
      a.flags('flags', 'rwf_flags'),
    ],
    'size',
    [outL(1, 'iovec', 2)],
  ),
  sys(
    328,
    'pwritev2',
    [
      a.fd(),
      a.iovec(),
      a.int('iovcnt'),
      a.off('pos_l'),
      a.off('pos_h'),
      a.flags('flags', 'rwf_flags'),
    ],
    'size',
    [inL(1, 'iovec', 2)],
  ),
  sys(8, 'lseek', [a.fd(), a.off('offset'), a.enum('whence', 'lseek_whence')], 'size'),
  sys(187, 'readahead', [a.fd(), a.off('offset'), a.size('count')], 'int'),
  // The offset pointers are value-result: read at entry, advanced on success.
  sys(
    40,
    'sendfile',
    [a.fd('out_fd'), a.fd('in_fd'), a.struct('offset', 'loff_t'), a.size('count')],
    'size',
    [inS(2, 'loff_t'), outS(2, 'loff_t'), moved(1, 2)],
  ),
  sys(
    275,
    'splice',
    [
      a.fd('fd_in'),
      a.struct('off_in', 'loff_t'),
      a.fd('fd_out'),
      a.struct('off_out', 'loff_t'),
      a.size('len'),
      a.flags('flags', 'splice_flags'),
    ],
    'size',
    [inS(1, 'loff_t'), outS(1, 'loff_t'), inS(3, 'loff_t'), outS(3, 'loff_t'), moved(0, 1)],
  ),
  sys(
    276,
    'tee',
    [a.fd('fd_in'), a.fd('fd_out'), a.size('len'), a.flags('flags', 'splice_flags')],
    'size',
  ),
  // vmsplice reads the iovecs when fd is a pipe's write end and fills them when
  // it is the read end. Capturing both is exact either way: in the first case
  // the 'out' bytes are the unchanged 'in' bytes.
  sys(
    278,
    'vmsplice',
    [a.fd(), a.iovec(), a.size('nr_segs'), a.flags('flags', 'splice_flags')],
    'size',
    [inL(1, 'iovec', 2), outL(1, 'iovec', 2)],
  ),
  sys(
    326,
    'copy_file_range',
    [
      a.fd('fd_in'),
      a.struct('off_in', 'loff_t'),
      a.fd('fd_out'),
      a.struct('off_out', 'loff_t'),
      a.size('len'),
      a.hex('flags'),
    ],
    'size',
    [inS(1, 'loff_t'), outS(1, 'loff_t'), inS(3, 'loff_t'), outS(3, 'loff_t'), moved(0, 1)],
  ),

  // --- open and close ---
  sys(2, 'open', [a.path(), a.flags('flags', 'open_flags'), a.mode()], 'fd', [cstr(0)]),
  sys(85, 'creat', [a.path(), a.mode()], 'fd', [cstr(0)]),
  sys(257, 'openat', [a.dirfd(), a.path(), a.flags('flags', 'open_flags'), a.mode()], 'fd', [
    cstr(1),
  ]),
  sys(437, 'openat2', [a.dirfd(), a.path(), a.struct('how', 'open_how'), a.size('size')], 'fd', [
    cstr(1),
    inp(2, byArg(3)),
  ]),
  sys(3, 'close', [a.fd()], 'int'),
  sys(
    436,
    'close_range',
    [a.uint('first'), a.uint('last'), a.flags('flags', 'close_range_flags')],
    'int',
  ),
  sys(32, 'dup', [a.fd('oldfd')], 'fd'),
  sys(33, 'dup2', [a.fd('oldfd'), a.fd('newfd')], 'fd'),
  sys(292, 'dup3', [a.fd('oldfd'), a.fd('newfd'), a.flags('flags', 'cloexec_flags')], 'fd'),
  // The third argument is an int, a pointer to struct flock or to f_owner_ex,
  // depending on the command: the fcntl layout decides.
  sys(72, 'fcntl', [a.fd(), a.enum('cmd', 'fcntl_cmd'), a.hex('arg')], 'int', [
    inL(2, 'fcntl'),
    outL(2, 'fcntl'),
  ]),
  // The request code decides direction and size (legacy table in ioctls.ts,
  // else the _IOC bits).
  sys(16, 'ioctl', [a.fd(), a.enum('request', 'ioctl_request'), a.hex('arg')], 'int', [
    inL(2, 'ioctl'),
    outL(2, 'ioctl'),
  ]),
  sys(73, 'flock', [a.fd(), a.flags('operation', 'flock_op')], 'int'),
  sys(
    303,
    'name_to_handle_at',
    [
      a.dirfd(),
      a.path(),
      a.struct('handle', 'file_handle'),
      a.struct('mount_id', 'int'),
      a.flags('flags', 'at_flags'),
    ],
    'int',
    // The handle's size is in its own first field: not expressible here.
    [cstr(1)],
    { described: false },
  ),
  sys(
    304,
    'open_by_handle_at',
    [a.fd('mount_fd'), a.struct('handle', 'file_handle'), a.flags('flags', 'open_flags')],
    'fd',
    [],
    { described: false },
  ),

  // --- stat family ---
  sys(4, 'stat', [a.path(), a.struct('statbuf', 'stat')], 'int', [cstr(0), outS(1, 'stat')]),
  sys(5, 'fstat', [a.fd(), a.struct('statbuf', 'stat')], 'int', [outS(1, 'stat')]),
  sys(6, 'lstat', [a.path(), a.struct('statbuf', 'stat')], 'int', [cstr(0), outS(1, 'stat')]),
  sys(
    262,
    'newfstatat',
    [a.dirfd(), a.path(), a.struct('statbuf', 'stat'), a.flags('flags', 'at_flags')],
    'int',
    [cstr(1), outS(2, 'stat')],
  ),
  sys(
    332,
    'statx',
    [
      a.dirfd(),
      a.path(),
      a.flags('flags', 'at_flags'),
      a.flags('mask', 'statx_mask'),
      a.struct('statxbuf', 'statx'),
    ],
    'int',
    [cstr(1), outS(4, 'statx')],
  ),
  sys(137, 'statfs', [a.path(), a.struct('buf', 'statfs')], 'int', [cstr(0), outS(1, 'statfs')]),
  sys(138, 'fstatfs', [a.fd(), a.struct('buf', 'statfs')], 'int', [outS(1, 'statfs')]),
  sys(136, 'ustat', [a.dev(), a.struct('ubuf', 'ustat')], 'int', [outS(1, 'ustat')]),
  sys(
    451,
    'cachestat',
    [
      a.fd(),
      a.struct('cstat_range', 'cachestat_range'),
      a.struct('cstat', 'cachestat'),
      a.hex('flags'),
    ],
    'int',
    [inS(1, 'cachestat_range'), outS(2, 'cachestat')],
  ),
  // file_getattr/file_setattr copy min(usize, the kernel's struct size) bytes.
  sys(
    468,
    'file_getattr',
    [
      a.dirfd(),
      a.path('filename'),
      a.struct('ufattr', 'file_attr'),
      a.size('usize'),
      a.flags('at_flags', 'at_flags'),
    ],
    'int',
    [cstr(1), out(2, byArg(3))],
  ),
  sys(
    469,
    'file_setattr',
    [
      a.dirfd(),
      a.path('filename'),
      a.struct('ufattr', 'file_attr'),
      a.size('usize'),
      a.flags('at_flags', 'at_flags'),
    ],
    'int',
    [cstr(1), inp(2, byArg(3))],
  ),

  // --- directories and names ---
  // getdents returns the number of bytes of records written.
  sys(78, 'getdents', [a.fd(), a.struct('dirp', 'linux_dirent'), a.size('count')], 'size', [
    out(1, RET),
  ]),
  sys(217, 'getdents64', [a.fd(), a.struct('dirp', 'linux_dirent'), a.size('count')], 'size', [
    out(1, RET),
  ]),
  // getcwd returns the length written including the NUL.
  sys(79, 'getcwd', [a.buf(), a.size('size')], 'size', [out(0, RET)]),
  sys(80, 'chdir', [a.path('path')], 'int', [cstr(0)]),
  sys(81, 'fchdir', [a.fd()], 'int'),
  sys(82, 'rename', [a.path('oldpath'), a.path('newpath')], 'int', [cstr(0), cstr(1)]),
  sys(
    264,
    'renameat',
    [a.dirfd('olddirfd'), a.path('oldpath'), a.dirfd('newdirfd'), a.path('newpath')],
    'int',
    [cstr(1), cstr(3)],
  ),
  sys(
    316,
    'renameat2',
    [
      a.dirfd('olddirfd'),
      a.path('oldpath'),
      a.dirfd('newdirfd'),
      a.path('newpath'),
      a.flags('flags', 'renameat2_flags'),
    ],
    'int',
    [cstr(1), cstr(3)],
  ),
  sys(83, 'mkdir', [a.path(), a.mode()], 'int', [cstr(0)]),
  sys(258, 'mkdirat', [a.dirfd(), a.path(), a.mode()], 'int', [cstr(1)]),
  sys(84, 'rmdir', [a.path()], 'int', [cstr(0)]),
  sys(86, 'link', [a.path('oldpath'), a.path('newpath')], 'int', [cstr(0), cstr(1)]),
  sys(
    265,
    'linkat',
    [
      a.dirfd('olddirfd'),
      a.path('oldpath'),
      a.dirfd('newdirfd'),
      a.path('newpath'),
      a.flags('flags', 'at_flags'),
    ],
    'int',
    [cstr(1), cstr(3)],
  ),
  sys(87, 'unlink', [a.path()], 'int', [cstr(0)]),
  sys(263, 'unlinkat', [a.dirfd(), a.path(), a.flags('flags', 'unlinkat_flags')], 'int', [cstr(1)]),
  sys(88, 'symlink', [a.path('target'), a.path('linkpath')], 'int', [cstr(0), cstr(1)]),
  sys(266, 'symlinkat', [a.path('target'), a.dirfd('newdirfd'), a.path('linkpath')], 'int', [
    cstr(0),
    cstr(2),
  ]),
  // readlink does not NUL-terminate; the result is the byte count (never above bufsiz).
  sys(89, 'readlink', [a.path(), a.buf(), a.size('bufsiz')], 'size', [
    cstr(0),
    out(1, { retMaxArg: 2 }),
  ]),
  sys(267, 'readlinkat', [a.dirfd(), a.path(), a.buf(), a.size('bufsiz')], 'size', [
    cstr(1),
    out(2, { retMaxArg: 3 }),
  ]),
  sys(133, 'mknod', [a.path(), a.mode(), a.dev()], 'int', [cstr(0)]),
  sys(259, 'mknodat', [a.dirfd(), a.path(), a.mode(), a.dev()], 'int', [cstr(1)]),
  sys(161, 'chroot', [a.path('path')], 'int', [cstr(0)]),

  // --- permissions, ownership, times ---
  sys(21, 'access', [a.path(), a.flags('mode', 'access_mode')], 'int', [cstr(0)]),
  // The raw faccessat takes no flags argument (glibc emulates it); faccessat2 does.
  sys(269, 'faccessat', [a.dirfd(), a.path(), a.flags('mode', 'access_mode')], 'int', [cstr(1)]),
  sys(
    439,
    'faccessat2',
    [a.dirfd(), a.path(), a.flags('mode', 'access_mode'), a.flags('flags', 'faccessat_flags')],
    'int',
    [cstr(1)],
  ),
  sys(90, 'chmod', [a.path(), a.mode()], 'int', [cstr(0)]),
  sys(91, 'fchmod', [a.fd(), a.mode()], 'int'),
  sys(268, 'fchmodat', [a.dirfd(), a.path(), a.mode()], 'int', [cstr(1)]),
  sys(452, 'fchmodat2', [a.dirfd(), a.path(), a.mode(), a.flags('flags', 'at_flags')], 'int', [
    cstr(1),
  ]),
  sys(92, 'chown', [a.path(), a.uid('owner'), a.gid('group')], 'int', [cstr(0)]),
  sys(93, 'fchown', [a.fd(), a.uid('owner'), a.gid('group')], 'int'),
  sys(94, 'lchown', [a.path(), a.uid('owner'), a.gid('group')], 'int', [cstr(0)]),
  sys(
    260,
    'fchownat',
    [a.dirfd(), a.path(), a.uid('owner'), a.gid('group'), a.flags('flags', 'at_flags')],
    'int',
    [cstr(1)],
  ),
  sys(95, 'umask', [a.mode('mask')], 'value'),
  sys(132, 'utime', [a.path('filename'), a.struct('times', 'utimbuf')], 'int', [
    cstr(0),
    inS(1, 'utimbuf'),
  ]),
  sys(235, 'utimes', [a.path('filename'), a.struct('times', 'timeval_pair')], 'int', [
    cstr(0),
    inS(1, 'timeval_pair'),
  ]),
  sys(261, 'futimesat', [a.dirfd(), a.path(), a.struct('times', 'timeval_pair')], 'int', [
    cstr(1),
    inS(2, 'timeval_pair'),
  ]),
  // pathname may be NULL (futimens): the C core skips NULL pointers.
  sys(
    280,
    'utimensat',
    [a.dirfd(), a.path(), a.struct('times', 'timespec_pair'), a.flags('flags', 'at_flags')],
    'int',
    [cstr(1), inS(2, 'timespec_pair')],
  ),

  // --- size, space, sync ---
  sys(76, 'truncate', [a.path('path'), a.off('length')], 'int', [cstr(0)]),
  sys(77, 'ftruncate', [a.fd(), a.off('length')], 'int'),
  sys(
    285,
    'fallocate',
    [a.fd(), a.flags('mode', 'fallocate_mode'), a.off('offset'), a.off('len')],
    'int',
  ),
  sys(
    221,
    'fadvise64',
    [a.fd(), a.off('offset'), a.off('len'), a.enum('advice', 'fadvise_advice')],
    'int',
  ),
  sys(74, 'fsync', [a.fd()], 'int'),
  sys(75, 'fdatasync', [a.fd()], 'int'),
  sys(162, 'sync', [], 'int'),
  sys(306, 'syncfs', [a.fd()], 'int'),
  sys(
    277,
    'sync_file_range',
    [a.fd(), a.off('offset'), a.off('nbytes'), a.flags('flags', 'sync_file_range_flags')],
    'int',
  ),
  sys(319, 'memfd_create', [a.str('name'), a.flags('flags', 'memfd_flags')], 'fd', [cstr(0)]),

  // --- extended attributes ---
  // The get/list calls return the attribute size even when size is 0 and
  // nothing was written, hence retMaxArg rather than ret.
  sys(
    188,
    'setxattr',
    [a.path(), a.str('name'), a.buf('value'), a.size('size'), a.flags('flags', 'xattr_flags')],
    'int',
    [cstr(0), cstr(1), inp(2, byArg(3))],
  ),
  sys(
    189,
    'lsetxattr',
    [a.path(), a.str('name'), a.buf('value'), a.size('size'), a.flags('flags', 'xattr_flags')],
    'int',
    [cstr(0), cstr(1), inp(2, byArg(3))],
  ),
  sys(
    190,
    'fsetxattr',
    [a.fd(), a.str('name'), a.buf('value'), a.size('size'), a.flags('flags', 'xattr_flags')],
    'int',
    [cstr(1), inp(2, byArg(3))],
  ),
  sys(191, 'getxattr', [a.path(), a.str('name'), a.buf('value'), a.size('size')], 'size', [
    cstr(0),
    cstr(1),
    out(2, { retMaxArg: 3 }),
  ]),
  sys(192, 'lgetxattr', [a.path(), a.str('name'), a.buf('value'), a.size('size')], 'size', [
    cstr(0),
    cstr(1),
    out(2, { retMaxArg: 3 }),
  ]),
  sys(193, 'fgetxattr', [a.fd(), a.str('name'), a.buf('value'), a.size('size')], 'size', [
    cstr(1),
    out(2, { retMaxArg: 3 }),
  ]),
  sys(194, 'listxattr', [a.path(), a.buf('list'), a.size('size')], 'size', [
    cstr(0),
    out(1, { retMaxArg: 2 }),
  ]),
  sys(195, 'llistxattr', [a.path(), a.buf('list'), a.size('size')], 'size', [
    cstr(0),
    out(1, { retMaxArg: 2 }),
  ]),
  sys(196, 'flistxattr', [a.fd(), a.buf('list'), a.size('size')], 'size', [
    out(1, { retMaxArg: 2 }),
  ]),
  sys(197, 'removexattr', [a.path(), a.str('name')], 'int', [cstr(0), cstr(1)]),
  sys(198, 'lremovexattr', [a.path(), a.str('name')], 'int', [cstr(0), cstr(1)]),
  sys(199, 'fremovexattr', [a.fd(), a.str('name')], 'int', [cstr(1)]),
  // The value buffer hangs off struct xattr_args (indirect): not expressible.
  sys(
    463,
    'setxattrat',
    [
      a.dirfd(),
      a.path(),
      a.flags('at_flags', 'at_flags'),
      a.str('name'),
      a.struct('uargs', 'xattr_args'),
      a.size('usize'),
    ],
    'int',
    [cstr(1), cstr(3), inp(4, byArg(5))],
    { described: false },
  ),
  sys(
    464,
    'getxattrat',
    [
      a.dirfd(),
      a.path(),
      a.flags('at_flags', 'at_flags'),
      a.str('name'),
      a.struct('uargs', 'xattr_args'),
      a.size('usize'),
    ],
    'size',
    [cstr(1), cstr(3), inp(4, byArg(5))],
    { described: false },
  ),
  sys(
    465,
    'listxattrat',
    [a.dirfd(), a.path(), a.flags('at_flags', 'at_flags'), a.buf('list'), a.size('size')],
    'size',
    [cstr(1), out(3, { retMaxArg: 4 })],
  ),
  sys(
    466,
    'removexattrat',
    [a.dirfd(), a.path(), a.flags('at_flags', 'at_flags'), a.str('name')],
    'int',
    [cstr(1), cstr(3)],
  ),

  // --- I/O multiplexing ---
  // poll reads the pollfd array and writes revents back into it.
  sys(7, 'poll', [a.struct('fds', 'pollfd'), a.uint('nfds'), a.timeout()], 'int', [
    inp(0, byArg(1, 8)),
    out(0, byArg(1, 8)),
  ]),
  // ppoll also writes the remaining time back into tmo_p, even when interrupted.
  // In the calls with many effects (ppoll, select, pselect6) the writes come
  // first: replay cannot do without them, while the reads are only compared.
  sys(
    271,
    'ppoll',
    [
      a.struct('fds', 'pollfd'),
      a.uint('nfds'),
      a.struct('tmo_p', 'timespec'),
      a.struct('sigmask', 'sigset'),
      a.size('sigsetsize'),
    ],
    'int',
    [
      out(0, byArg(1, 8)),
      outS(2, 'timespec', 'always'),
      inp(0, byArg(1, 8)),
      inS(2, 'timespec'),
      inp(3, byArg(4)),
    ],
  ),
  // Linux select writes the remaining time into timeout (any result); the fd
  // sets are rewritten on success only.
  sys(
    23,
    'select',
    [
      a.int('nfds'),
      a.struct('readfds', 'fd_set'),
      a.struct('writefds', 'fd_set'),
      a.struct('exceptfds', 'fd_set'),
      a.struct('timeout', 'timeval'),
    ],
    'int',
    [
      outL(1, 'fdset'),
      outL(2, 'fdset'),
      outL(3, 'fdset'),
      outS(4, 'timeval', 'always'),
      inL(1, 'fdset'),
      inL(2, 'fdset'),
      inL(3, 'fdset'),
      inS(4, 'timeval'),
    ],
  ),
  // The sixth argument points to {sigset pointer, size}; the sigset itself is a
  // second indirection the schema cannot name, so only the pair is captured.
  sys(
    270,
    'pselect6',
    [
      a.int('nfds'),
      a.struct('readfds', 'fd_set'),
      a.struct('writefds', 'fd_set'),
      a.struct('exceptfds', 'fd_set'),
      a.struct('timeout', 'timespec'),
      a.struct('sigmask', 'pselect6_sigmask'),
    ],
    'int',
    [
      outL(1, 'fdset'),
      outL(2, 'fdset'),
      outL(3, 'fdset'),
      outS(4, 'timespec', 'always'),
      inL(1, 'fdset'),
      inL(2, 'fdset'),
      inL(3, 'fdset'),
      inS(4, 'timespec'),
      inS(5, 'pselect6_sigmask'),
    ],
  ),
  sys(213, 'epoll_create', [a.int('size')], 'fd'),
  sys(291, 'epoll_create1', [a.flags('flags', 'epoll_create_flags')], 'fd'),
  sys(
    233,
    'epoll_ctl',
    [a.fd('epfd'), a.enum('op', 'epoll_ctl_op'), a.fd(), a.struct('event', 'epoll_event')],
    'int',
    [inL(3, 'epoll_ctl')],
  ),
  // Each ready event is a packed 12-byte struct epoll_event.
  sys(
    232,
    'epoll_wait',
    [a.fd('epfd'), a.struct('events', 'epoll_event'), a.int('maxevents'), a.timeout()],
    'int',
    [out(1, byRet(12))],
  ),
  sys(
    281,
    'epoll_pwait',
    [
      a.fd('epfd'),
      a.struct('events', 'epoll_event'),
      a.int('maxevents'),
      a.timeout(),
      a.struct('sigmask', 'sigset'),
      a.size('sigsetsize'),
    ],
    'int',
    [out(1, byRet(12)), inp(4, byArg(5))],
  ),
  sys(
    441,
    'epoll_pwait2',
    [
      a.fd('epfd'),
      a.struct('events', 'epoll_event'),
      a.int('maxevents'),
      a.struct('timeout', 'timespec'),
      a.struct('sigmask', 'sigset'),
      a.size('sigsetsize'),
    ],
    'int',
    [out(1, byRet(12)), inS(3, 'timespec'), inp(4, byArg(5))],
  ),
  unimplemented('files', 214, 'epoll_ctl_old'),
  unimplemented('files', 215, 'epoll_wait_old'),

  // --- notification ---
  sys(253, 'inotify_init', [], 'fd'),
  sys(294, 'inotify_init1', [a.flags('flags', 'inotify_init_flags')], 'fd'),
  sys(254, 'inotify_add_watch', [a.fd(), a.path(), a.flags('mask', 'inotify_mask')], 'int', [
    cstr(1),
  ]),
  sys(255, 'inotify_rm_watch', [a.fd(), a.int('wd')], 'int'),
  sys(300, 'fanotify_init', [a.hex('flags'), a.flags('event_f_flags', 'open_flags')], 'fd'),
  sys(
    301,
    'fanotify_mark',
    [a.fd('fanotify_fd'), a.hex('flags'), a.hex('mask'), a.dirfd(), a.path()],
    'int',
    [cstr(4)],
  ),

  // --- asynchronous I/O ---
  // io_setup requires *ctx_idp == 0 on entry and stores the new context there.
  // The completion ring it maps is written by the kernel asynchronously.
  sys(206, 'io_setup', [a.uint('nr_events'), a.struct('ctx_idp', 'aio_context_t')], 'int', [
    inS(1, 'aio_context_t'),
    outS(1, 'aio_context_t'),
  ]),
  sys(207, 'io_destroy', [a.hex('ctx_id')], 'int'),
  sys(
    208,
    'io_getevents',
    [
      a.hex('ctx_id'),
      a.int('min_nr'),
      a.int('nr'),
      a.struct('events', 'io_event'),
      a.struct('timeout', 'timespec'),
    ],
    'int',
    [out(3, byRet(32)), inS(4, 'timespec')],
  ),
  // io_submit takes an array of iocb pointers, each naming its own buffer.
  sys(209, 'io_submit', [a.hex('ctx_id'), a.int('nr'), a.ptr('iocbpp')], 'int', [], {
    described: false,
  }),
  sys(
    210,
    'io_cancel',
    [a.hex('ctx_id'), a.struct('iocb', 'iocb'), a.struct('result', 'io_event')],
    'int',
    [inS(1, 'iocb'), outS(2, 'io_event')],
  ),
  sys(
    333,
    'io_pgetevents',
    [
      a.hex('ctx_id'),
      a.int('min_nr'),
      a.int('nr'),
      a.struct('events', 'io_event'),
      a.struct('timeout', 'timespec'),
      a.struct('usig', 'aio_sigset'),
    ],
    'int',
    [out(3, byRet(32)), inS(4, 'timespec'), inS(5, 'aio_sigset')],
  ),
  // io_uring shares rings with the kernel, which completes requests outside any
  // syscall: the recorder refuses io_uring_setup (ENOSYS), so only setup is described.
  sys(425, 'io_uring_setup', [a.uint('entries'), a.struct('params', 'io_uring_params')], 'fd', [
    inS(1, 'io_uring_params'),
    outS(1, 'io_uring_params'),
  ]),
  sys(
    426,
    'io_uring_enter',
    [
      a.fd(),
      a.uint('to_submit'),
      a.uint('min_complete'),
      a.hex('flags'),
      a.ptr('argp'),
      a.size('argsz'),
    ],
    'int',
    [],
    { described: false },
  ),
  sys(
    427,
    'io_uring_register',
    [a.fd(), a.uint('opcode'), a.ptr('arg'), a.uint('nr_args')],
    'int',
    [],
    { described: false },
  ),
];
