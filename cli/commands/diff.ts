/** `systape diff A B`: where two runs of one command went different ways, and why. */
import {
  compareTraces,
  inputKindWords,
  type InputDifference,
  type TraceDiff,
} from '../../analysis/diff';
import { explain, type Explanation } from '../../analysis/explain';
import { LineWriter } from '../output';

export interface DiffOptions {
  json?: boolean;
  /** replay the second run with the first's values of each differing input (default true) */
  explain?: boolean;
  /** inputs shown with their detail (default 5) */
  details?: number;
}

/** Lines of a detail shown under an input, at most. */
const DETAIL_LINES = 24;

function seqs(x: { a: number | null; b: number | null }): string {
  return `#${x.a ?? '–'}/#${x.b ?? '–'}`;
}

function indent(text: string, by: string, max = DETAIL_LINES): string[] {
  const lines = text.split('\n');
  const shown = lines.slice(0, max).map((l) => by + l);
  if (lines.length > max) shown.push(`${by}… (${lines.length - max} more lines)`);
  return shown;
}

function inputLines(i: InputDifference, n: number, withDetail: boolean): string[] {
  const where =
    i.first.a === null && i.first.b === null
      ? ''
      : i.count > 1
        ? ` [${i.count} calls, first ${seqs(i.first)}, last ${seqs(i.last)}]`
        : ` [${seqs(i.first)}]`;
  const out = [`${String(n).padStart(3)}. ${i.summary}${where}`];
  if (withDetail && i.detail) out.push(...indent(i.detail, '       '));
  return out;
}

/** The report as text lines. */
export function formatDiff(d: TraceDiff, details = 5): string[] {
  const out: string[] = [];
  const cmd = d.command.join(' ');
  const exit =
    d.exitStatus.a === d.exitStatus.b
      ? `exit status ${d.exitStatus.a ?? 'unknown'} in both`
      : `exit status ${d.exitStatus.a ?? 'unknown'} in ${d.a}, ${d.exitStatus.b ?? 'unknown'} in ${d.b}`;
  if (d.equivalent) {
    out.push(`${d.a} and ${d.b}: equivalent runs of \`${cmd}\` (${exit})`);
    if (d.inputs.length) {
      const kinds = [...new Set(d.inputs.map((i) => inputKindWords(i.kind)))];
      out.push(
        `the program did the same thing, although these inputs differed: ${kinds.join(', ')}`,
      );
    }
    return out;
  }
  out.push(`${d.a} and ${d.b}: runs of \`${cmd}\` that went different ways (${exit})`);
  const v = d.divergence;
  if (v) {
    out.push('');
    out.push(
      `First divergence: ${v.label} (${v.argv.join(' ')}), at ${seqs(v.seq)} (seq in ${d.a}/${d.b})`,
    );
    out.push(`  ${d.a}: ${v.a ?? '(no such call: it went on elsewhere or ended)'}`);
    out.push(`  ${d.b}: ${v.b ?? '(no such call: it went on elsewhere or ended)'}`);
    out.push(...indent(v.diff, '  ', 60));
    if (d.otherData.length) {
      const o = d.otherData[0];
      out.push(
        `  (before it, ${d.otherData.length} call${d.otherData.length === 1 ? '' : 's'} made ` +
          `alike but with other bytes, the first at ${seqs(o.seq)}: ${o.label} ${o.a.slice(0, 100)})`,
      );
    }
    if (d.detours.length) {
      const t = d.detours[0];
      const calls = [...t.a, ...t.b];
      out.push(
        `  (before it, ${d.detours.length} place${d.detours.length === 1 ? '' : 's'} where one run ` +
          `made a few calls the other did not and both went on alike, the first at ${seqs(t.seq)}: ` +
          `${calls[0].slice(0, 100)}${calls.length > 1 ? ` and ${calls.length - 1} more` : ''})`,
      );
    }
    if (d.alsoDiverged.length)
      out.push(`  (also went another way later: ${d.alsoDiverged.slice(0, 8).join(', ')})`);
  }
  out.push('');
  if (d.inputs.length === 0) {
    out.push(
      'No input differed before it: the difference is inside the program or its scheduling.',
    );
  } else {
    out.push(`Inputs that differed before it, nearest first:`);
    d.inputs.forEach((i, n) => out.push(...inputLines(i, n + 1, n < details)));
  }
  return out;
}

function explanationLines(d: TraceDiff, e: Explanation): string[] {
  if (e.experiments.length === 0 && !e.scheduling) return [];
  const group = (g: { kind: Explanation['causes'][number]; subject?: string }) =>
    `${inputKindWords(g.kind)}${g.subject ? ` (${g.subject})` : ''}`;
  const out: string[] = [''];
  if (e.causeGroups.length) out.push(`Cause: ${e.causeGroups.map(group).join(' and ')}.`);
  else if (e.scheduling)
    out.push(
      'Cause: the order the threads or processes ran in (every input that differed was tried ' +
        'and none decides it).',
    );
  else {
    const used = e.experiments.filter((x) => x.outcome === 'elsewhere').map(group);
    out.push(
      "Cause: not found by replaying with the other run's inputs one at a time" +
        (used.length ? `; the program uses these, which may be it: ${used.join(', ')}.` : '.'),
    );
  }
  out.push(`  (${d.b} replayed with the values ${d.a} had, one input at a time:)`);
  for (const x of e.experiments) {
    const words = group(x);
    switch (x.outcome) {
      case 'decides':
        out.push(`  - ${words}: decide it (then it makes ${x.actual ?? '?'} where it diverged)`);
        break;
      case 'elsewhere':
        out.push(`  - ${words}: used, but change it elsewhere (from #${x.at ?? '?'})`);
        break;
      case 'none':
        out.push(`  - ${words}: change nothing the program does`);
        break;
      case 'error':
        out.push(`  - ${words}: could not replay (${x.error ?? 'unknown error'})`);
        break;
    }
  }
  return out;
}

/** Print the comparison of `a` and `b`; returns the exit status (0 equivalent, 1 different). */
export async function diffCommand(a: string, b: string, opts: DiffOptions): Promise<number> {
  const c = compareTraces(a, b);
  const d = c.diff;
  const explanation = opts.explain === false || d.equivalent ? undefined : await explain(c);
  const w = new LineWriter();
  if (opts.json)
    w.line(
      JSON.stringify(
        { ...d, explanation },
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
        2,
      ),
    );
  else {
    for (const l of formatDiff(d, opts.details)) w.line(l);
    if (explanation) for (const l of explanationLines(d, explanation)) w.line(l);
  }
  w.flush();
  return d.equivalent ? 0 : 1;
}
