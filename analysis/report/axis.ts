/**
 * The x-axis of a report's timelines. Records carry no time of their own, so
 * the axis is their order in the trace (`seq`): this is the one place that
 * says so, and the page draws whatever positions and unit it is given.
 */
import type { TraceRecord } from '../../formats/trace/records';

/** What the x-axis measures, as the page shows it. */
export interface AxisInfo {
  /** `seq`: record order; a time axis would say `ms` */
  unit: 'seq' | 'ms';
  /** axis title under the timelines */
  title: string;
}

/** The axis of every report, for now the trace's record order. */
export const AXIS: AxisInfo = { unit: 'seq', title: 'record order (seq)' };

/**
 * Where a record sits on the x-axis. With a per-call time in the records, this
 * would return it (and {@link AXIS} say `ms`); positions must not decrease along
 * the trace.
 */
export function axisPosition(rec: TraceRecord): number {
  return rec.seq;
}
