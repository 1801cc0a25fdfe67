/**
 * Names for the processes and threads of a trace that do not depend on the
 * ids the kernel happened to hand out, so that two runs of one program can be
 * compared role by role: the recorded program is process `1`, the second
 * process it started `1.2`, that one's first child `1.2.1`; threads are
 * numbered in their process in the order they were made, the main thread 0.
 */
import type { TraceHeader, TraceRecord } from '../formats/trace/records';

/** Where a thread sits in its run, independent of pids. */
export interface TaskName {
  /** `1`, `1.2`, `1.2.1`... */
  process: string;
  /** 0 for the main thread, then 1, 2... in the order the process made them */
  thread: number;
}

/** `P1.2` for the main thread, `P1.2/T3` for another. */
export function taskLabel(t: TaskName): string {
  return t.thread === 0 ? `P${t.process}` : `P${t.process}/T${t.thread}`;
}

/** Follows spawns and execs, in trace order, to name every task (see the module comment). */
export class Identities {
  private readonly tasks = new Map<number, TaskName>();
  private readonly processOfPid = new Map<number, string>();
  private readonly childCount = new Map<string, number>();
  private readonly threadCount = new Map<string, number>();
  /** the argv each process ran last, by process name */
  readonly argv = new Map<string, string[]>();
  /** the pid each process name had */
  readonly pidOf = new Map<string, number>();

  constructor(private readonly header?: TraceHeader) {}

  /** Update the names with one record; call in trace order, before {@link task} for it. */
  observe(rec: TraceRecord): void {
    if (rec.t === 'end') return;
    if (this.tasks.size === 0) {
      this.tasks.set(rec.pid, { process: '1', thread: 0 });
      this.processOfPid.set(rec.pid, '1');
      this.pidOf.set('1', rec.pid);
      this.argv.set('1', this.header?.argv ?? []);
    }
    if (rec.t === 'spawn') {
      const parent = this.processName(rec.pid);
      if (rec.kind === 'thread') {
        const n = (this.threadCount.get(parent) ?? 0) + 1;
        this.threadCount.set(parent, n);
        this.tasks.set(rec.childTid, { process: parent, thread: n });
      } else {
        const n = (this.childCount.get(parent) ?? 0) + 1;
        this.childCount.set(parent, n);
        const name = `${parent}.${n}`;
        this.tasks.set(rec.childTid, { process: name, thread: 0 });
        this.processOfPid.set(rec.childPid, name);
        this.pidOf.set(name, rec.childPid);
        this.argv.set(name, this.argv.get(parent) ?? []);
      }
    } else if (rec.t === 'exec') {
      // the thread that called execve is the process's only thread now, with its pid
      const name = this.processName(rec.pid);
      this.tasks.set(rec.pid, { process: name, thread: 0 });
      this.argv.set(name, rec.argv);
    }
  }

  /** The name of process `pid` (as it is now in the trace). */
  processName(pid: number): string {
    return this.processOfPid.get(pid) ?? `pid${pid}`;
  }

  /** The name of thread `tid` of process `pid`. */
  task(pid: number, tid: number): TaskName {
    return this.tasks.get(tid) ?? { process: this.processName(pid), thread: -1 };
  }

  /** `P1.2` for a known pid, `P1.2/T3` for a known thread id, else undefined. */
  labelOfId(id: number): string | undefined {
    const t = this.tasks.get(id);
    if (t) return taskLabel(t);
    const p = this.processOfPid.get(id);
    return p === undefined ? undefined : `P${p}`;
  }
}
