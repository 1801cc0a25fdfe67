/** `systape catch`: record a command until it fails; keep the failing run and the last passing one. */
import * as path from 'node:path';
import { catchFailure, type CatchProgress, type CatchResult } from '../../recorder/catch';
import { LineWriter, printInfo, printWarning } from '../output';

export interface CatchCliOptions {
  runs: number;
  out?: string;
  test?: string;
  pin: boolean;
  fastpath: boolean;
  /** threads take turns in an order drawn at random */
  chaos?: boolean;
  envRedact?: string[];
}

/** Exit status when every run passed. */
const EXIT_NOT_CAUGHT = 1;
/** Exit status after Ctrl-C, as a shell reports SIGINT. */
const EXIT_INTERRUPTED = 130;

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${Math.round(s - m * 60)}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

function progressLine(p: CatchProgress): string {
  return (
    `run ${p.run}/${p.runs} · ${p.failures} failure${p.failures === 1 ? '' : 's'} · ` +
    `${duration(p.elapsedMs)} elapsed · ETA ${duration(p.etaMs)}`
  );
}

function rel(file: string): string {
  const r = path.relative(process.cwd(), file);
  return r.startsWith('..') ? file : r;
}

function summary(r: CatchResult): string[] {
  const lines: string[] = [];
  const passing = r.passing
    ? `${r.failing && r.passing.run > r.failing.run ? 'passing run (after it)' : 'last passing run'}: ` +
      `${rel(r.passing.trace)} (run ${r.passing.run}, output in ${rel(r.passing.log)})`
    : `no run passed in ${r.runs}`;
  if (r.failing) {
    lines.push(
      `caught a failure at run ${r.failing.run} (exit status ${r.failing.exitStatus}) in ${duration(r.elapsedMs)}`,
      `  failing run: ${rel(r.failing.trace)} (output in ${rel(r.failing.log)})`,
      `  ${passing}`,
      `replay it, failing the same way every time: systape replay ${rel(r.failing.trace)}`,
    );
    if (r.passing)
      lines.push(`see what differed: systape diff ${rel(r.passing.trace)} ${rel(r.failing.trace)}`);
  } else if (r.stopped) {
    lines.push(
      `interrupted after ${r.runs} run${r.runs === 1 ? '' : 's'} (${duration(r.elapsedMs)}): no failure caught`,
    );
    if (r.interrupted)
      lines.push(
        `  the run cut short: ${rel(r.interrupted.trace)} (output in ${rel(r.interrupted.log)})`,
      );
    if (r.passing) lines.push(`  ${passing}`);
  } else {
    lines.push(
      `no failure in ${r.runs} run${r.runs === 1 ? '' : 's'} (${duration(r.elapsedMs)}); ` +
        `giving up (try more with --runs)`,
    );
    if (r.passing) lines.push(`  ${passing}`);
  }
  return lines;
}

/** Returns the CLI's exit status: 0 when a failure was caught. */
export async function catchCliCommand(argv: string[], opts: CatchCliOptions): Promise<number> {
  const tty = process.stderr.isTTY === true;
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.on('SIGINT', onSigint);
  let shown = false;
  const started = Date.now();
  let last: CatchProgress | undefined;
  let current = 0;
  const draw = () => {
    if (!tty || current === 0) return;
    const elapsedMs = Date.now() - started;
    const perRun = last ? last.elapsedMs / last.run : NaN;
    const p: CatchProgress = {
      run: current,
      runs: opts.runs,
      failures: last?.failures ?? 0,
      exitStatus: 0,
      elapsedMs,
      etaMs: Math.max(0, perRun * opts.runs - elapsedMs),
    };
    process.stderr.write(`\r\x1b[Ksystape catch: ${progressLine(p)}`);
    shown = true;
  };
  const timer = tty ? setInterval(draw, 500) : undefined;
  try {
    const result = await catchFailure(argv, {
      runs: opts.runs,
      out: opts.out,
      test: opts.test,
      pin: opts.pin,
      fastPath: opts.fastpath,
      chaos: opts.chaos,
      envRedact: opts.envRedact,
      signal: stop.signal,
      onWarning: (m) => printWarning(m),
      onRunStart: (run) => {
        current = run;
        draw();
      },
      onRun: (p) => {
        last = p;
      },
    });
    clearInterval(timer);
    if (shown) process.stderr.write('\r\x1b[K');
    const [head, ...rest] = summary(result);
    printInfo(head);
    const w = new LineWriter(2);
    for (const line of rest) w.line(line);
    w.flush();
    if (result.failing) return 0;
    return result.stopped ? EXIT_INTERRUPTED : EXIT_NOT_CAUGHT;
  } finally {
    clearInterval(timer);
    process.off('SIGINT', onSigint);
  }
}
