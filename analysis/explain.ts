/**
 * Which of the inputs that differed made two runs go different ways, found by
 * experiment rather than guessed: the second run is replayed once per kind of
 * input that differed before its divergence, with that kind's values taken
 * from the first run (the clock reads answered with the first run's times,
 * say) and everything else as recorded.
 *
 * - The replay followed the second run to where it had diverged from the
 *   first, and left it exactly there: those values decide what the program
 *   does there. They are a cause.
 * - It left the second run somewhere else: the program uses those values,
 *   but the experiment cannot say they decided the divergence.
 * - It followed the second run to its end: they changed nothing it did.
 *
 * When no kind of input decides it and the threads or processes ran in
 * another order, the order is what is left: the scheduling is the cause.
 * Replay executes the program's own code, so its binaries must be there.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TraceWriter } from '../formats/trace/writer';
import type { MemRegion, TraceRecord } from '../formats/trace/records';
import { replay } from '../replayer/replay';
import { inputKey, type Comparison } from './diff';
import type { InputKind } from './normalize';

/** What replaying the second run with one kind of the first run's inputs did. */
export type ExperimentOutcome =
  /** it left the second run where that run had diverged: these inputs decide it */
  | 'decides'
  /** it left the second run at another point: the program uses them, no more can be said */
  | 'elsewhere'
  /** it followed the second run to its end: they change nothing the program does */
  | 'none'
  /** the replay could not be run */
  | 'error';

/** One replay of {@link explain}. */
export interface CauseExperiment {
  kind: InputKind;
  /** the file, call or variable the values are of (as the diff's input groups name them) */
  subject?: string;
  outcome: ExperimentOutcome;
  /** how many values were taken from the first run */
  values: number;
  /** seq in the second trace where the replay left it */
  at: number | null;
  /** the call the program made there instead, strace-like */
  actual: string | null;
  error?: string;
}

/** The result of {@link explain}. */
export interface Explanation {
  /** the kinds of input whose values alone decide the divergence */
  causes: InputKind[];
  /** the same, as the input groups they were found in (`random bytes (/dev/urandom)`) */
  causeGroups: { kind: InputKind; subject?: string }[];
  /**
   * true when the threads or processes ran in another order and every other input that
   * differed was tried and changed nothing there: the order is what is left
   */
  scheduling: boolean;
  experiments: CauseExperiment[];
}

/** Kinds of input a replay can answer with the other run's values. */
const TESTABLE: readonly InputKind[] = [
  'environment',
  'clock',
  'random',
  'directory-order',
  'directory-contents',
  'file-contents',
  'file-metadata',
  'network',
  'process-data',
  'system',
  'other',
];
const SCHEDULING: readonly InputKind[] = ['interleaving', 'child-order', 'signal'];
/** Input groups tried at most (each is one replay). */
const MAX_EXPERIMENTS = 20;

/** Record `b` answered with what the kernel gave `a` (at `b`'s addresses). */
function answeredLike(b: TraceRecord, a: TraceRecord): TraceRecord {
  if (b.t === 'exec' && a.t === 'exec') return { ...b, random: a.random };
  if (b.t !== 'sys' || a.t !== 'sys') return b;
  const outsB = b.mem.filter((m) => m.dir === 'out' || m.dir === 'data');
  const mem: MemRegion[] = b.mem.filter((m) => m.dir === 'in' || m.dir === 'path');
  const nth = new Map<string, number>();
  for (const m of a.mem) {
    if (m.dir !== 'out' && m.dir !== 'data') continue;
    const key = `${m.dir}${m.arg}`;
    const k = nth.get(key) ?? 0;
    nth.set(key, k + 1);
    // the buffer where the second run's program has it
    const there = outsB.filter((x) => x.dir === m.dir && x.arg === m.arg)[k];
    mem.push({ ...m, addr: there ? there.addr : m.addr });
  }
  return { ...b, ret: a.ret, mem };
}

function writeHybrid(file: string, c: Comparison, key: string): number {
  const swap = new Map<TraceRecord, TraceRecord>();
  for (const [a, b] of c.pairs.get(key) ?? []) swap.set(b, answeredLike(b, a));
  const header = { ...c.headerB };
  const w = TraceWriter.create(file, header);
  let end: TraceRecord | undefined;
  for (const rec of c.recordsB) {
    if (rec.t === 'end') end = rec;
    else w.append(swap.get(rec) ?? rec);
  }
  w.close(end?.t === 'end' ? end : undefined);
  return swap.size;
}

function envChanges(c: Comparison): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.headerA.env)) if (c.headerB.env[k] !== v) out[k] = v;
  return out;
}

async function experiment(
  c: Comparison,
  kind: InputKind,
  subject: string | undefined,
  file: string,
): Promise<CauseExperiment> {
  const base = { kind, subject, at: null, actual: null };
  try {
    let trace = c.diff.b;
    let values: number;
    let env: Record<string, string> | undefined;
    if (kind === 'environment') {
      env = envChanges(c);
      values = Object.keys(env).length;
    } else {
      trace = file;
      values = writeHybrid(file, c, inputKey(kind, subject));
    }
    if (values === 0) return { ...base, values, outcome: 'none' };
    // going on past divergences that only touch the program itself: values that change its
    // memory use (a hash seed, say) do not hide what they change where the runs diverged
    const r = await replay(trace, {
      env,
      keepGoing: true,
      onOutput: () => undefined,
      onWarning: () => undefined,
    });
    const first = r.divergences[0];
    if (!first) return { ...base, values, outcome: 'none' };
    // there: the thread that diverged reached the call where it had diverged, and made
    // another (what the first run made, or on its way to it)
    const there = r.divergences.find(
      (d) => d.seq !== null && d.seq === c.cutB && (c.cutTidB === null || d.tid === c.cutTidB),
    );
    if (there) return { ...base, values, outcome: 'decides', at: there.seq, actual: there.actual };
    return { ...base, values, outcome: 'elsewhere', at: first.seq, actual: first.actual };
  } catch (e) {
    return {
      ...base,
      values: 0,
      outcome: 'error',
      error: e instanceof Error ? e.message : String(e),
    };
  }
}

/**
 * Replay the second run of `c` once per kind of input that differed before
 * the divergence (see the module comment). Does nothing when the runs did
 * not diverge.
 */
export async function explain(c: Comparison): Promise<Explanation> {
  const d = c.diff;
  const none: Explanation = { causes: [], causeGroups: [], scheduling: false, experiments: [] };
  if (!d.divergence) return none;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-explain-'));
  const experiments: CauseExperiment[] = [];
  try {
    // one input group at a time (a file, a call, the environment), nearest the divergence first
    const groups = d.inputs.filter((i) => TESTABLE.includes(i.kind)).slice(0, MAX_EXPERIMENTS);
    for (const [n, g] of groups.entries())
      experiments.push(await experiment(c, g.kind, g.subject, path.join(dir, `${n}.systape`)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const decided = experiments.filter((e) => e.outcome === 'decides');
  const reordered = d.inputs.some((i) => SCHEDULING.includes(i.kind));
  const untried = d.inputs.filter((i) => TESTABLE.includes(i.kind)).length > experiments.length;
  return {
    causes: [...new Set(decided.map((e) => e.kind))],
    causeGroups: decided.map((e) => ({ kind: e.kind, subject: e.subject })),
    scheduling:
      decided.length === 0 &&
      reordered &&
      !untried &&
      experiments.every((e) => e.outcome !== 'error'),
    experiments,
  };
}
