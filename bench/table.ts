/**
 * The benchmark's result shape (also written as JSON) and its Markdown rendering, which is
 * meant to be pasted into issue notes as is.
 */

/** Timings of one mode (native, record, record --no-fastpath, strace or replay) of one workload. */
export interface ModeStats {
  /** Wall times of the successful runs, in run order. */
  runsMs: number[];
  /** Median of {@link runsMs}; NaN when every run failed. */
  medianMs: number;
  /** Runs that did not end like the native run did. */
  failures: number;
  /** How the last failing run ended. */
  lastFailure?: string;
  /**
   * systape modes: the median, over rounds, of this mode's time less the same mode's time on
   * `true` in the same round (systape's fixed start-up, taken beside it so that both see the
   * machine alike). What the ratios to native divide.
   */
  netMs?: number;
}

/** Everything measured for one workload. */
export interface WorkloadResult {
  name: string;
  label: string;
  native: ModeStats;
  /** `systape record`, with its in-process fast path (the default) */
  record?: ModeStats;
  /** `systape record --no-fastpath`: the tracer stops the program at every syscall */
  recordNoFast?: ModeStats;
  strace?: ModeStats;
  replay?: ModeStats;
  /** Median trace file size in bytes. */
  traceBytes?: number;
  syscalls?: number;
  syscallSource?: string;
  /** Syscalls of the fast-path trace recorded in-process (its end record's `fastCalls`). */
  fastCalls?: number;
  /** Syscalls of the fast-path trace that stopped the program (end `syscalls` - `fastCalls`). */
  stoppedCalls?: number;
  /** Peak RSS of `systape record` in KiB. */
  peakRssKib?: number;
  rssMethod?: string;
  /** Medians through the library API in a warm process (bench/warm.ts), when it ran. */
  warm?: { runs: number; nativeMs: number; recordMs: number; replayMs: number };
}

/** systape's fixed cost: `systape record -- true` (and replay of it) against native `true`. */
export interface Startup {
  nativeMs: number;
  recordMs?: number;
  /** recordMs - nativeMs, floored at 0: subtracted from every record time before ratios. */
  recordFixedMs: number;
  /** `systape record --no-fastpath -- true`, and its fixed cost like {@link recordFixedMs} */
  recordNoFastMs?: number;
  recordNoFastFixedMs: number;
  replayMs?: number;
  replayFixedMs: number;
}

/**
 * Interception's cost: `systape run` with a filter on one syscall the program
 * never makes, on `node -e 0`, against native, alternating; and `systape run
 * -- true` for its fixed start-up.
 */
export interface InterceptCost {
  label: string;
  /** the rule given to --inject (on a syscall the program does not make) */
  rule: string;
  nativeMs: number;
  runMs: number;
  startupMs: number;
  nativeTrueMs: number;
  runs: number;
}

/** A complete benchmark run. */
export interface BenchResults {
  date: string;
  machine: { node: string; kernel: string; cpus: number; cpuModel: string };
  runs: number;
  /** Rounds that also timed `record --no-fastpath` (0: not timed). */
  noFastRuns: number;
  /** Whether systape record ran with its default CPU pinning. */
  pinned: boolean;
  cli: string[];
  capabilities: {
    record: boolean;
    noFastpath: boolean;
    replay: boolean;
    dump: boolean;
    dumpStats: boolean;
  };
  notes: string[];
  startup: Startup;
  workloads: WorkloadResult[];
  intercept?: InterceptCost;
  skipped: { name: string; reason: string }[];
}

const TARGET_STARTUP_MS = 100;
/** Interception with a filter on one rare call costs at most this factor over native. */
const TARGET_INTERCEPT = 1.1;

function ms(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

function cell(m: ModeStats | undefined, runs: number): string {
  if (!m) return '–';
  if (m.runsMs.length === 0) {
    const why = m.lastFailure ? esc(m.lastFailure.replace(/\s+/g, ' ').slice(0, 60)) : '';
    return `failed${why ? ` (${why})` : ''}`;
  }
  return m.failures > 0 ? `${ms(m.medianMs)} (${m.failures}/${runs} failed)` : ms(m.medianMs);
}

function ratio(num: number | undefined, den: number | undefined): string {
  if (num === undefined || den === undefined || !(den > 0) || Number.isNaN(num)) return '–';
  return `${(num / den).toFixed(num / den >= 10 ? 0 : 1)}×`;
}

function bytes(n: number | undefined): string {
  if (n === undefined) return '–';
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Table cells must not contain a raw `|`. */
function esc(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** Renders the results as a Markdown section: start-up line, table, footnotes. */
export function renderMarkdown(r: BenchResults): string {
  const withReplay = r.capabilities.replay;
  const withNoFast = r.noFastRuns > 0;
  const s = r.startup;
  const out: string[] = [];
  out.push(
    `### systape benchmark (${r.date.slice(0, 10)}, ${r.machine.cpus} vCPU, kernel ${r.machine.kernel}, Node ${r.machine.node})`,
    '',
  );

  if (s.recordMs === undefined) {
    out.push(`**Fixed start-up**: not measured (no working \`systape record\`).`, '');
  } else {
    const verdict = s.recordFixedMs < TARGET_STARTUP_MS ? 'meets' : 'misses';
    out.push(
      `**Fixed start-up**: \`systape record -- true\` ${ms(s.recordMs)} ms − native \`true\` ` +
        `${ms(s.nativeMs)} ms = **${ms(s.recordFixedMs)} ms** ` +
        `(${verdict} the ${TARGET_STARTUP_MS} ms target).`,
    );
    if (s.recordNoFastMs !== undefined) {
      out.push(
        `With \`--no-fastpath\`: ${ms(s.recordNoFastMs)} ms − native = ` +
          `**${ms(s.recordNoFastFixedMs)} ms**.`,
      );
    }
    if (s.replayMs !== undefined) {
      out.push(
        `Replay start-up: \`systape replay\` of it ${ms(s.replayMs)} ms − native = ` +
          `**${ms(s.replayFixedMs)} ms**.`,
      );
    }
    out.push('');
  }

  const head = ['workload', 'native ms', 'record ms'];
  if (withNoFast) head.push('`--no-fastpath` ms');
  head.push('strace ms');
  if (withReplay) head.push('replay ms');
  head.push('record/native¹');
  if (withNoFast) head.push('`--no-fastpath`/native¹');
  if (withReplay) head.push('replay/native¹');
  const withWarm = r.workloads.some((w) => w.warm);
  if (withWarm) head.push('record/native, warm API⁶', 'replay/native, warm API⁶');
  head.push('record/strace²', 'in-process / stopped⁵');
  head.push('syscalls³', 'trace size', 'B/syscall', 'record peak RSS⁴');
  out.push(`| ${head.join(' | ')} |`);
  out.push(`|${head.map((_, i) => (i === 0 ? ':---' : '---:')).join('|')}|`);

  for (const w of r.workloads) {
    const n = w.native.medianMs;
    const rec = w.record?.runsMs.length ? w.record.medianMs : undefined;
    const rep = w.replay?.runsMs.length ? w.replay.medianMs : undefined;
    const st = w.strace?.runsMs.length ? w.strace.medianMs : undefined;
    const slow = w.recordNoFast?.runsMs.length ? w.recordNoFast.medianMs : undefined;
    const row = [`\`${esc(w.label)}\``, cell(w.native, r.runs), cell(w.record, r.runs)];
    if (withNoFast) row.push(cell(w.recordNoFast, r.noFastRuns));
    row.push(cell(w.strace, r.runs));
    if (withReplay) row.push(cell(w.replay, r.runs));
    // (the time less the start-up taken beside it in each round, else less the one above)
    const net = (m: ModeStats | undefined, total: number | undefined, fixed: number) =>
      total === undefined ? undefined : Math.max(m?.netMs ?? total - fixed, 0);
    row.push(ratio(net(w.record, rec, s.recordFixedMs), n));
    if (withNoFast) row.push(ratio(net(w.recordNoFast, slow, s.recordNoFastFixedMs), n));
    if (withReplay) row.push(ratio(net(w.replay, rep, s.replayFixedMs), n));
    if (withWarm) {
      row.push(ratio(w.warm?.recordMs, w.warm?.nativeMs));
      row.push(ratio(w.warm?.replayMs, w.warm?.nativeMs));
    }
    row.push(
      ratio(rec, st),
      w.fastCalls === undefined ? '–' : `${w.fastCalls} / ${w.stoppedCalls ?? '–'}`,
    );
    const perCall =
      w.traceBytes !== undefined && w.syscalls ? (w.traceBytes / w.syscalls).toFixed(1) : '–';
    row.push(
      w.syscalls === undefined ? '–' : String(w.syscalls),
      bytes(w.traceBytes),
      perCall,
      w.peakRssKib === undefined ? '–' : `${(w.peakRssKib / 1024).toFixed(0)} MiB`,
    );
    out.push(`| ${row.join(' | ')} |`);
  }

  const sources = [...new Set(r.workloads.map((w) => w.syscallSource).filter(Boolean))];
  const rss = [...new Set(r.workloads.map((w) => w.rssMethod).filter(Boolean))];
  out.push(
    '',
    `Medians of ${r.runs} runs per column` +
      (withNoFast ? ` (${r.noFastRuns} for \`record --no-fastpath\`, the slow one)` : '') +
      ', modes alternating within each round after one ' +
      `warm-up round; stdout to /dev/null. systape record ${r.pinned ? 'with its default CPU pinning' : 'with --no-pin'}; ` +
      '"record" is the default, with the in-process fast path; replay replays its trace; ' +
      'strace is `taskset -c 0 strace -f -o /dev/null` (its best case here); native is unpinned.',
    '',
    s.recordMs === undefined
      ? '¹ Would subtract the fixed start-up before dividing by native (not measured here).'
      : `¹ The fixed start-up above (record ${ms(s.recordFixedMs)} ms` +
          (s.recordNoFastMs !== undefined
            ? `, --no-fastpath ${ms(s.recordNoFastFixedMs)} ms`
            : '') +
          (withReplay && s.replayMs !== undefined ? `, replay ${ms(s.replayFixedMs)} ms` : '') +
          ') is what each ratio leaves out: the cost on the traced program itself. Each round also ' +
          'times the same systape mode on `true`, right after the workload, and the ratio is the ' +
          "median of the rounds' differences over native's median.",
    '² Whole wall times, nothing subtracted.',
    `³ From ${sources.length ? sources.join(', ') : '`systape dump` (not available this run)'}; ` +
      'B/syscall = trace size / syscalls.',
    `⁴ ${rss.length ? rss.join(', ') : 'not measured'}` +
      (rss.includes('GNU time %M')
        ? ': the largest RSS among systape and the processes it waited for (the traced program included).'
        : '.'),
    '⁵ Syscalls of the fast-path recording (its last run) recorded in the program by the hook / ' +
      "that stopped the program for the tracer, from the trace's end record (`readEnd`).",
  );
  if (withWarm) {
    const runs = r.workloads.find((w) => w.warm)?.warm?.runs;
    out.push(
      `⁶ Through the library API, in one Node.js process that has loaded systape already, as ` +
        'a Jest suite records and replays (`bench/warm.ts`): `record()` and `replay()` against ' +
        `the program spawned from the same process, modes alternating, medians of ${runs} ` +
        "rounds after a warm-up one. Nothing is subtracted: the times hold the tracer's and " +
        "the trace's costs, and no Node.js start-up.",
    );
  }
  for (const k of r.skipped) out.push(`- skipped \`${k.name}\`: ${k.reason}`);
  for (const note of r.notes) out.push(`- ${note}`);
  const ic = r.intercept;
  if (ic) {
    const fixed = Math.max(ic.startupMs - ic.nativeTrueMs, 0);
    const ratio = Math.max(ic.runMs - fixed, 0) / ic.nativeMs;
    out.push(
      '',
      `**Interception** (\`systape run --inject '${ic.rule}'\`, a filter on one call the ` +
        `program never makes): \`${ic.label}\` ${ms(ic.runMs)} ms against native ` +
        `${ms(ic.nativeMs)} ms; its fixed start-up (\`systape run -- true\` ${ms(ic.startupMs)} ms ` +
        `− native ${ms(ic.nativeTrueMs)} ms) subtracted, **${ratio.toFixed(2)}×** ` +
        `(${ratio <= TARGET_INTERCEPT ? 'meets' : 'misses'} the ${TARGET_INTERCEPT}× target). ` +
        `Medians of ${ic.runs} alternating runs.`,
    );
  }
  return out.join('\n') + '\n';
}
