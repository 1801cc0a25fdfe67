/**
 * Environment redaction: traces hold the program's environment (in the header
 * and in every execve's envp), which often carries tokens and passwords.
 */
import type { SyscallRecord } from '../formats/trace/records';

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

/**
 * Returns a function that rewrites the envp region of execve/execveat records
 * in place. Loads the syscall table only when there is something to redact:
 * it is large, and start-up time is part of every recording.
 */
export async function execEnvRedactor(
  matches: (name: string) => boolean,
): Promise<(rec: SyscallRecord) => void> {
  const { syscallNumber } = await import('../formats/syscalls');
  const execve = syscallNumber('execve');
  const execveat = syscallNumber('execveat');
  return (rec) => redactExecEnv(rec, execve, execveat, matches);
}

function redactExecEnv(
  rec: SyscallRecord,
  execve: number | undefined,
  execveat: number | undefined,
  matches: (name: string) => boolean,
): void {
  const envArg = rec.nr === execve ? 2 : rec.nr === execveat ? 3 : -1;
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
