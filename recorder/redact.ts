/**
 * Environment redaction: traces hold the program's environment (in the header
 * and in every execve's envp), which often carries tokens and passwords.
 */
import type { SyscallRecord } from '../formats/trace/records';
import { syscallNumber } from '../formats/syscalls';

export const REDACTED = '<redacted>';

/** Compile shell-style globs (`*TOKEN*`, `AWS_?EY`) matched against variable names. */
export function envMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const res = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .split('')
          .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
      ),
  );
  return (name) => res.some((re) => re.test(name));
}

export function redactEnv(
  env: Record<string, string>,
  matches: (name: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = matches(k) ? REDACTED : v;
  return out;
}

const EXECVE = syscallNumber('execve');
const EXECVEAT = syscallNumber('execveat');

/** Rewrite the envp region of an execve/execveat record in place. */
export function redactExecEnv(rec: SyscallRecord, matches: (name: string) => boolean): void {
  const envArg = rec.nr === EXECVE ? 2 : rec.nr === EXECVEAT ? 3 : -1;
  if (envArg < 0) return;
  for (const region of rec.mem) {
    if (region.dir !== 'in' || region.arg !== envArg) continue;
    const entries = Buffer.from(region.bytes).toString('utf8').split('\0');
    let changed = false;
    const rewritten = entries.map((e) => {
      const eq = e.indexOf('=');
      if (eq > 0 && matches(e.slice(0, eq))) {
        changed = true;
        return `${e.slice(0, eq + 1)}${REDACTED}`;
      }
      return e;
    });
    if (changed) region.bytes = Buffer.from(rewritten.join('\0'));
  }
}
