/**
 * Signal syscalls. Masks are the kernel's sigset_t, whose size is passed
 * explicitly (sigsetsize, always 8 on x86-64), so effects size by that argument.
 */
import { a, byArg, family, inp, inS, out, outS } from './define';
import type { SyscallDef } from './types';

const sys = family('signals');

export const SIGNAL_SYSCALLS: SyscallDef[] = [
  // The kernel's struct sigaction (handler, flags, restorer, mask) is 32 bytes;
  // glibc translates its own larger struct before the call.
  sys(
    13,
    'rt_sigaction',
    [
      a.signal('signum'),
      a.struct('act', 'sigaction'),
      a.struct('oldact', 'sigaction'),
      a.size('sigsetsize'),
    ],
    'int',
    [inS(1, 'sigaction'), outS(2, 'sigaction')],
  ),
  sys(
    14,
    'rt_sigprocmask',
    [
      a.enum('how', 'sigprocmask_how'),
      a.struct('set', 'sigset'),
      a.struct('oldset', 'sigset'),
      a.size('sigsetsize'),
    ],
    'int',
    [inp(1, byArg(3)), out(2, byArg(3))],
  ),
  // Restores registers and mask from the signal frame on the stack; the result
  // is the interrupted context's rax, not an error code.
  sys(15, 'rt_sigreturn', [], 'value'),
  sys(219, 'restart_syscall', [], 'int'),
  sys(34, 'pause', [], 'int'),
  sys(127, 'rt_sigpending', [a.struct('set', 'sigset'), a.size('sigsetsize')], 'int', [
    out(0, byArg(1)),
  ]),
  sys(130, 'rt_sigsuspend', [a.struct('mask', 'sigset'), a.size('sigsetsize')], 'int', [
    inp(0, byArg(1)),
  ]),
  // Returns the signal number taken.
  sys(
    128,
    'rt_sigtimedwait',
    [
      a.struct('set', 'sigset'),
      a.struct('info', 'siginfo'),
      a.struct('timeout', 'timespec'),
      a.size('sigsetsize'),
    ],
    'int',
    [inp(0, byArg(3)), outS(1, 'siginfo'), inS(2, 'timespec')],
  ),
  sys(131, 'sigaltstack', [a.struct('ss', 'stack_t'), a.struct('old_ss', 'stack_t')], 'int', [
    inS(0, 'stack_t'),
    outS(1, 'stack_t'),
  ]),
  sys(62, 'kill', [a.pid(), a.signal()], 'int'),
  sys(200, 'tkill', [a.pid('tid'), a.signal()], 'int'),
  sys(234, 'tgkill', [a.pid('tgid'), a.pid('tid'), a.signal()], 'int'),
  sys(129, 'rt_sigqueueinfo', [a.pid('tgid'), a.signal(), a.struct('info', 'siginfo')], 'int', [
    inS(2, 'siginfo'),
  ]),
  sys(
    297,
    'rt_tgsigqueueinfo',
    [a.pid('tgid'), a.pid('tid'), a.signal(), a.struct('info', 'siginfo')],
    'int',
    [inS(3, 'siginfo')],
  ),
  sys(
    424,
    'pidfd_send_signal',
    [a.fd('pidfd'), a.signal(), a.struct('info', 'siginfo'), a.hex('flags')],
    'int',
    [inS(2, 'siginfo')],
  ),
  sys(282, 'signalfd', [a.fd(), a.struct('mask', 'sigset'), a.size('sizemask')], 'fd', [
    inp(1, byArg(2)),
  ]),
  sys(
    289,
    'signalfd4',
    [a.fd(), a.struct('mask', 'sigset'), a.size('sizemask'), a.flags('flags', 'signalfd_flags')],
    'fd',
    [inp(1, byArg(2))],
  ),
];
