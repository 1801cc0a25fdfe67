/**
 * `diffTraces(a, b)`: two runs of one command compared process by process,
 * thread by thread, once normalised (normalize.ts): where the program first
 * did something else, and which of its inputs differed before that point.
 *
 * Each process's calls (all its threads, in trace order) are aligned with the
 * same process's calls in the other run (a longest common subsequence on the
 * normalised requests). A call found on one side only is where that process
 * went another way, unless the same call sits a little further on the other
 * side: then the threads only ran in another order (an interleaving). The
 * first divergence is the earliest, in trace order, over all processes.
 *
 * Before it, aligned calls that got different responses are the inputs that
 * differed: clock values, random bytes, directory listings (in another order
 * or with other entries), file contents and metadata, network and pipe data,
 * signals, the order children ended in; and the environment from the headers.
 */
import { createTwoFilesPatch, diffArrays } from 'diff';
import { SystapeError } from '../formats/errors';
import { readTrace } from '../formats/trace/reader';
import type { TraceHeader, TraceRecord } from '../formats/trace/records';
import {
  Normaliser,
  direntNames,
  statFields,
  type AmbientItem,
  type InputKind,
  type NormalItem,
} from './normalize';

/** Where both runs stand at a point of the comparison: a seq in each trace (null: none). */
export interface SeqPair {
  a: number | null;
  b: number | null;
}

/** The first point where the program did something else. */
export interface TraceDivergence {
  /** process and thread (`P1.2/T3`) that made the differing call in the first run, else in the second */
  label: string;
  /** what that process was running */
  argv: string[];
  seq: SeqPair;
  /** the call each run made there (null: that run made none: it had ended or went on elsewhere) */
  a: string | null;
  b: string | null;
  /** unified diff of the process's calls around the divergence */
  diff: string;
}

/** One kind of input that differed between the runs before the divergence. */
export interface InputDifference {
  kind: InputKind;
  /** what differed, in one line */
  summary: string;
  /** the task of the first differing call (empty for the environment) */
  label: string;
  /** the file, directory, endpoint or call concerned */
  subject?: string;
  /** how many calls (or variables) differed */
  count: number;
  first: SeqPair;
  /** the differing call nearest the divergence */
  last: SeqPair;
  /** unified diff showing the difference */
  detail?: string;
}

/** The result of {@link diffTraces}. */
export interface TraceDiff {
  a: string;
  b: string;
  command: string[];
  /** true when the program did the same thing in both runs (inputs may still differ) */
  equivalent: boolean;
  exitStatus: { a: number | null; b: number | null };
  divergence: TraceDivergence | null;
  /** other processes that also went another way, after the first */
  alsoDiverged: string[];
  /** inputs that differed before the divergence (everywhere when equivalent), nearest first */
  inputs: InputDifference[];
  /**
   * calls both runs made alike before the divergence but for the bytes they carried (a file
   * written with its entries in another order), after which both went on alike
   */
  otherData: { label: string; seq: SeqPair; a: string; b: string }[];
  /**
   * before the divergence, places where one run made a few calls the other did not, unseen
   * outside the process, and then both went on alike (a directory found already there and
   * looked at): the calls of each side, as shown
   */
  detours: { label: string; seq: SeqPair; a: string[]; b: string[] }[];
}

/** Calls of context shown around a divergence. */
const CONTEXT = 6;
/** How far apart (in aligned calls) the two places of a call may be to count as reordered. */
const REORDER_WINDOW = 64;
/** At most this many calls on either side make a detour... */
const DETOUR_MAX = 8;
/** ...when this many calls made alike follow it. */
const DETOUR_REJOIN = 32;

interface Side {
  file: string;
  header: TraceHeader;
  records: TraceRecord[];
  streams: Map<string, NormalItem[]>;
  ambient: Map<string, AmbientItem[]>;
  argv: Map<string, string[]>;
  exitStatus: number | null;
}

function isCoalescable(item: NormalItem): boolean {
  return (
    item.rec.t === 'sys' &&
    (item.kind === 'process-data' || item.kind === 'network') &&
    item.request.startsWith('read')
  );
}

function load(file: string): Side {
  const { header, records } = readTrace(file);
  const n = new Normaliser(header);
  const streams = new Map<string, NormalItem[]>();
  const ambient = new Map<string, AmbientItem[]>();
  let exitStatus: number | null = null;
  for (const rec of records) {
    if (rec.t === 'end') exitStatus = rec.exitStatus;
    const item = n.next(rec);
    if (!item) continue;
    if ('key' in item) {
      let list = ambient.get(item.key);
      if (!list) ambient.set(item.key, (list = []));
      list.push(item);
      continue;
    }
    let stream = streams.get(item.task.process);
    if (!stream) streams.set(item.task.process, (stream = []));
    const last = stream[stream.length - 1];
    // data from a pipe or socket arrives in chunks of the scheduler's choosing: one read of
    // 10 bytes in one run can be two of 5 in the other
    if (
      last &&
      isCoalescable(item) &&
      isCoalescable(last) &&
      last.label === item.label &&
      last.request === item.request
    ) {
      stream[stream.length - 1] = {
        ...last,
        response: `${last.response} + ${item.response}`,
        merged: true,
      };
      continue;
    }
    stream.push(item);
  }
  return { file, header, records, streams, ambient, argv: n.ids.argv, exitStatus };
}

type Op =
  | { t: 'same'; a: NormalItem; b: NormalItem }
  /** the same call on the same target with other data (a write of other bytes), then alike */
  | { t: 'data'; a: NormalItem; b: NormalItem; moved?: undefined }
  | OneSided;

/** A call one run made and the other did not (at that point). */
type OneSided =
  | { t: 'a'; a: NormalItem; moved?: NormalItem; detour?: boolean }
  | { t: 'b'; b: NormalItem; moved?: NormalItem; detour?: boolean };

function align(a: NormalItem[], b: NormalItem[]): Op[] {
  const ops: Op[] = [];
  let ai = 0;
  let bi = 0;
  // parts give counts; the items are taken from each side (an unchanged part holds one side's)
  for (const part of diffArrays(a, b, { comparator: (x, y) => x.request === y.request })) {
    const n = part.count ?? part.value.length;
    for (let k = 0; k < n; k++) {
      if (part.added) ops.push({ t: 'b', b: b[bi++] });
      else if (part.removed) ops.push({ t: 'a', a: a[ai++] });
      else ops.push({ t: 'same', a: a[ai++], b: b[bi++] });
    }
  }
  // a call on one side only, found nearby on the other side only: the threads ran in another order
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.t === 'same' || op.moved) continue;
    const lo = Math.max(0, i - REORDER_WINDOW);
    const hi = Math.min(ops.length, i + REORDER_WINDOW);
    for (let j = lo; j < hi; j++) {
      const other = ops[j];
      if (other.t === 'same' || other.t === op.t || other.moved) continue;
      const mine = op.t === 'a' ? op.a : op.b;
      const theirs = other.t === 'a' ? other.a : other.b;
      // (the same call from another thread counts: a pool's threads take the work in any order)
      if (mine.request !== theirs.request) continue;
      op.moved = theirs;
      other.moved = mine;
      break;
    }
  }
  return markDetours(dataOnly(ops));
}

/** A call on a file (its first argument a descriptor open on a path): `write(</tmp/x>, ...`. */
function onFile(request: string): boolean {
  return /^\w+\(<\//.test(request);
}

/** A call whose effect shows outside the process: output to a terminal, pipe or socket, an exit, a new process, a signal. */
function isVisible(item: NormalItem): boolean {
  if (item.rec.t !== 'sys') return true;
  const name = /^\w+/.exec(item.request)?.[0] ?? '';
  if (
    /^(?:write|writev|pwrite64|pwritev2?|sendto|sendmsg|sendmmsg|sendfile|splice|tee)$/.test(name)
  )
    return !onFile(item.request);
  return /^(?:exit|exit_group|execve|execveat|clone|clone3|fork|vfork|kill|tkill|tgkill)$/.test(
    name,
  );
}

/**
 * A few calls on one side only, none of them seen outside the process, after which both runs
 * go on alike for a good while: the program took another way for a moment (mkdir found the
 * directory already there and it looked at it) and came back. Not where the runs diverged;
 * the inputs that sent it there are still inputs that differed.
 */
function markDetours(ops: Op[]): Op[] {
  let i = 0;
  while (i < ops.length) {
    const op = ops[i];
    if (op.t === 'same' || op.t === 'data' || op.moved) {
      i++;
      continue;
    }
    // the hunk: one-sided calls up to the next call both made
    let end = i;
    const hunk: OneSided[] = [];
    for (; end < ops.length; end++) {
      const o = ops[end];
      if (o.t !== 'a' && o.t !== 'b') break;
      if (!o.moved) hunk.push(o);
    }
    let alike = 0;
    for (let j = end; j < ops.length && alike < DETOUR_REJOIN; j++) {
      const o = ops[j];
      if (o.t === 'same' || o.t === 'data' || o.moved) alike++;
      else break;
    }
    const count = (t: 'a' | 'b') => hunk.filter((o) => o.t === t).length;
    if (
      alike >= DETOUR_REJOIN &&
      count('a') <= DETOUR_MAX &&
      count('b') <= DETOUR_MAX &&
      hunk.every((o) => !isVisible(o.t === 'a' ? o.a : o.b))
    ) {
      for (const o of hunk) o.detour = true;
    }
    i = end;
  }
  return ops;
}

/** A request without the bytes it carries: the call and its target. */
function shape(request: string): string {
  return request.replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '""');
}

/**
 * A call on one side only next to one on the other side only, alike but for the bytes they
 * carry to a file, after which both runs go on alike: the program wrote other data (a cache
 * file whose entries came in another order, say) without going another way. Paired as 'data'.
 */
function dataOnly(ops: Op[]): Op[] {
  const out: Op[] = [];
  for (let i = 0; i < ops.length; i++) {
    const x = ops[i];
    const y = ops[i + 1];
    const next = ops[i + 2];
    if (
      y &&
      x.t !== 'same' &&
      x.t !== 'data' &&
      y.t !== 'same' &&
      y.t !== 'data' &&
      x.t !== y.t &&
      !x.moved &&
      !y.moved &&
      (next === undefined ? false : next.t === 'same' || next.t === 'data')
    ) {
      const a = x.t === 'a' ? x.a : (y as { a: NormalItem }).a;
      const b = x.t === 'b' ? x.b : (y as { b: NormalItem }).b;
      // (to a file: what goes to the terminal or another process is what the program did)
      if (
        a.label === b.label &&
        a.request !== b.request &&
        onFile(a.request) &&
        shape(a.request) === shape(b.request)
      ) {
        out.push({ t: 'data', a, b });
        i++;
        continue;
      }
    }
    out.push(x);
  }
  return out;
}

/** Seq of the first A-side (or B-side) item at or after op i: where op i sits in that trace. */
function seqFrom(ops: Op[], i: number, side: 'a' | 'b'): number {
  for (let j = i; j < ops.length; j++) {
    const op = ops[j];
    if (op.t === 'same' || op.t === 'data') return side === 'a' ? op.a.seq : op.b.seq;
    if (side === 'a' && op.t === 'a') return op.a.seq;
    if (side === 'b' && op.t === 'b') return op.b.seq;
  }
  return Infinity;
}

function line(item: NormalItem): string {
  return `${item.label} ${item.shown}`;
}

function unified(nameA: string, nameB: string, a: string[], b: string[]): string {
  const patch = createTwoFilesPatch(
    nameA,
    nameB,
    a.join('\n') + '\n',
    b.join('\n') + '\n',
    '',
    '',
    {
      context: CONTEXT,
    },
  );
  if (!patch.includes('@@')) return '';
  // drop the `Index:`/`===` preamble createTwoFilesPatch starts with
  return patch
    .split('\n')
    .filter((l) => !l.startsWith('=====') && !l.startsWith('Index:'))
    .join('\n')
    .trimEnd();
}

interface ProcessResult {
  process: string;
  ops: Op[];
  /** index into ops of the first call found on one side only, -1 when none */
  first: number;
  /** where that is, in A's and B's seq order */
  at: { a: number; b: number };
}

/** The recorded tid, in the second run, of the call where `r` diverges there. */
function divergentTidB(r: ProcessResult): number | null {
  for (let j = r.first; j < r.ops.length; j++) {
    const op = r.ops[j];
    if (op.t !== 'a' && op.b.rec.t !== 'end') return op.b.rec.tid;
  }
  return null;
}

function compareProcess(process: string, a: NormalItem[], b: NormalItem[]): ProcessResult {
  const ops = align(a, b);
  const first = ops.findIndex(
    (op) => op.t !== 'same' && op.t !== 'data' && !op.moved && !op.detour,
  );
  const at =
    first < 0
      ? { a: Infinity, b: Infinity }
      : { a: seqFrom(ops, first, 'a'), b: seqFrom(ops, first, 'b') };
  return { process, ops, first, at };
}

function divergenceOf(r: ProcessResult, A: Side, B: Side): TraceDivergence {
  const op = r.ops[r.first];
  const item = op.t === 'a' ? op.a : op.t === 'b' ? op.b : op.a;
  // the other side's call at that point: the next call it made that A did not (or B did not)
  const otherSide = op.t === 'a' ? 'b' : 'a';
  let other: NormalItem | null = null;
  for (let j = r.first + 1; j < Math.min(r.ops.length, r.first + CONTEXT * 3); j++) {
    const o = r.ops[j];
    if (o.t === otherSide && !o.moved && !o.detour) {
      other = o.t === 'a' ? o.a : o.b;
      break;
    }
  }
  const aItem = op.t === 'a' ? item : other;
  const bItem = op.t === 'b' ? item : other;
  const lo = Math.max(0, r.first - CONTEXT * 2);
  const hi = Math.min(r.ops.length, r.first + CONTEXT * 3);
  const aLines: string[] = [];
  const bLines: string[] = [];
  for (const o of r.ops.slice(lo, hi)) {
    if (o.t !== 'b') aLines.push(line(o.a));
    if (o.t !== 'a') bLines.push(line(o.t === 'same' ? o.b : o.b));
  }
  return {
    label: item.label,
    argv: A.argv.get(r.process) ?? B.argv.get(r.process) ?? [],
    seq: { a: aItem?.seq ?? null, b: bItem?.seq ?? null },
    a: aItem ? aItem.shown : null,
    b: bItem ? bItem.shown : null,
    diff: unified(A.file, B.file, aLines, bLines),
  };
}

/** The key of an input group: its kind and subject. */
export function inputKey(kind: InputKind, subject: string | undefined): string {
  return `${kind}\0${subject ?? ''}`;
}

/** Collects input differences grouped by kind and subject. */
class Inputs {
  private readonly groups = new Map<string, InputDifference>();
  /** the differing records of each group, as (first run's, second run's), by {@link inputKey} */
  readonly pairs = new Map<string, [TraceRecord, TraceRecord][]>();

  pair(kind: InputKind, subject: string | undefined, a: TraceRecord, b: TraceRecord): void {
    const key = inputKey(kind, subject);
    let list = this.pairs.get(key);
    if (!list) this.pairs.set(key, (list = []));
    list.push([a, b]);
  }

  /** how each group is told: by its first differing call, or (interleavings) its nearest */
  private readonly weights = new Map<InputDifference, number>();
  private readonly tell = new Map<
    InputDifference,
    { summary: () => string; detail?: () => string | undefined }
  >();

  add(
    kind: InputKind,
    label: string,
    subject: string | undefined,
    seq: SeqPair,
    summary: () => string,
    detail?: () => string | undefined,
    weight = 0,
  ): void {
    const key = inputKey(kind, subject);
    const g = this.groups.get(key);
    if (g) {
      g.count++;
      if ((seq.a ?? -1) > (g.last.a ?? -1)) g.last = seq;
      // of calls that ran in another order, the one on a file nearest the divergence tells most
      const told = this.weights.get(g) ?? 0;
      if (kind === 'interleaving' && weight >= told) {
        this.tell.set(g, { summary, detail });
        this.weights.set(g, weight);
      }
      if ((seq.a ?? Infinity) < (g.first.a ?? Infinity)) g.first = seq;
      return;
    }
    const group: InputDifference = {
      kind,
      summary: '',
      label,
      subject,
      count: 1,
      first: seq,
      last: seq,
    };
    this.groups.set(key, group);
    this.tell.set(group, { summary, detail });
    this.weights.set(group, weight);
  }

  /** Say how many differed, for a group added once (the variables of the environment). */
  setCount(kind: InputKind, count: number): void {
    for (const g of this.groups.values()) if (g.kind === kind) g.count = count;
  }

  list(): InputDifference[] {
    for (const [g, t] of this.tell) {
      g.summary = t.summary();
      const detail = t.detail?.();
      if (detail) g.detail = detail;
    }
    this.tell.clear();
    // nearest the divergence first; the environment, there from the start, last
    return [...this.groups.values()].sort(
      (x, y) => (y.last.a ?? y.last.b ?? -1) - (x.last.a ?? x.last.b ?? -1),
    );
  }
}

const KIND_WORDS: Record<InputKind, string> = {
  environment: 'environment',
  clock: 'clock values',
  random: 'random bytes',
  'directory-order': 'directory listing order',
  'directory-contents': 'directory contents',
  'file-contents': 'file contents',
  'file-metadata': 'file metadata',
  network: 'network data',
  'process-data': 'data from another process',
  signal: 'signals',
  interleaving: 'thread interleaving',
  'child-order': 'order processes ended in',
  system: 'system state',
  other: 'results',
};

/** Human words for an input kind (`clock values`, `directory listing order`...). */
export function inputKindWords(kind: InputKind): string {
  return KIND_WORDS[kind];
}

function direntBytes(item: NormalItem): Uint8Array | undefined {
  if (item.rec.t !== 'sys') return undefined;
  return item.rec.mem.find((m) => m.dir === 'out')?.bytes;
}

function shorten(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function statOf(item: NormalItem): Record<string, string> | undefined {
  if (item.rec.t !== 'sys') return undefined;
  const out = item.rec.mem.filter((m) => m.dir === 'out');
  return out.length === 1 ? statFields(out[0].bytes) : undefined;
}

function responseDifference(a: NormalItem, b: NormalItem, inputs: Inputs, A: Side, B: Side): void {
  const seq = { a: a.seq, b: b.seq };
  let kind = a.kind;
  const lines = () => unified(A.file, B.file, [`${a.label} ${a.shown}`], [`${b.label} ${b.shown}`]);
  let detail: () => string | undefined = lines;
  let what: string = `${a.label} ${shorten(a.shown)}`;
  if (kind === 'directory-contents') {
    const na = direntNames(direntBytes(a) ?? new Uint8Array());
    const nb = direntNames(direntBytes(b) ?? new Uint8Array());
    const sa = new Set(na);
    const sb = new Set(nb);
    const added = nb.filter((n) => !sa.has(n));
    const removed = na.filter((n) => !sb.has(n));
    if (added.length === 0 && removed.length === 0) {
      kind = 'directory-order';
      what = `${a.label} listed the ${na.length} entries in another order`;
    } else {
      const parts = [
        ...(removed.length
          ? [`${removed.length} only in ${A.file} (${shorten(removed.join(', '), 60)})`]
          : []),
        ...(added.length
          ? [`${added.length} only in ${B.file} (${shorten(added.join(', '), 60)})`]
          : []),
      ];
      what = `${a.label} entries ${parts.join(', ')}`;
    }
    detail = () => unified(A.file, B.file, na, nb);
  } else if (kind === 'file-metadata') {
    const fa = statOf(a);
    const fb = statOf(b);
    if (fa && fb) {
      const fields = Object.keys(fa).filter((k) => fa[k] !== fb[k]);
      what = `${a.label} ${fields.join(', ')} changed`;
      detail = () =>
        unified(
          A.file,
          B.file,
          fields.map((k) => `${k} ${fa[k]}`),
          fields.map((k) => `${k} ${fb[k]}`),
        );
    } else if (a.shown !== b.shown) {
      what = `${a.label} ${shorten(a.shown)} vs ${shorten(b.shown.slice(b.shown.lastIndexOf(' = ')), 40)}`;
    }
  } else if (kind === 'file-contents' || kind === 'process-data' || kind === 'network') {
    detail = () => {
      const ta = dataText(a);
      const tb = dataText(b);
      return ta !== undefined && tb !== undefined
        ? unified(A.file, B.file, ta.split('\n'), tb.split('\n'))
        : lines();
    };
  } else if (a.rec.t === 'exec') {
    what = `${a.label} the 16 bytes the kernel gives ${a.rec.path} at exec`;
    detail = () => unified(A.file, B.file, [a.response], [b.response]);
  }
  const subject = a.subject ? ` (${a.subject})` : '';
  inputs.add(kind, a.label, a.subject, seq, () => `${KIND_WORDS[kind]}${subject}: ${what}`, detail);
  if (!a.merged && !b.merged) inputs.pair(kind, a.subject, a.rec, b.rec);
}

/** The bytes a read returned, as text, when they are text. */
function dataText(item: NormalItem): string | undefined {
  if (item.rec.t !== 'sys') return undefined;
  const out = item.rec.mem.filter((m) => m.dir === 'out');
  const bytes = Buffer.concat(out.map((m) => Buffer.from(m.bytes))).subarray(0, 4096);
  const text = bytes.toString('utf8');
  // mostly printable: show it as lines
  const printable = text.replace(/[^\x20-\x7e\n\t\u00a0-\uffff]/g, '').length;
  return text.length > 0 && printable / text.length > 0.9 ? text : undefined;
}

function envDifference(A: Side, B: Side, inputs: Inputs): void {
  const keys = new Set([...Object.keys(A.header.env), ...Object.keys(B.header.env)]);
  const changed = [...keys].filter((k) => A.header.env[k] !== B.header.env[k]).sort();
  const cwd = A.header.cwd !== B.header.cwd;
  if (changed.length === 0 && !cwd) return;
  const show = (h: TraceHeader) => [
    ...(cwd ? [`(cwd) ${h.cwd}`] : []),
    ...changed.filter((k) => k in h.env).map((k) => `${k}=${h.env[k]}`),
  ];
  const names = [...(cwd ? ['the working directory'] : []), ...changed];
  const none = { a: null, b: null };
  inputs.add(
    'environment',
    '',
    undefined,
    none,
    () =>
      `environment: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ` and ${names.length - 6} more` : ''} differ`,
    () => unified(A.file, B.file, show(A.header), show(B.header)),
  );
  inputs.setCount('environment', names.length);
}

function ambientDifferences(A: Side, B: Side, cut: SeqPair, inputs: Inputs): void {
  const keys = new Set([...A.ambient.keys(), ...B.ambient.keys()]);
  for (const key of keys) {
    const la = (A.ambient.get(key) ?? []).filter((x) => cut.a === null || x.seq < cut.a);
    const lb = (B.ambient.get(key) ?? []).filter((x) => cut.b === null || x.seq < cut.b);
    const n = Math.max(la.length, lb.length);
    for (let i = 0; i < n; i++) {
      const x = la[i];
      const y = lb[i];
      if (x && y && x.response === y.response) continue;
      const item = x ?? y;
      const seq = { a: x?.seq ?? null, b: y?.seq ?? null };
      const shown = (z: AmbientItem | undefined) => (z ? z.shown : '(none)');
      const subject = item.kind === 'signal' ? item.response : key.slice(key.indexOf(' ') + 1);
      inputs.add(
        item.kind,
        item.label,
        subject,
        seq,
        () => `${KIND_WORDS[item.kind]}: ${item.label} ${shown(x)} vs ${shown(y)}`,
        () =>
          unified(
            A.file,
            B.file,
            x ? [`${x.label} ${x.shown}`] : [],
            y ? [`${y.label} ${y.shown}`] : [],
          ),
      );
      if (x && y && item.kind === 'clock') inputs.pair('clock', subject, x.rec, y.rec);
    }
  }
}

/**
 * Compare two traces of the same command (see the module comment).
 *
 * @throws SystapeError `DIFFERENT_COMMANDS` when they recorded different command lines, or
 *   the trace errors of `readTrace` when one cannot be read
 */
export function diffTraces(fileA: string, fileB: string): TraceDiff {
  return compareTraces(fileA, fileB).diff;
}

/** What {@link compareTraces} found, with what explaining it needs. */
export interface Comparison {
  diff: TraceDiff;
  /** the records of the second run */
  recordsB: TraceRecord[];
  headerA: TraceHeader;
  headerB: TraceHeader;
  /**
   * the differing records of each input group before the divergence, as (first run's, second
   * run's), by {@link inputKey}
   */
  pairs: Map<string, [TraceRecord, TraceRecord][]>;
  /** where the second run diverged (its seq), null when it did not */
  cutB: number | null;
  /** the recorded thread id, in the second run, of the thread that diverged first */
  cutTidB: number | null;
}

/** {@link diffTraces}, keeping what `explain` needs to test the inputs one kind at a time. */
export function compareTraces(fileA: string, fileB: string): Comparison {
  const A = load(fileA);
  const B = load(fileB);
  const cmd = (h: TraceHeader) =>
    h.argv.map((s) => (/^[\w./=:,@%+-]+$/.test(s) ? s : JSON.stringify(s))).join(' ');
  if (JSON.stringify(A.header.argv) !== JSON.stringify(B.header.argv)) {
    throw new SystapeError(
      'DIFFERENT_COMMANDS',
      `${fileA} and ${fileB} are runs of different commands (\`${cmd(A.header)}\` and ` +
        `\`${cmd(B.header)}\`); systape diff compares two runs of one command`,
    );
  }
  const processes = [...new Set([...A.streams.keys(), ...B.streams.keys()])];
  const results = processes.map((p) =>
    compareProcess(p, A.streams.get(p) ?? [], B.streams.get(p) ?? []),
  );
  const diverged = results
    .filter((r) => r.first >= 0)
    .sort((x, y) => x.at.a - y.at.a || x.at.b - y.at.b);
  const first = diverged[0];
  const divergence = first ? divergenceOf(first, A, B) : null;
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  const cut: SeqPair = first
    ? { a: finite(first.at.a), b: finite(first.at.b) }
    : { a: null, b: null };

  const inputs = new Inputs();
  envDifference(A, B, inputs);
  const otherData: TraceDiff['otherData'] = [];
  const detours: TraceDiff['detours'] = [];
  for (const r of results) {
    for (let i = 0; i < r.ops.length; i++) {
      const op = r.ops[i];
      if ((op.t === 'a' || op.t === 'b') && op.detour) {
        const item = op.t === 'a' ? op.a : op.b;
        if (cut.a !== null && op.t === 'a' && item.seq >= cut.a) break;
        if (cut.b !== null && op.t === 'b' && item.seq >= cut.b) break;
        const prev = r.ops[i - 1];
        const open = prev && (prev.t === 'a' || prev.t === 'b') && prev.detour;
        if (!open)
          detours.push({
            label: item.label,
            seq: { a: seqFrom(r.ops, i, 'a'), b: seqFrom(r.ops, i, 'b') },
            a: [],
            b: [],
          });
        const d = detours[detours.length - 1];
        (op.t === 'a' ? d.a : d.b).push(`${item.label} ${item.shown}`);
      } else if (op.t === 'data') {
        if (cut.a !== null && op.a.seq >= cut.a) break;
        const seq = { a: op.a.seq, b: op.b.seq };
        otherData.push({ label: op.a.label, seq, a: op.a.shown, b: op.b.shown });
      } else if (op.t === 'same') {
        if (cut.a !== null && op.a.seq >= cut.a) break;
        if (op.a.response !== op.b.response) responseDifference(op.a, op.b, inputs, A, B);
      } else if (op.moved && op.t === 'a') {
        if (cut.a !== null && op.a.seq >= cut.a) break;
        const moved = op.moved;
        inputs.add(
          'interleaving',
          op.a.label,
          r.process,
          { a: op.a.seq, b: moved.seq },
          () =>
            `${KIND_WORDS.interleaving}: ${op.a.label} ${op.a.shown} ran at another point among ` +
            `the other threads' calls`,
          () => interleavingDetail(r.ops, i, A, B),
          // calls on files and pipes say more than a thread's housekeeping
          /<[/a-z]|"\//.test(op.a.request) ? 1 : 0,
        );
      }
    }
  }
  ambientDifferences(A, B, cut, inputs);

  const diff: TraceDiff = {
    a: fileA,
    b: fileB,
    command: A.header.argv,
    equivalent: !first && A.exitStatus === B.exitStatus,
    exitStatus: { a: A.exitStatus, b: B.exitStatus },
    divergence,
    alsoDiverged: diverged.slice(1).map((r) => `P${r.process}`),
    inputs: inputs.list(),
    otherData,
    detours,
  };
  return {
    diff,
    recordsB: B.records,
    headerA: A.header,
    headerB: B.header,
    pairs: inputs.pairs,
    cutB: cut.b,
    cutTidB: first ? divergentTidB(first) : null,
  };
}

function interleavingDetail(ops: Op[], i: number, A: Side, B: Side): string {
  const lo = Math.max(0, i - 3);
  const hi = Math.min(ops.length, i + REORDER_WINDOW);
  const a: string[] = [];
  const b: string[] = [];
  let seen = 0;
  for (const o of ops.slice(lo, hi)) {
    if (o.t !== 'b') a.push(line(o.a));
    if (o.t !== 'a') b.push(line(o.b));
    if (o.t !== 'same' && ++seen > 2 && o.t === 'b') break;
  }
  return unified(A.file, B.file, a, b);
}
