/**
 * Which of the inputs that differed made two runs go different ways, found by
 * experiment rather than guessed: the second run is replayed once per kind of
 * input that differed before its divergence, with that kind's values taken
 * from the first run (the clock reads answered with the first run's times,
 * say) and everything else as recorded.
 *
 * - The replay left the second run exactly where it had diverged from the
 *   first: those values decide what the program does there. That kind is a
 *   cause.
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
import type { Comparison } from './diff';
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
  /** true when no input decides it and the threads or processes ran in another order */
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

function writeHybrid(file: string, c: Comparison, kind: InputKind): number {
  const swap = new Map<TraceRecord, TraceRecord>();
  for (const [a, b] of c.pairs.get(kind) ?? []) swap.set(b, answeredLike(b, a));
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

async function experiment(c: Comparison, kind: InputKind, dir: string): Promise<CauseExperiment> {
  const base = { kind, at: null, actual: null };
  try {
    let file = c.diff.b;
    let values: number;
    let env: Record<string, string> | undefined;
    if (kind === 'environment') {
      env = envChanges(c);
      values = Object.keys(env).length;
    } else {
      file = path.join(dir, `${kind}.systape`);
      values = writeHybrid(file, c, kind);
    }
    if (values === 0) return { ...base, values, outcome: 'none' };
    const r = await replay(file, { env, onOutput: () => undefined, onWarning: () => undefined });
    const d = r.divergence;
    if (!d) return { ...base, values, outcome: 'none' };
    // exactly there: the program made another call where the second run had made its own
    const decides = c.cutB !== null && d.seq === c.cutB;
    return {
      kind,
      values,
      outcome: decides ? 'decides' : 'elsewhere',
      at: d.seq,
      actual: d.actual,
    };
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
  const differed = new Set(d.inputs.map((i) => i.kind));
  const scheduling = SCHEDULING.some((k) => differed.has(k));
  if (!d.divergence) return { causes: [], scheduling: false, experiments: [] };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'systape-explain-'));
  const experiments: CauseExperiment[] = [];
  try {
    // nearest the divergence first, as the report lists them
    const kinds = [...new Set(d.inputs.map((i) => i.kind))].filter((k) => TESTABLE.includes(k));
    for (const kind of kinds) experiments.push(await experiment(c, kind, dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const causes = experiments.filter((e) => e.outcome === 'decides').map((e) => e.kind);
  return { causes, scheduling: causes.length === 0 && scheduling, experiments };
}
