/**
 * `systape report`: one self-contained HTML page that shows a run as a
 * timeline of its processes and threads, or two runs of one command side by
 * side with where they first went different ways.
 *
 * - timeline.ts: a trace as lanes, calls, marks and lines (the data)
 * - comparison.ts: {@link diffTraces}'s findings as page data
 * - template.ts, styles.ts, client.ts: the page, its style and its script
 */
import { systapeVersion } from '../../recorder/version';
import { diffTraces } from '../diff';
import { AXIS } from './axis';
import { comparisonData, focusSeqs } from './comparison';
import { FAMILIES, type ReportData, type RunData } from './model';
import { renderPage } from './template';
import { compareLanes, readTimeline, type TimelineOptions } from './timeline';

export type { ReportData } from './model';
export { DEFAULT_MAX_CALLS, DEFAULT_MAX_LINES } from './limits';

/** Options of {@link buildReport}. */
export type ReportOptions = Omit<TimelineOptions, 'focus'>;

/** Every lane of the runs once, in role order: the rows both timelines share. */
function sharedRows(runs: RunData[]): ReportData['rows'] {
  const rows = new Map<string, ReportData['rows'][number]>();
  for (const run of runs)
    for (const l of run.lanes)
      if (!rows.has(l.label))
        rows.set(l.label, { label: l.label, process: l.process, thread: l.thread });
  const key = (r: ReportData['rows'][number]) => ({
    process: r.process.replace(/^P/, ''),
    thread: r.thread,
  });
  return [...rows.values()].sort((x, y) => compareLanes(key(x), key(y)));
}

/**
 * The page's data for one trace, or for two traces of one command (compared
 * with {@link diffTraces}, whose `DIFFERENT_COMMANDS` error it passes on).
 * Throws the trace readers' {@link SystapeError}s for unreadable or damaged files.
 */
export function reportData(
  files: [string] | [string, string],
  opts: ReportOptions = {},
): ReportData {
  const base = {
    systape: systapeVersion(),
    generated: new Date().toISOString(),
    axis: AXIS,
    families: FAMILIES,
  };
  if (files.length === 1) {
    const runs = [readTimeline(files[0], opts)];
    return { ...base, rows: sharedRows(runs), runs };
  }
  const d = diffTraces(files[0], files[1]);
  const runs = [
    readTimeline(files[0], { ...opts, focus: focusSeqs(d, 'a') }),
    readTimeline(files[1], { ...opts, focus: focusSeqs(d, 'b') }),
  ];
  return { ...base, rows: sharedRows(runs), runs, comparison: comparisonData(d) };
}

/** The report page (HTML) for one or two traces; see {@link reportData}. */
export function buildReport(files: [string] | [string, string], opts: ReportOptions = {}): string {
  return renderPage(reportData(files, opts));
}
