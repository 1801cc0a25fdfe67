/**
 * Socket syscalls.
 *
 * Address lengths passed by pointer (accept, recvfrom, getsockname, ...) are
 * value-result: the kernel reads the buffer size at entry and stores the real
 * address length at exit, which may be larger than the buffer (the address is
 * then truncated). `lenPtrArg` captures min(entry, exit) bytes of the address.
 */
import { a, byArg, byRet, family, inL, inp, inS, out, outL, outS } from './define';
import type { MemEffect, SyscallDef } from './types';

const sys = family('network');

/** Address at `addrArg` whose length is value-result through `lenArg`. */
function addrOut(addrArg: number, lenArg: number): MemEffect[] {
  return [out(addrArg, { lenPtrArg: lenArg }), inS(lenArg, 'socklen_t'), outS(lenArg, 'socklen_t')];
}

export const NETWORK_SYSCALLS: SyscallDef[] = [
  sys(
    41,
    'socket',
    [a.enum('domain', 'socket_domain'), a.flags('type', 'socket_type'), a.int('protocol')],
    'fd',
  ),
  sys(
    53,
    'socketpair',
    [
      a.enum('domain', 'socket_domain'),
      a.flags('type', 'socket_type'),
      a.int('protocol'),
      a.struct('sv', 'fd_pair'),
    ],
    'int',
    [outS(3, 'fd_pair')],
  ),
  sys(49, 'bind', [a.fd('sockfd'), a.sockaddr(), a.uint('addrlen')], 'int', [inp(1, byArg(2))]),
  sys(50, 'listen', [a.fd('sockfd'), a.int('backlog')], 'int'),
  sys(42, 'connect', [a.fd('sockfd'), a.sockaddr(), a.uint('addrlen')], 'int', [inp(1, byArg(2))]),
  // addr and addrlen may both be NULL; the kernel ignores addrlen when addr is NULL.
  sys(
    43,
    'accept',
    [a.fd('sockfd'), a.sockaddr(), a.struct('addrlen', 'socklen_t')],
    'fd',
    addrOut(1, 2),
  ),
  sys(
    288,
    'accept4',
    [
      a.fd('sockfd'),
      a.sockaddr(),
      a.struct('addrlen', 'socklen_t'),
      a.flags('flags', 'accept4_flags'),
    ],
    'fd',
    addrOut(1, 2),
  ),
  sys(
    51,
    'getsockname',
    [a.fd('sockfd'), a.sockaddr(), a.struct('addrlen', 'socklen_t')],
    'int',
    addrOut(1, 2),
  ),
  sys(
    52,
    'getpeername',
    [a.fd('sockfd'), a.sockaddr(), a.struct('addrlen', 'socklen_t')],
    'int',
    addrOut(1, 2),
  ),
  sys(48, 'shutdown', [a.fd('sockfd'), a.enum('how', 'shutdown_how')], 'int'),
  sys(
    44,
    'sendto',
    [
      a.fd('sockfd'),
      a.buf(),
      a.size('len'),
      a.flags('flags', 'msg_flags'),
      a.sockaddr('dest_addr'),
      a.uint('addrlen'),
    ],
    'size',
    [inp(1, byArg(2)), inp(4, byArg(5))],
  ),
  // With MSG_TRUNC a datagram socket returns the datagram's full length, which
  // can exceed len: cap the data at the buffer size.
  sys(
    45,
    'recvfrom',
    [
      a.fd('sockfd'),
      a.buf(),
      a.size('len'),
      a.flags('flags', 'msg_flags'),
      a.sockaddr('src_addr'),
      a.struct('addrlen', 'socklen_t'),
    ],
    'size',
    [out(1, { retMaxArg: 2 }), ...addrOut(4, 5)],
  ),
  sys(46, 'sendmsg', [a.fd('sockfd'), a.msghdr(), a.flags('flags', 'msg_flags')], 'size', [
    inL(1, 'msghdr'),
  ]),
  // The C core reads the msghdr at entry for the buffer bounds, then captures the
  // updated msghdr, the name, the data up to the result and the control data.
  sys(47, 'recvmsg', [a.fd('sockfd'), a.msghdr(), a.flags('flags', 'msg_flags')], 'size', [
    outL(1, 'msghdr'),
  ]),
  // sendmmsg stores each sent message's byte count in its msg_len: the first
  // `result` 64-byte entries are rewritten (msghdr unchanged, msg_len set).
  sys(
    307,
    'sendmmsg',
    [a.fd('sockfd'), a.struct('msgvec', 'mmsghdr'), a.uint('vlen'), a.flags('flags', 'msg_flags')],
    'int',
    [inL(1, 'mmsghdr', 2), out(1, byRet(64))],
  ),
  // recvmmsg writes the remaining time back into timeout when it received something.
  sys(
    299,
    'recvmmsg',
    [
      a.fd('sockfd'),
      a.struct('msgvec', 'mmsghdr'),
      a.uint('vlen'),
      a.flags('flags', 'msg_flags'),
      a.struct('timeout', 'timespec'),
    ],
    'int',
    [outL(1, 'mmsghdr'), inS(4, 'timespec'), outS(4, 'timespec')],
  ),
  sys(
    54,
    'setsockopt',
    [
      a.fd('sockfd'),
      a.enum('level', 'sockopt_level'),
      a.int('optname'),
      a.buf('optval'),
      a.uint('optlen'),
    ],
    'int',
    [inp(3, byArg(4))],
  ),
  // The sockopt layout captures optval (min of optlen at entry and exit) and
  // the updated optlen itself.
  sys(
    55,
    'getsockopt',
    [
      a.fd('sockfd'),
      a.enum('level', 'sockopt_level'),
      a.int('optname'),
      a.buf('optval'),
      a.struct('optlen', 'socklen_t'),
    ],
    'int',
    [inS(4, 'socklen_t'), outL(3, 'sockopt')],
  ),
];
