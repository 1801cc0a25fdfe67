/**
 * Fault injection on top of {@link intercept}: rules such as
 * `write:ENOSPC:path=*.json:nth=2` make chosen calls fail (or wait) the way a
 * full disk, a refused connection or a slow device would, so that a test can
 * see how a program copes.
 *
 * A rule is `SYSCALL:ACTION[:FILTER]...`:
 * - ACTION: an errno name (`ENOSPC`): the call is not made and fails with it;
 *   or `delay=DURATION` (`200ms`, `1.5s`): the call is made that much later.
 * - FILTER: `path=GLOB` only calls on a matching file: a path argument, or the
 *   file behind a descriptor argument (a glob without `/` matches the base
 *   name); `nth=N` only the Nth call the rule matches (counted from 1);
 *   `pid=N` only calls of that process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { SystapeError } from '../formats/errors';
import { syscallByNumber } from '../formats/syscalls';
import {
  errnoValue,
  interceptableNumber,
  type InterceptedCall,
  type InterceptOptions,
} from './intercept';

/** One parsed rule. */
export interface Injection {
  /** the rule as written */
  spec: string;
  syscall: string;
  nr: number;
  /** fail with this errno (its name) */
  errno?: string;
  /** or make the call after this many milliseconds */
  delayMs?: number;
  /** only calls on a file matching this glob */
  path?: string;
  /** only the Nth matching call (1 = the first) */
  nth?: number;
  /** only calls of this process */
  pid?: number;
}

/** What happened to one call because of a rule. */
export interface InjectedFault {
  injection: Injection;
  /** the call, as a line (`write(3, "...", 5) = ?`) */
  call: string;
  pid: number;
  tid: number;
}

function bad(spec: string, why: string): SystapeError {
  return new SystapeError('BAD_INJECTION', `bad --inject "${spec}": ${why}`);
}

function parseDuration(spec: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  if (!m) throw bad(spec, `delay "${value}" is not a duration (200ms, 1.5s)`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

function parsePositive(spec: string, name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw bad(spec, `${name}=${value} is not a positive integer`);
  return n;
}

/** Parse one rule; unknown syscalls and errnos are errors naming near matches. */
export function parseInjection(spec: string): Injection {
  const [syscall = '', action = '', ...filters] = spec.split(':');
  if (!syscall.trim()) throw bad(spec, 'no syscall (SYSCALL:ERRNO or SYSCALL:delay=DURATION)');
  if (!action.trim()) throw bad(spec, 'no action: an errno (ENOSPC) or delay=DURATION');
  let nr: number;
  try {
    nr = interceptableNumber(syscall);
  } catch (e) {
    throw bad(spec, (e as Error).message);
  }
  const rule: Injection = { spec, syscall: syscall.trim(), nr };
  if (action.startsWith('delay=')) {
    rule.delayMs = parseDuration(spec, action.slice('delay='.length));
  } else {
    try {
      errnoValue(action);
    } catch (e) {
      throw bad(spec, (e as Error).message);
    }
    rule.errno = action.trim().toUpperCase();
  }
  for (const filter of filters) {
    const eq = filter.indexOf('=');
    const key = eq < 0 ? filter : filter.slice(0, eq);
    const value = eq < 0 ? '' : filter.slice(eq + 1);
    if (key === 'path' && value) rule.path = value;
    else if (key === 'nth') rule.nth = parsePositive(spec, key, value);
    else if (key === 'pid') rule.pid = parsePositive(spec, key, value);
    else throw bad(spec, `unknown filter "${filter}" (path=GLOB, nth=N, pid=N)`);
  }
  if (rule.path !== undefined && !fileArgument(nr))
    throw bad(spec, `${rule.syscall} takes no path or descriptor to match path= against`);
  return rule;
}

/** The argument naming the file a call works on: a path, else a descriptor. */
function fileArgument(nr: number): { index: number; kind: 'path' | 'fd' } | undefined {
  const args = syscallByNumber(nr)?.args ?? [];
  const p = args.findIndex((a) => a.type === 'path');
  if (p >= 0) return { index: p, kind: 'path' };
  const fd = args.findIndex((a) => a.type === 'fd');
  return fd >= 0 ? { index: fd, kind: 'fd' } : undefined;
}

/** The file a call works on, as an absolute path when it can tell. */
function fileOf(call: InterceptedCall): string | undefined {
  const arg = fileArgument(call.nr);
  if (!arg) return undefined;
  try {
    if (arg.kind === 'fd')
      return fs.readlinkSync(
        `/proc/${call.pid}/fd/${Number(BigInt.asIntN(32, call.args[arg.index]))}`,
      );
    const p = call.readString(call.args[arg.index]);
    return path.isAbsolute(p) ? p : path.join(fs.readlinkSync(`/proc/${call.pid}/cwd`), p);
  } catch {
    return undefined; // a descriptor gone, memory unreadable: no file to match
  }
}

/**
 * The intercept options that apply `rules`: only their syscalls stop, and
 * `onInjected` hears of each fault as it is injected.
 */
export function injector(
  rules: readonly Injection[],
  onInjected?: (fault: InjectedFault) => void,
): Pick<InterceptOptions, 'syscalls' | 'onEntry'> {
  const counts = rules.map(() => 0);
  return {
    syscalls: [...new Set(rules.map((r) => r.nr))],
    async onEntry(call) {
      for (const [i, rule] of rules.entries()) {
        if (rule.nr !== call.nr || (rule.pid !== undefined && rule.pid !== call.pid)) continue;
        if (rule.path !== undefined) {
          const file = fileOf(call);
          if (file === undefined || !minimatch(file, rule.path, { matchBase: true, dot: true }))
            continue;
        }
        counts[i]++;
        if (rule.nth !== undefined && counts[i] !== rule.nth) continue;
        onInjected?.({ injection: rule, call: call.toString(), pid: call.pid, tid: call.tid });
        if (rule.delayMs !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
        } else if (rule.errno !== undefined) {
          call.fail(rule.errno);
          return; // one fault per call
        }
      }
    },
  };
}
