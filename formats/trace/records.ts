/**
 * The records of a `*.systape` trace, as the library hands them out.
 * Their on-disk encoding (positional msgpack arrays inside CRC-checked chunks)
 * lives in `codec.ts`; see `formats/trace/README.md` for the byte layout.
 */

/** A 64-bit register value: a number when it fits in a double exactly, else a bigint. */
export type Word = number | bigint;

export const FORMAT_MAJOR = 1;
export const FORMAT_MINOR = 3;

/** First record of every trace. */
export interface TraceHeader {
  format: { major: number; minor: number };
  systapeVersion: string;
  arch: 'x86_64';
  /** `uname -r` of the recording machine */
  kernel: string;
  /** e.g. "glibc 2.36" */
  libc: string;
  hostname: string;
  argv: string[];
  cwd: string;
  /** environment the program started with; redacted values are "<redacted>" */
  env: Record<string, string>;
  /** milliseconds since the epoch */
  startTime: number;
  /** recording options that matter to readers and replay */
  options: {
    pin: boolean;
    aslr: boolean;
    vdso: boolean;
    /** (1.2) threads were given their turns in an order drawn at random (`--chaos`) */
    chaos?: boolean;
  };
  /** the faults injected while recording (`--inject` rules, as written), if any */
  injections?: string[];
  /**
   * (1.2) the trace keeps the files the program ran and mapped, in file chunks
   * (`systape pack`): replay takes them from there, not from the replaying machine
   */
  packed?: boolean;
  /**
   * (1.2) the pack directory holding kept files this trace shares with others, relative to
   * the trace's directory (`systape pack --into DIR`)
   */
  packDir?: string;
  /**
   * (1.2) the CPU recorded on: vendor, model name and CPUID feature flags (as /proc/cpuinfo
   * names them), which the program may have acted on
   */
  cpu?: { vendor: string; model: string; features: string[] };
}

/**
 * A memory region a syscall read ('in', captured at entry) or wrote ('out', at
 * exit); or ('data') bytes it moved from the file at descriptor argument `arg`
 * to another descriptor inside the kernel, `addr` being the file offset; or
 * ('path') the path of the file open at descriptor argument `arg` (what an
 * mmap maps), `addr` 0.
 */
export interface MemRegion {
  dir: 'in' | 'out' | 'data' | 'path';
  /** index of the argument the region hangs from (-1 when not tied to one) */
  arg: number;
  addr: Word;
  bytes: Uint8Array;
}

export interface SyscallRecord {
  t: 'sys';
  /** global order across all threads and processes */
  seq: number;
  pid: number;
  tid: number;
  nr: number;
  args: Word[];
  /** raw result: -4095..-1 is -errno */
  ret: Word;
  mem: MemRegion[];
  /** bit flags, see {@link SyscallFlags} */
  flags: number;
  /**
   * when the call was made, in nanoseconds since the recording started, and how long it took
   * (from the tracer's entry stop to its exit stop, or around the call in the fast-path hook);
   * absent in traces before format 1.2 and in calls that never returned
   */
  time?: { start: number; dur: number };
}

export const SyscallFlags = {
  /** the syscall table does not describe this call: raw arguments only */
  UNDESCRIBED: 1,
  /** the tracer changed this call (e.g. refused io_uring_setup with ENOSYS) */
  REFUSED: 2,
  /** the thread never returned (exit, exit_group, execve success in another thread) */
  NO_RETURN: 4,
  /** memory capture was cut short (a region was unreadable or too large) */
  MEM_TRUNCATED: 8,
  /** a fault was injected (`--inject`): the call was not made, `ret` is what it got instead */
  INJECTED: 16,
} as const;

/** A new process or thread appeared. */
export interface SpawnRecord {
  t: 'spawn';
  seq: number;
  /** the parent's pid and tid (the thread that called clone/fork) */
  pid: number;
  tid: number;
  /** the new task's pid (tgid) and tid */
  childPid: number;
  childTid: number;
  kind: 'process' | 'thread' | 'vfork';
}

/** A successful execve: the process now runs a new program. */
export interface ExecRecord {
  t: 'exec';
  seq: number;
  pid: number;
  /** tid that called execve (it becomes pid after the exec) */
  tid: number;
  /** the executable, as the kernel resolved it (/proc/PID/exe) */
  path: string;
  argv: string[];
  /** auxiliary vector as [type, value] pairs, as the program will see it */
  auxv: [number, Word][];
  /** the 16 AT_RANDOM bytes */
  random: Uint8Array;
}

/** A signal was delivered to a thread (signal-delivery stop). */
export interface SignalRecord {
  t: 'signal';
  seq: number;
  pid: number;
  tid: number;
  signo: number;
  /** si_code of the siginfo */
  code: number;
  /** the sending pid, when the signal came from a process */
  senderPid: number;
}

/** A thread or process ended. */
export interface ExitRecord {
  t: 'exit';
  seq: number;
  pid: number;
  tid: number;
  /** true when this was the last thread of its process */
  processExit: boolean;
  /** exit code, when it exited normally */
  code: number | null;
  /** terminating signal, when killed by one */
  signal: number | null;
  core: boolean;
}

/**
 * A file the program mapped into memory, as it was when recorded. Replay
 * rebuilds file mappings from the file; when it has changed since, from the
 * copy kept at `copy`.
 */
export interface MappedFile {
  path: string;
  size: number;
  /** modification time, milliseconds since the epoch (with the fraction stat gives) */
  mtimeMs: number;
  ino: number;
  /** where a copy of its recorded contents was kept, if one was */
  copy: string | null;
  /**
   * 'exec' (format 1.2) for a file the kernel loaded at an execve: the program, or the ELF
   * interpreter it names; absent for a file the program mapped with mmap
   */
  how?: 'exec';
  /** SHA-256 of its contents, in hex (format 1.2): what replay elsewhere checks it by */
  sha256?: string;
}

/**
 * A new thread or process ran user code for the first time (format 1.1): replay
 * lets it start at the same point among the other threads' calls.
 */
export interface StartRecord {
  t: 'start';
  seq: number;
  pid: number;
  tid: number;
}

/** Last record: how the recording ended. Absent when the recorder was killed. */
export interface EndRecord {
  t: 'end';
  seq: number;
  /** exit status of the root program as a shell reports it (128+signal when killed) */
  exitStatus: number;
  /** wall time of the recording, milliseconds */
  durationMs: number;
  syscalls: number;
  /** the files the program mapped (absent when it mapped none) */
  files?: MappedFile[];
  /** how many of the syscalls were recorded in-process, by the fast path (absent: unknown) */
  fastCalls?: number;
}

export type TraceRecord =
  SyscallRecord | SpawnRecord | ExecRecord | SignalRecord | ExitRecord | EndRecord | StartRecord;
