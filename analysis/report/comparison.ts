/**
 * Two runs of one command for the report: {@link diffTraces}'s first
 * divergence and the inputs that differed before it, as page data, and the
 * seqs on each side that the timelines must place and keep lines for.
 */
import { inputKindWords, type TraceDiff } from '../diff';
import type { ComparisonData } from './model';

/** The comparison as the page shows it. */
export function comparisonData(d: TraceDiff): ComparisonData {
  const v = d.divergence;
  return {
    equivalent: d.equivalent,
    divergence: v && {
      label: v.label,
      argv: v.argv,
      a: { seq: v.seq.a, call: v.a },
      b: { seq: v.seq.b, call: v.b },
      diff: v.diff,
      alsoDiverged: d.alsoDiverged,
    },
    inputs: d.inputs.map((i) => ({
      kind: i.kind,
      kindWords: inputKindWords(i.kind),
      summary: i.summary,
      label: i.label,
      ...(i.subject === undefined ? {} : { subject: i.subject }),
      count: i.count,
      first: i.first,
      last: i.last,
      ...(i.detail === undefined ? {} : { detail: i.detail }),
    })),
  };
}

/** The seqs of one side (`a` or `b`) that the comparison points at. */
export function focusSeqs(d: TraceDiff, side: 'a' | 'b'): number[] {
  const seqs: (number | null)[] = [d.divergence?.seq[side] ?? null];
  for (const i of d.inputs) seqs.push(i.first[side], i.last[side]);
  return [...new Set(seqs.filter((s): s is number => s !== null))];
}
