/**
 * Inter-process communication: pipes, eventfd, futexes, System V IPC, POSIX
 * message queues. Shared memory itself changes outside syscalls; see the
 * "shared memory with the outside" hazard in DESIGN.md.
 */
import { a, byArg, cstr, family, fixed, inp, inS, out, outS, RET } from './define';
import type { SyscallDef } from './types';

const sys = family('ipc');

export const IPC_SYSCALLS: SyscallDef[] = [
  sys(22, 'pipe', [a.struct('pipefd', 'fd_pair')], 'int', [outS(0, 'fd_pair')]),
  sys(293, 'pipe2', [a.struct('pipefd', 'fd_pair'), a.flags('flags', 'pipe_flags')], 'int', [
    outS(0, 'fd_pair'),
  ]),
  sys(284, 'eventfd', [a.uint('initval')], 'fd'),
  sys(290, 'eventfd2', [a.uint('initval'), a.flags('flags', 'eventfd_flags')], 'fd'),

  // --- futexes ---
  // The kernel writes no memory: it compares the futex word (FUTEX_WAIT*) or
  // wakes waiters. The word is captured so replay can check the program saw the
  // same value. timeout is a timespec pointer for the WAIT operations but an
  // integer (val2) for REQUEUE/CMP_REQUEUE/WAKE_OP, so it is not captured.
  sys(
    202,
    'futex',
    [
      a.ptr('uaddr'),
      a.flags('futex_op', 'futex_op'),
      a.uint('val'),
      a.hex('timeout'),
      a.ptr('uaddr2'),
      a.hex('val3'),
    ],
    'int',
    [inp(0, fixed(4))],
  ),
  sys(
    449,
    'futex_waitv',
    [
      a.struct('waiters', 'futex_waitv'),
      a.uint('nr_futexes'),
      a.hex('flags'),
      a.struct('timeout', 'timespec'),
      a.clockid(),
    ],
    'int',
    [inp(0, byArg(1, 24)), inS(3, 'timespec')],
  ),
  sys(
    454,
    'futex_wake',
    [a.ptr('uaddr'), a.hex('mask'), a.int('nr'), a.flags('flags', 'futex2_flags')],
    'int',
  ),
  // futex2 only implements 32-bit futexes so far: the word is 4 bytes.
  sys(
    455,
    'futex_wait',
    [
      a.ptr('uaddr'),
      a.hex('val'),
      a.hex('mask'),
      a.flags('flags', 'futex2_flags'),
      a.struct('timeout', 'timespec'),
      a.clockid(),
    ],
    'int',
    [inp(0, fixed(4)), inS(4, 'timespec')],
  ),
  // waiters is always a pair: the futex to wake and the one to requeue onto.
  sys(
    456,
    'futex_requeue',
    [a.struct('waiters', 'futex_waitv'), a.hex('flags'), a.int('nr_wake'), a.int('nr_requeue')],
    'int',
    [inp(0, fixed(48))],
  ),

  // --- System V shared memory, semaphores, message queues ---
  sys(29, 'shmget', [a.hex('key'), a.size('size'), a.flags('shmflg', 'shmget_flags')], 'int'),
  sys(30, 'shmat', [a.int('shmid'), a.ptr('shmaddr'), a.flags('shmflg', 'shmat_flags')], 'ptr'),
  sys(67, 'shmdt', [a.ptr('shmaddr')], 'int'),
  // The *ctl calls read or write a struct chosen by cmd (IPC_STAT writes
  // shmid_ds, IPC_SET reads it, IPC_INFO writes shminfo, ...): not described.
  sys(
    31,
    'shmctl',
    [a.int('shmid'), a.enum('cmd', 'shmctl_cmd'), a.struct('buf', 'shmid_ds')],
    'int',
    [],
    { described: false },
  ),
  sys(64, 'semget', [a.hex('key'), a.int('nsems'), a.flags('semflg', 'ipc_flags')], 'int'),
  // struct sembuf is 6 bytes.
  sys(65, 'semop', [a.int('semid'), a.struct('sops', 'sembuf'), a.size('nsops')], 'int', [
    inp(1, byArg(2, 6)),
  ]),
  sys(
    220,
    'semtimedop',
    [a.int('semid'), a.struct('sops', 'sembuf'), a.size('nsops'), a.struct('timeout', 'timespec')],
    'int',
    [inp(1, byArg(2, 6)), inS(3, 'timespec')],
  ),
  sys(
    66,
    'semctl',
    [a.int('semid'), a.int('semnum'), a.enum('cmd', 'semctl_cmd'), a.hex('arg')],
    'int',
    [],
    { described: false },
  ),
  sys(68, 'msgget', [a.hex('key'), a.flags('msgflg', 'ipc_flags')], 'int'),
  // The message is an 8-byte type followed by msgsz bytes: a size the schema
  // cannot express, so the payload is not compared (msgsnd only reads memory).
  sys(
    69,
    'msgsnd',
    [
      a.int('msqid'),
      a.struct('msgp', 'msgbuf'),
      a.size('msgsz'),
      a.flags('msgflg', 'msg_ipc_flags'),
    ],
    'int',
  ),
  // msgrcv writes 8 + result bytes: not expressible, not described.
  sys(
    70,
    'msgrcv',
    [
      a.int('msqid'),
      a.struct('msgp', 'msgbuf'),
      a.size('msgsz'),
      a.int('msgtyp'),
      a.flags('msgflg', 'msg_ipc_flags'),
    ],
    'size',
    [],
    { described: false },
  ),
  sys(
    71,
    'msgctl',
    [a.int('msqid'), a.enum('cmd', 'msgctl_cmd'), a.struct('buf', 'msqid_ds')],
    'int',
    [],
    { described: false },
  ),

  // --- POSIX message queues ---
  sys(
    240,
    'mq_open',
    [a.str('name'), a.flags('oflag', 'open_flags'), a.mode(), a.struct('attr', 'mq_attr')],
    'fd',
    [cstr(0), inS(3, 'mq_attr')],
  ),
  sys(241, 'mq_unlink', [a.str('name')], 'int', [cstr(0)]),
  sys(
    242,
    'mq_timedsend',
    [
      a.fd('mqdes'),
      a.buf('msg_ptr'),
      a.size('msg_len'),
      a.uint('msg_prio'),
      a.struct('abs_timeout', 'timespec'),
    ],
    'int',
    [inp(1, byArg(2)), inS(4, 'timespec')],
  ),
  sys(
    243,
    'mq_timedreceive',
    [
      a.fd('mqdes'),
      a.buf('msg_ptr'),
      a.size('msg_len'),
      a.struct('msg_prio', 'uint'),
      a.struct('abs_timeout', 'timespec'),
    ],
    'size',
    [out(1, RET), outS(3, 'uint'), inS(4, 'timespec')],
  ),
  sys(244, 'mq_notify', [a.fd('mqdes'), a.struct('sevp', 'sigevent')], 'int', [inS(1, 'sigevent')]),
  sys(
    245,
    'mq_getsetattr',
    [a.fd('mqdes'), a.struct('newattr', 'mq_attr'), a.struct('oldattr', 'mq_attr')],
    'int',
    [inS(1, 'mq_attr'), outS(2, 'mq_attr')],
  ),
];
