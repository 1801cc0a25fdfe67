/**
 * Jest matchers on a recorded run (a {@link RunResult} or a {@link Trace}):
 * `toHaveSyscall`, `toHaveSyscallSequence`, `toAccessOnly`, `toUseNetwork`.
 */
import type { MatcherContext } from 'expect';
import { minimatch } from 'minimatch';
import * as path from 'node:path';
import { syscallByName } from '../formats/syscalls';
import { SYSTEM_PATHS } from './paths';
import { syscallLines, type SnapshotOptions } from './snapshot';
import type { Call, Trace } from './trace';

/**
 * What one argument must be: a string (a path argument: the path or a glob;
 * a flags argument: flag names that must all be set, `O_WRONLY|O_CREAT`;
 * anything else: the decoded text), a RegExp on the decoded text, a number or
 * bigint (the raw value), or an asymmetric matcher (`expect.any(String)`).
 */
export type ArgMatcher =
  string | RegExp | number | bigint | { asymmetricMatch(v: unknown): boolean };

/**
 * The arguments a call must have: by position (`[undefined, '*.json']`) or by
 * their names in the syscall table (`{ pathname: '*.json' }`); arguments left
 * out match anything.
 */
export type ArgsMatcher =
  readonly (ArgMatcher | undefined)[] | Readonly<Record<string, ArgMatcher>>;

/** One step of {@link toHaveSyscallSequence}: a name, or a name with arguments. */
export type SyscallStep =
  string | readonly [string, ArgsMatcher] | { name: string; args?: ArgsMatcher };

type Received = Trace | { trace: Trace };

function traceOf(received: unknown): Trace {
  const r = received as Received | undefined;
  const trace = r && 'trace' in r ? r.trace : r;
  if (!trace || typeof (trace as Trace).calls !== 'function')
    throw new Error('expected a systape run result or trace (what systape.run gives back)');
  return trace as Trace;
}

const GLOB = /[*?[{]/;

function isAsymmetric(m: unknown): m is { asymmetricMatch(v: unknown): boolean } {
  return typeof m === 'object' && m !== null && 'asymmetricMatch' in m;
}

function argMatches(call: Call, index: number, m: ArgMatcher): boolean {
  const text = call.args[index];
  if (text === undefined) return false;
  const def = syscallByName(call.name)?.args[index];
  if (isAsymmetric(m)) return m.asymmetricMatch(text);
  if (m instanceof RegExp) return m.test(text);
  if (typeof m === 'number' || typeof m === 'bigint') {
    const raw = call.record.args[index];
    return raw !== undefined && BigInt.asIntN(64, BigInt(raw)) === BigInt.asIntN(64, BigInt(m));
  }
  if (def?.type === 'path') {
    const candidates = [
      text,
      ...call.paths.filter((p) => path.basename(p) === path.basename(text)),
    ];
    return candidates.some((c) =>
      GLOB.test(m) ? minimatch(c, m, { dot: true, matchBase: !m.includes('/') }) : c === m,
    );
  }
  if (def?.type === 'flags') {
    const have = new Set(text.split('|'));
    return m.split('|').every((f) => have.has(f.trim()));
  }
  return text === m;
}

function callMatches(call: Call, name: string, args: ArgsMatcher | undefined): boolean {
  if (call.name !== name) return false;
  if (!args) return true;
  if (Array.isArray(args)) {
    return (args as readonly (ArgMatcher | undefined)[]).every(
      (m, i) => m === undefined || argMatches(call, i, m),
    );
  }
  return Object.entries(args as Record<string, ArgMatcher>).every(([argName, m]) => {
    const i = call.argNames.indexOf(argName);
    if (i < 0)
      throw new Error(
        `${call.name} has no argument "${argName}" (it has ${call.argNames.join(', ')})`,
      );
    return argMatches(call, i, m);
  });
}

function checkName(name: string): void {
  if (!syscallByName(name)) throw new Error(`unknown syscall "${name}"`);
}

function describeArgs(args: ArgsMatcher | undefined): string {
  if (!args) return '';
  const show = (m: ArgMatcher | undefined) =>
    m === undefined
      ? '_'
      : isAsymmetric(m)
        ? String(m)
        : m instanceof RegExp
          ? String(m)
          : typeof m === 'string'
            ? JSON.stringify(m)
            : String(m);
  if (Array.isArray(args))
    return (args as readonly (ArgMatcher | undefined)[]).map(show).join(', ');
  return Object.entries(args as Record<string, ArgMatcher>)
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join(', ');
}

function stepOf(step: SyscallStep): { name: string; args?: ArgsMatcher } {
  if (typeof step === 'string') return { name: step };
  if (Array.isArray(step)) return { name: step[0] as string, args: step[1] as ArgsMatcher };
  return step as { name: string; args?: ArgsMatcher };
}

const LIMIT = 20;
const LINE_LIMIT = 200;

/** A line cut to a readable length (a getdents64 lists a whole directory). */
function clip(line: string): string {
  return line.length > LINE_LIMIT ? `${line.slice(0, LINE_LIMIT - 1)}…` : line;
}

function isSystemPath(p: string): boolean {
  return SYSTEM_PATHS.some((g) => minimatch(p, g, { dot: true }));
}

/** Calls as lines; those on system files only (libraries, locales) last, and counted rather than shown. */
function listCalls(calls: readonly Call[]): string {
  const onSystem = (c: Call) => c.paths.length > 0 && c.paths.every(isSystemPath);
  const own = calls.filter((c) => !onSystem(c));
  const shown = own.slice(0, LIMIT).map((c) => `  #${c.seq} [${c.pid}] ${clip(c.line)}`);
  if (own.length > LIMIT) shown.push(`  ... and ${own.length - LIMIT} more`);
  const system = calls.length - own.length;
  if (system) shown.push(`  (and ${system} on system files: libraries, locales, /proc...)`);
  return shown.join('\n');
}

/** The run made a call to `name` (with arguments matching `args`). */
function toHaveSyscall(this: MatcherContext, received: unknown, name: string, args?: ArgsMatcher) {
  checkName(name);
  const trace = traceOf(received);
  const calls = trace.calls(name);
  const matching = calls.filter((c) => callMatches(c, name, args));
  const pass = matching.length > 0;
  const wanted = `${name}(${describeArgs(args)})`;
  const hint = this.utils.matcherHint('toHaveSyscall', 'run', 'name, args', {
    isNot: this.isNot,
  });
  return {
    pass,
    message: () =>
      pass
        ? `${hint}\n\nExpected no call ${this.utils.printExpected(wanted)}, but the run made ${matching.length}:\n` +
          this.utils.RECEIVED_COLOR(listCalls(matching))
        : `${hint}\n\nExpected a call ${this.utils.printExpected(wanted)}, ` +
          (calls.length
            ? `but the ${name} calls were:\n${this.utils.RECEIVED_COLOR(listCalls(calls))}`
            : `but the run made no ${name} call.`),
  };
}

/**
 * The run made these calls in this order (others may come between them); each
 * step matches the first call after the previous step's that fits it.
 */
function toHaveSyscallSequence(
  this: MatcherContext,
  received: unknown,
  steps: readonly SyscallStep[],
) {
  const trace = traceOf(received);
  const wanted = steps.map(stepOf);
  for (const s of wanted) checkName(s.name);
  const names = [...new Set(wanted.map((s) => s.name))];
  const relevant = trace.calls(names);
  const found: Call[] = [];
  let at = 0;
  for (const step of wanted) {
    while (at < relevant.length && !callMatches(relevant[at], step.name, step.args)) at++;
    if (at === relevant.length) break;
    found.push(relevant[at++]);
  }
  const pass = found.length === wanted.length;
  const describe = (s: { name: string; args?: ArgsMatcher }) =>
    `${s.name}(${describeArgs(s.args)})`;
  const hint = this.utils.matcherHint('toHaveSyscallSequence', 'run', 'steps', {
    isNot: this.isNot,
  });
  return {
    pass,
    message: () => {
      if (pass)
        return (
          `${hint}\n\nExpected the run not to make these calls in order, but it did:\n` +
          this.utils.RECEIVED_COLOR(listCalls(found))
        );
      const missing = wanted[found.length];
      const last = found[found.length - 1];
      const after = last ? ` after #${last.seq}` : '';
      // the steps found are the same on both sides; the first one missing is what differs
      const expectedLines = wanted.map(describe).join('\n');
      const foundLines = wanted.slice(0, found.length).map(describe).join('\n');
      const candidates = trace.calls(missing.name).filter((c) => !last || c.seq > last.seq);
      return (
        `${hint}\n\n${found.length} of ${wanted.length} steps found in order; ` +
        `no ${this.utils.printExpected(describe(missing))}${after}.\n\n` +
        (this.utils.diff(expectedLines, foundLines, {
          aAnnotation: 'Expected steps',
          bAnnotation: 'Found in order',
        }) ?? '') +
        (found.length ? `\n\nFound:\n${this.utils.RECEIVED_COLOR(listCalls(found))}` : '') +
        `\n\n${missing.name} calls${after}: ` +
        (candidates.length ? `\n${this.utils.RECEIVED_COLOR(listCalls(candidates))}` : 'none')
      );
    },
  };
}

/**
 * Every file the run named matches one of `globs` (relative globs: from the
 * run's working directory, but for those starting with `**`). The files of {@link SYSTEM_PATHS}, and the working
 * directory itself, are left out unless `{ system: true }`.
 */
function toAccessOnly(
  this: MatcherContext,
  received: unknown,
  globs: readonly string[],
  options: { system?: boolean } = {},
) {
  const trace = traceOf(received);
  const cwd = trace.header?.cwd ?? process.cwd();
  // (a glob from `**` matches anywhere)
  const allowed = globs.map((g) =>
    path.isAbsolute(g) || g.startsWith('**') ? g : path.join(cwd, g),
  );
  const system = options.system ? [] : SYSTEM_PATHS;
  // (a directory matches `dir/**` too)
  const matches = (p: string, list: readonly string[]) =>
    list.some((g) => minimatch(p, g, { dot: true }) || minimatch(`${p}/`, g, { dot: true }));
  // (the working directory itself: a shell looks at it)
  const touched = trace.files.accessed.filter(
    (p) => !(p === cwd && !options.system) && !matches(p, system),
  );
  const outside = touched.filter((p) => !matches(p, allowed));
  const pass = outside.length === 0;
  const hint = this.utils.matcherHint('toAccessOnly', 'run', 'globs', { isNot: this.isNot });
  return {
    pass,
    message: () =>
      pass
        ? `${hint}\n\nExpected the run to touch something outside ${this.utils.printExpected(globs)}, but all it touched was:\n` +
          this.utils.RECEIVED_COLOR(touched.map((p) => `  ${p}`).join('\n') || '  (nothing)')
        : `${hint}\n\nExpected only files matching ${this.utils.printExpected(globs)}, but the run also touched:\n` +
          this.utils.RECEIVED_COLOR(outside.map((p) => `  ${p}`).join('\n')),
  };
}

/** The run connected to, bound, or sent to an internet address (AF_INET, AF_INET6). */
function toUseNetwork(this: MatcherContext, received: unknown) {
  const { calls, endpoints } = traceOf(received).network;
  const pass = endpoints.length > 0;
  const hint = this.utils.matcherHint('toUseNetwork', 'run', '', { isNot: this.isNot });
  return {
    pass,
    message: () =>
      pass
        ? `${hint}\n\nExpected no network use, but the run used ${this.utils.printReceived(endpoints)}:\n` +
          this.utils.RECEIVED_COLOR(listCalls(calls))
        : `${hint}\n\nExpected the run to use the network, but it made no internet connection.`,
  };
}

type SnapshotMatcher = (this: MatcherContext, received: unknown, hint?: string) => unknown;

/**
 * Jest's own snapshot matcher, from the Jest running the test: `jest-snapshot`
 * (a dependency of Jest, not of systape) found beside this package, or beside
 * the Jest worker, or in the project.
 */
function jestSnapshot(): { toMatchSnapshot: SnapshotMatcher } {
  const from = [__dirname, path.dirname(process.argv[1] ?? ''), process.cwd()];
  for (const dir of from) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(require.resolve('jest-snapshot', { paths: [dir] })) as {
        toMatchSnapshot: SnapshotMatcher;
      };
    } catch {
      // not from there
    }
  }
  throw new Error('toMatchSyscallSnapshot: cannot find jest-snapshot (it comes with Jest)');
}

/**
 * The run's calls match the stored snapshot: normalised strace-like lines
 * (see snapshot.ts), kept by Jest's snapshot machinery (`-u` updates it,
 * `--ci` does not write a missing one).
 */
function toMatchSyscallSnapshot(
  this: MatcherContext,
  received: unknown,
  options: SnapshotOptions = {},
  hint?: string,
) {
  const lines = syscallLines(traceOf(received), options);
  const { toMatchSnapshot } = jestSnapshot();
  // (an explicit undefined second argument would be taken for property matchers)
  const result =
    hint === undefined
      ? toMatchSnapshot.call(this, lines)
      : toMatchSnapshot.call(this, lines, hint);
  return result as { pass: boolean; message: () => string };
}

/** The matchers, for `expect.extend` (the preset registers them). */
export const matchers = {
  toHaveSyscall,
  toHaveSyscallSequence,
  toAccessOnly,
  toUseNetwork,
  toMatchSyscallSnapshot,
};
