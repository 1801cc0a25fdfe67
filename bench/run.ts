/**
 * `npm run bench`: times each workload natively, under `systape record` (with its in-process
 * fast path, the default), under `systape record --no-fastpath` (a stop at every syscall),
 * under pinned `strace -f` and under `systape replay` of the fast-path trace, alternating the
 * modes within each round, then prints a Markdown table and writes bench/results/latest.json.
 * The fast-path trace's end record says how many calls were recorded in-process.
 *
 * Options: --runs N (default 5), --quick (3 runs), --nofast-runs N (rounds that also time
 * --no-fastpath, default min(3, runs): it is the slow one), --only NAME[,NAME], --no-pin,
 * --timeout SECONDS (per run, default 300). SYSTAPE_BENCH_CLI overrides the CLI command
 * (default `bin/systape`, the package's command), e.g. to try the harness against a stand-in.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CliCaps,
  countSyscalls,
  describeExit,
  median,
  peakRss,
  probeCli,
  RunResult,
  timeRun,
} from './measure';
import type { EndRecord } from '../formats/trace';
import {
  BenchResults,
  InterceptCost,
  ModeStats,
  renderMarkdown,
  Startup,
  WorkloadResult,
} from './table';
import type { WarmTimes } from './warm';
import { prepareWorkloads, STARTUP_WORKLOAD, Workload } from './workloads';

interface Options {
  runs: number;
  /** rounds (the first ones) that also time `record --no-fastpath` */
  noFastRuns: number;
  only?: string[];
  pin: boolean;
  timeoutMs: number;
}

const USAGE = `usage: npm run bench -- [--runs N | --quick] [--only NAME,...] [--no-pin] [--timeout SECONDS]
  --runs N       timed rounds per workload (default 5)
  --quick        3 rounds
  --nofast-runs N  rounds that also time record --no-fastpath (default min(3, runs))
  --only NAMES   comma-separated workloads: dd,node,python,sh,tar,git,tsc,intercept
  --no-pin       pass --no-pin to systape record (no CPU pinning)
  --timeout S    kill any single run after S seconds (default 300)
env SYSTAPE_BENCH_CLI  command used as the systape CLI (default: <repo>/bin/systape)`;

function parseArgs(argv: string[]): Options {
  const opts: Options = { runs: 5, noFastRuns: NaN, pin: true, timeoutMs: 300_000 };
  const value = (i: number): string => {
    if (i >= argv.length) throw new Error(`${argv[i - 1]} needs a value\n${USAGE}`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') opts.runs = Number(value(++i));
    else if (a === '--quick') opts.runs = 3;
    else if (a === '--nofast-runs') opts.noFastRuns = Number(value(++i));
    else if (a === '--only') opts.only = value(++i).split(',');
    else if (a === '--no-pin') opts.pin = false;
    else if (a === '--timeout') opts.timeoutMs = Number(value(++i)) * 1000;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs must be >= 1');
  if (Number.isNaN(opts.noFastRuns)) opts.noFastRuns = Math.min(3, opts.runs);
  if (!Number.isInteger(opts.noFastRuns) || opts.noFastRuns < 0)
    throw new Error('--nofast-runs must be >= 0');
  opts.noFastRuns = Math.min(opts.noFastRuns, opts.runs);
  if (!(opts.timeoutMs > 0)) throw new Error('--timeout must be > 0');
  return opts;
}

/** The directory of the systape package.json, searched upwards (works from dist/bench too). */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'systape') {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no systape package.json above ${start}`);
  }
}

interface Context {
  root: string;
  cli: string[];
  caps: CliCaps;
  strace: boolean;
  opts: Options;
  /** `readEnd` from the built package, when it loads (the bench must run without it) */
  readEnd?: (file: string) => EndRecord | undefined;
}

/** `nofast` is `systape record --no-fastpath`, written to its own trace (replay reads the other). */
type Mode = 'native' | 'record' | 'nofast' | 'strace' | 'replay';

/** Where the --no-fastpath recording of a workload goes. */
function noFastTrace(trace: string): string {
  return trace.replace(/(\.systape)?$/, '-nofast.systape');
}

function commandFor(mode: Mode, w: Workload, trace: string, ctx: Context): string[] {
  switch (mode) {
    case 'native':
      return w.cmd;
    case 'record':
    case 'nofast':
      return [
        ...ctx.cli,
        'record',
        ...(ctx.opts.pin ? [] : ['--no-pin']),
        ...(mode === 'nofast' ? ['--no-fastpath'] : []),
        '-o',
        mode === 'nofast' ? noFastTrace(trace) : trace,
        '--',
        ...w.cmd,
      ];
    case 'strace':
      return ['taskset', '-c', '0', 'strace', '-f', '-o', '/dev/null', ...w.cmd];
    case 'replay':
      return [...ctx.cli, 'replay', trace];
  }
}

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** Times one workload in every available mode; `extras` adds trace stats and peak RSS. */
async function measure(
  w: Workload,
  ctx: Context,
  trace: string,
  extras: boolean,
): Promise<WorkloadResult> {
  const modes: Mode[] = ['native'];
  if (ctx.caps.record) modes.push('record');
  if (ctx.caps.noFastpath && ctx.opts.noFastRuns > 0) modes.push('nofast');
  if (ctx.strace) modes.push('strace');
  if (ctx.caps.record && ctx.caps.replay) modes.push('replay');

  const times = new Map<Mode, number[]>(modes.map((m) => [m, []]));
  // systape's modes less the same mode on `true` in the same round (see ModeStats.netMs)
  const nets = new Map<Mode, number[]>(modes.map((m) => [m, []]));
  const startupTrace = path.join(path.dirname(trace), `${w.name}-startup.systape`);
  const paired = (mode: Mode, ms: number) => {
    if (!extras || mode === 'native' || mode === 'strace') return;
    const r = timeRun(commandFor(mode, STARTUP_WORKLOAD, startupTrace, ctx), {
      timeoutMs: ctx.opts.timeoutMs,
    });
    if (!r.error && r.status === 0) nets.get(mode)!.push(ms - r.ms);
  };
  const failures = new Map<Mode, { count: number; last?: string }>(
    modes.map((m) => [m, { count: 0 }]),
  );
  const sizes: number[] = [];
  let expected: RunResult | undefined;
  let lastRecordOk = false;

  // Round 0 warms caches and fixes the expected exit (native's); it is not counted.
  for (let round = 0; round <= ctx.opts.runs; round++) {
    const parts: string[] = [];
    let recordOk = false;
    for (const mode of modes) {
      // The slow recorder is timed in the first rounds only, and has no warm-up of its own
      // (the fast-path recording before it warmed the same files).
      if (mode === 'nofast' && (round === 0 || round > ctx.opts.noFastRuns)) continue;
      if (mode === 'replay' && !recordOk) {
        if (round > 0) {
          const f = failures.get(mode)!;
          f.count++;
          f.last ??= 'no trace to replay'; // a real replay failure says more
        }
        parts.push('replay skipped (no trace)');
        continue;
      }
      if (mode === 'record') fs.rmSync(trace, { force: true });
      if (mode === 'nofast') fs.rmSync(noFastTrace(trace), { force: true });
      const r = timeRun(commandFor(mode, w, trace, ctx), {
        cwd: w.cwd,
        timeoutMs: ctx.opts.timeoutMs,
      });
      if (mode === 'native' && expected === undefined) expected = r;
      let ok = !r.error && r.status === expected!.status && r.signal === expected!.signal;
      let why = ok ? '' : describeExit(r);
      if ((mode === 'record' || mode === 'nofast') && ok) {
        if (!fs.existsSync(mode === 'nofast' ? noFastTrace(trace) : trace)) {
          ok = false;
          why = 'exited but wrote no trace';
        }
      }
      if (mode === 'nofast') fs.rmSync(noFastTrace(trace), { force: true });
      if (mode === 'record') recordOk = ok;
      parts.push(`${mode} ${r.ms.toFixed(0)} ms${ok ? '' : ` FAILED (${why})`}`);
      if (round === 0) continue;
      if (ok) {
        times.get(mode)!.push(r.ms);
        paired(mode, r.ms);
        if (mode === 'record') sizes.push(fs.statSync(trace).size);
      } else {
        const f = failures.get(mode)!;
        f.count++;
        f.last = why;
      }
    }
    lastRecordOk = recordOk;
    log(
      `[${w.name}] ${round === 0 ? 'warm-up' : `round ${round}/${ctx.opts.runs}`}: ${parts.join(', ')}`,
    );
  }

  for (const f of [startupTrace, noFastTrace(startupTrace)]) fs.rmSync(f, { force: true });

  const stats = (mode: Mode): ModeStats | undefined => {
    const t = times.get(mode);
    if (!t) return undefined;
    const f = failures.get(mode)!;
    const n = nets.get(mode)!;
    return {
      runsMs: t,
      medianMs: median(t),
      failures: f.count,
      lastFailure: f.last,
      ...(n.length ? { netMs: median(n) } : {}),
    };
  };
  const result: WorkloadResult = {
    name: w.name,
    label: w.label,
    native: stats('native')!,
    record: stats('record'),
    recordNoFast: stats('nofast'),
    strace: stats('strace'),
    replay: stats('replay'),
  };
  if (expected && !(expected.status === 0 || expected.signal)) {
    log(`[${w.name}] warning: native run ended with ${describeExit(expected)}`);
  }
  // Trace stats and memory only mean something for a recorder that worked.
  if (!extras || !result.record?.runsMs.length) return result;

  if (sizes.length) result.traceBytes = median(sizes);
  if (lastRecordOk && ctx.readEnd) {
    try {
      const end = ctx.readEnd(trace);
      if (end?.fastCalls !== undefined) {
        result.fastCalls = end.fastCalls;
        result.stoppedCalls = end.syscalls - end.fastCalls;
      }
    } catch (e) {
      log(`[${w.name}] warning: readEnd: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (lastRecordOk) {
    const n = countSyscalls(ctx.cli, ctx.caps, trace, ctx.root);
    if (n) {
      result.syscalls = n.count;
      result.syscallSource = n.source;
    }
  }
  if (ctx.caps.replay) result.warm = measureWarm(w, ctx, trace);
  const rss = await peakRss(commandFor('record', w, trace, ctx), {
    cwd: w.cwd,
    timeoutMs: ctx.opts.timeoutMs,
  });
  if (rss) {
    result.peakRssKib = rss.kib;
    result.rssMethod = rss.method;
  }
  fs.rmSync(trace, { force: true });
  return result;
}

/** The workload through the library API in a warm process (bench/warm.ts); undefined if it failed. */
function measureWarm(w: Workload, ctx: Context, trace: string): WorkloadResult['warm'] {
  const script = path.join(ctx.root, 'dist', 'bench', 'warm.js');
  const runs = ctx.opts.runs;
  const r = spawnSync(process.execPath, [script, String(runs), trace, '--', ...w.cmd], {
    cwd: w.cwd,
    encoding: 'utf8',
    timeout: ctx.opts.timeoutMs * 3 * (runs + 1),
    killSignal: 'SIGKILL',
  });
  if (r.status !== 0) {
    log(`[${w.name}] warm API: ${(r.error?.message ?? r.stderr).trim() || `exit ${r.status}`}`);
    return undefined;
  }
  const t = JSON.parse(r.stdout) as WarmTimes;
  const warm = {
    runs,
    nativeMs: median(t.nativeMs),
    recordMs: median(t.recordMs),
    replayMs: median(t.replayMs),
  };
  log(
    `[${w.name}] warm API: native ${warm.nativeMs.toFixed(1)} ms, record ${warm.recordMs.toFixed(1)} ms, ` +
      `replay ${warm.replayMs.toFixed(1)} ms`,
  );
  return warm;
}

/** A syscall no workload makes, for a filter that never stops the program. */
const RARE_RULE = 'kexec_load:EPERM';

/** Interception's cost on `node -e 0` (see InterceptCost), modes alternating. */
function measureIntercept(ctx: Context, cwd: string): InterceptCost {
  const node = process.execPath;
  const modes: [string, string[]][] = [
    ['native', [node, '-e', '0']],
    ['run', [...ctx.cli, 'run', '--inject', RARE_RULE, '--', node, '-e', '0']],
    ['true', ['true']],
    ['startup', [...ctx.cli, 'run', '--', 'true']],
  ];
  const times = new Map<string, number[]>(modes.map(([m]) => [m, []]));
  // cheap runs, and a ratio of two small differences: more rounds than the workloads get
  const rounds = Math.max(ctx.opts.runs, 15);
  for (let round = 0; round <= rounds; round++) {
    const parts: string[] = [];
    for (const [mode, cmd] of modes) {
      const r = timeRun(cmd, { cwd, timeoutMs: ctx.opts.timeoutMs });
      if (r.error || r.status !== 0) throw new Error(`${cmd.join(' ')}: ${describeExit(r)}`);
      parts.push(`${mode} ${r.ms.toFixed(0)} ms`);
      if (round > 0) times.get(mode)!.push(r.ms);
    }
    log(`[intercept] ${round === 0 ? 'warm-up' : `round ${round}/${rounds}`}: ${parts.join(', ')}`);
  }
  const med = (m: string) => median(times.get(m)!);
  return {
    label: 'node -e 0',
    rule: RARE_RULE,
    nativeMs: med('native'),
    runMs: med('run'),
    startupMs: med('startup'),
    nativeTrueMs: med('true'),
    runs: rounds,
  };
}

function haveStrace(): boolean {
  const ok = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  return ok('strace', ['-V']) && ok('taskset', ['-V']);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const root = findRepoRoot(__dirname);
  const override = process.env.SYSTAPE_BENCH_CLI?.trim();
  const cli = override ? override.split(/\s+/) : [path.join(root, 'bin', 'systape')];
  const caps = probeCli(cli, root);
  const ctx: Context = { root, cli, caps, strace: haveStrace(), opts };

  const notes: string[] = [];
  try {
    // Loaded on use: a package that does not build still gets its timings.
    ctx.readEnd = (await import('../formats/trace')).readEnd;
  } catch (e) {
    notes.push(
      `no in-process/stopped counts: readEnd did not load (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (override) notes.push(`systape CLI overridden: SYSTAPE_BENCH_CLI=\`${override}\``);
  if (!caps.record) notes.push(`systape record not measured: ${caps.problem}`);
  else if (!caps.replay) notes.push('no replay column: `systape --help` lists no `replay` command');
  if (caps.record && !caps.noFastpath)
    notes.push('no --no-fastpath column: `systape record --help` does not list it');
  if (!ctx.strace) notes.push('strace or taskset not found: no strace column');
  for (const n of notes) log(`note: ${n}`);

  const set = prepareWorkloads(root);
  const cleanup = () => set.cleanup();
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const unknown = (opts.only ?? []).filter(
      (n) =>
        n !== 'intercept' &&
        !set.workloads.some((w) => w.name === n) &&
        !set.skipped.some((s) => s.name === n),
    );
    if (unknown.length) throw new Error(`unknown workload(s): ${unknown.join(', ')}`);
    const chosen = set.workloads.filter((w) => !opts.only || opts.only.includes(w.name));
    const skipped = set.skipped.filter((s) => !opts.only || opts.only.includes(s.name));

    const trace = (w: Workload) => path.join(set.tmpRoot, `${w.name}.systape`);
    const base = await measure(STARTUP_WORKLOAD, ctx, trace(STARTUP_WORKLOAD), false);
    const recMs = base.record?.runsMs.length ? base.record.medianMs : undefined;
    const repMs = base.replay?.runsMs.length ? base.replay.medianMs : undefined;
    const slowMs = base.recordNoFast?.runsMs.length ? base.recordNoFast.medianMs : undefined;
    const startup: Startup = {
      nativeMs: base.native.medianMs,
      recordMs: recMs,
      recordFixedMs: recMs === undefined ? 0 : Math.max(recMs - base.native.medianMs, 0),
      recordNoFastMs: slowMs,
      recordNoFastFixedMs: slowMs === undefined ? 0 : Math.max(slowMs - base.native.medianMs, 0),
      replayMs: repMs,
      replayFixedMs: repMs === undefined ? 0 : Math.max(repMs - base.native.medianMs, 0),
    };

    const workloads: WorkloadResult[] = [];
    for (const w of chosen) workloads.push(await measure(w, ctx, trace(w), true));

    const cpus = os.cpus();
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: {
        node: process.version,
        kernel: os.release(),
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
      },
      runs: opts.runs,
      noFastRuns: caps.noFastpath ? opts.noFastRuns : 0,
      pinned: opts.pin,
      cli,
      capabilities: {
        record: caps.record,
        noFastpath: caps.noFastpath,
        replay: caps.replay,
        dump: caps.dump,
        dumpStats: caps.dumpStats,
      },
      intercept:
        caps.run && (!opts.only || opts.only.includes('intercept'))
          ? measureIntercept(ctx, set.tmpRoot)
          : undefined,
      notes,
      startup,
      workloads,
      skipped,
    };
    process.stdout.write(renderMarkdown(results));
    const outDir = path.join(root, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const json = path.join(outDir, 'latest.json');
    fs.writeFileSync(json, JSON.stringify(results, null, 2) + '\n');
    log(`wrote ${path.relative(process.cwd(), json) || json}`);
  } finally {
    cleanup();
  }
}

main().catch((err: unknown) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
