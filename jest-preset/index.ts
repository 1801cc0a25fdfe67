/**
 * `systape/jest`: run commands recorded from Jest tests and assert on their
 * system calls.
 *
 * ```ts
 * import { systape } from 'systape/jest';
 *
 * test('init writes its config and nothing else', async () => {
 *   const run = await systape.run(['mycli', 'init'], { cwd: dir });
 *   expect(run.exitCode).toBe(0);
 *   expect(run).toHaveSyscall('openat', { pathname: '*.json', flags: 'O_WRONLY' });
 *   expect(run).toAccessOnly([`${dir}/**`]);
 *   expect(run).not.toUseNetwork();
 * });
 * ```
 *
 * With `preset: 'systape'` in the Jest config the matchers are registered;
 * without it, `expect.extend(matchers)`.
 */
import type { ArgsMatcher, SyscallStep } from './matchers';
import type { SnapshotOptions } from './snapshot';
import { run } from './run';

export { matchers } from './matchers';
export { SYSTEM_PATHS } from './paths';
export { NOISE, syscallLines, type SnapshotOptions } from './snapshot';
export type { ArgMatcher, ArgsMatcher, SyscallStep } from './matchers';
export { run, type RunOptions, type RunResult } from './run';
export { Trace, type Call, type TracedProcess } from './trace';

/** The test API: `systape.run(argv, options)`. */
export const systape = { run };

/** systape's matchers, on a run result or a trace. */
export interface SystapeMatchers<R> {
  /** the run made a call to `name`, with arguments matching `args` if given */
  toHaveSyscall(name: string, args?: ArgsMatcher): R;
  /** the run made these calls in this order (others may come between them) */
  toHaveSyscallSequence(steps: readonly SyscallStep[]): R;
  /** every file the run named matches one of `globs` (system files aside, unless `system`) */
  toAccessOnly(globs: readonly string[], options?: { system?: boolean }): R;
  /** the run connected to, bound or sent to an internet address */
  toUseNetwork(): R;
  /** the run's calls, normalised, match the stored snapshot */
  toMatchSyscallSnapshot(options?: SnapshotOptions, hint?: string): R;
}

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<R> extends SystapeMatchers<R> {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R> extends SystapeMatchers<R> {}
  }
}
