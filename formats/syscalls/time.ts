/**
 * Clocks, timers and sleeps. clock_gettime, gettimeofday, time and getcpu are
 * normally answered by the vDSO without a syscall; the recorder turns the vDSO
 * off so that they arrive here (DESIGN.md, determinism).
 */
import { a, family, inS, outS } from './define';
import type { SyscallDef } from './types';

const sys = family('time');

export const TIME_SYSCALLS: SyscallDef[] = [
  sys(228, 'clock_gettime', [a.clockid(), a.struct('tp', 'timespec')], 'int', [
    outS(1, 'timespec'),
  ]),
  sys(229, 'clock_getres', [a.clockid(), a.struct('res', 'timespec')], 'int', [
    outS(1, 'timespec'),
  ]),
  sys(227, 'clock_settime', [a.clockid(), a.struct('tp', 'timespec')], 'int', [inS(1, 'timespec')]),
  sys(96, 'gettimeofday', [a.struct('tv', 'timeval'), a.struct('tz', 'timezone')], 'int', [
    outS(0, 'timeval'),
    outS(1, 'timezone'),
  ]),
  sys(164, 'settimeofday', [a.struct('tv', 'timeval'), a.struct('tz', 'timezone')], 'int', [
    inS(0, 'timeval'),
    inS(1, 'timezone'),
  ]),
  // tloc may be NULL; the time is also the result.
  sys(201, 'time', [a.struct('tloc', 'time_t')], 'value', [outS(0, 'time_t')]),
  // The result is clock ticks since an arbitrary point, never an error.
  sys(100, 'times', [a.struct('buf', 'tms')], 'value', [outS(0, 'tms')]),
  // The remaining time is written when the sleep is interrupted (EINTR), so it
  // is captured whatever the result.
  sys(35, 'nanosleep', [a.struct('req', 'timespec'), a.struct('rem', 'timespec')], 'int', [
    inS(0, 'timespec'),
    outS(1, 'timespec', 'always'),
  ]),
  sys(
    230,
    'clock_nanosleep',
    [
      a.clockid(),
      a.flags('flags', 'timer_flags'),
      a.struct('request', 'timespec'),
      a.struct('remain', 'timespec'),
    ],
    'int',
    [inS(2, 'timespec'), outS(3, 'timespec', 'always')],
  ),
  sys(37, 'alarm', [a.uint('seconds')], 'value'),
  sys(
    36,
    'getitimer',
    [a.enum('which', 'itimer_which'), a.struct('curr_value', 'itimerval')],
    'int',
    [outS(1, 'itimerval')],
  ),
  sys(
    38,
    'setitimer',
    [
      a.enum('which', 'itimer_which'),
      a.struct('new_value', 'itimerval'),
      a.struct('old_value', 'itimerval'),
    ],
    'int',
    [inS(1, 'itimerval'), outS(2, 'itimerval')],
  ),
  // The kernel's timer_t is an int (glibc maps its own timer_t onto it).
  sys(
    222,
    'timer_create',
    [a.clockid(), a.struct('sevp', 'sigevent'), a.struct('timerid', 'timer_t')],
    'int',
    [inS(1, 'sigevent'), outS(2, 'timer_t')],
  ),
  sys(
    223,
    'timer_settime',
    [
      a.int('timerid'),
      a.flags('flags', 'timer_flags'),
      a.struct('new_value', 'itimerspec'),
      a.struct('old_value', 'itimerspec'),
    ],
    'int',
    [inS(2, 'itimerspec'), outS(3, 'itimerspec')],
  ),
  sys(224, 'timer_gettime', [a.int('timerid'), a.struct('curr_value', 'itimerspec')], 'int', [
    outS(1, 'itimerspec'),
  ]),
  sys(225, 'timer_getoverrun', [a.int('timerid')], 'int'),
  sys(226, 'timer_delete', [a.int('timerid')], 'int'),
  sys(283, 'timerfd_create', [a.clockid(), a.flags('flags', 'timerfd_flags')], 'fd'),
  sys(
    286,
    'timerfd_settime',
    [
      a.fd(),
      a.flags('flags', 'timerfd_settime_flags'),
      a.struct('new_value', 'itimerspec'),
      a.struct('old_value', 'itimerspec'),
    ],
    'int',
    [inS(2, 'itimerspec'), outS(3, 'itimerspec')],
  ),
  sys(287, 'timerfd_gettime', [a.fd(), a.struct('curr_value', 'itimerspec')], 'int', [
    outS(1, 'itimerspec'),
  ]),
  // adjtimex reads the modes and returns the clock state with the struct updated.
  sys(159, 'adjtimex', [a.struct('buf', 'timex')], 'int', [inS(0, 'timex'), outS(0, 'timex')]),
  sys(305, 'clock_adjtime', [a.clockid(), a.struct('buf', 'timex')], 'int', [
    inS(1, 'timex'),
    outS(1, 'timex'),
  ]),
];
