/// <reference lib="dom" />
/**
 * The report page's script: it reads the page's embedded data (model.ts) and
 * builds the page: summary, comparison, legend, the timelines (canvas, one
 * lane per thread, labels in the DOM beside them), and the details of the
 * record under the pointer or clicked.
 *
 * The page embeds this function's source text (template.ts), so everything it
 * uses must be inside its body: the imports here are types only. The DOM
 * library reference above types it; the rest of systape runs in Node.
 *
 * In the page: drag across a timeline to zoom to that range, Ctrl/⌘ + wheel to
 * zoom, Shift + wheel to pan, double-click for the whole run; click a call for
 * its line; `#a:123` in the address selects record 123 of the first run.
 */
import type { CallKind, InputData, ReportData, RunData } from './model';

export function reportClient(): void {
  // ---- constants ----------------------------------------------------------------------
  const FAMILY_COLOURS: Record<string, string> = {
    files: '#4e79a7',
    network: '#17becf',
    process: '#9467bd',
    memory: '#a0785a',
    signals: '#f28e2b',
    time: '#c9b03a',
    ipc: '#e377c2',
    system: '#59a14f',
    other: '#9a9a9a',
  };
  const ERROR_COLOUR = '#d62728';
  const DIM_COLOUR = '#dcdcdc';
  const MARK = { SPAWN: 0, EXEC: 1, SIGNAL: 2, EXIT: 3 };
  const ROW_H = 34;
  const TRACK_TOP = 10;
  const TRACK_H = 16;
  const COL_PX = 2;
  const SIDES = ['a', 'b'];

  // ---- small DOM helpers ------------------------------------------------------------
  type Child = Node | string | null | undefined | false;
  function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attrs: Record<string, string | number | undefined> = {},
    ...children: Child[]
  ): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined) continue;
      if (k === 'class') e.className = String(v);
      else e.setAttribute(k, String(v));
    }
    for (const c of children) if (c) e.append(c);
    return e;
  }
  const plural = (n: number, word: string) =>
    `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
  function shellWords(argv: string[]): string {
    return argv
      .map((s) => (/^[\w./=:,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`))
      .join(' ');
  }
  function exitText(status: number | null): string {
    return status === null ? 'did not finish' : `exit ${status}`;
  }
  function exitBadge(status: number | null): HTMLElement {
    const cls = status === 0 ? 'badge ok' : 'badge bad';
    return el('span', { class: cls }, exitText(status));
  }

  // ---- packed columns ---------------------------------------------------------------
  function unpack(packed: string): number[] {
    const bin = atob(packed);
    const out: number[] = [];
    let v = 0;
    let scale = 1;
    for (let i = 0; i < bin.length; i++) {
      const b = bin.charCodeAt(i);
      v += (b & 0x7f) * scale;
      if (b & 0x80) scale *= 0x80;
      else {
        out.push(v);
        v = 0;
        scale = 1;
      }
    }
    return out;
  }
  function unpackAscending(packed: string): number[] {
    const out = unpack(packed);
    for (let i = 1; i < out.length; i++) out[i] += out[i - 1];
    return out;
  }
  /** first index whose value is >= x */
  function lowerBound(xs: ArrayLike<number>, x: number): number {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // ---- the runs, decoded ------------------------------------------------------------
  interface Lane {
    xs: number[];
    seqs: number[];
    kinds: number[];
    /** when binned: bin starts, errors, then FAMILIES counts per bin */
    bins?: { x: number[]; errors: number[]; counts: number[][] };
    /** seqs of the lane that have a line, ascending */
    lineSeqs: number[];
  }
  interface Mark {
    seq: number;
    x: number;
    lane: number;
    type: number;
    arg: number;
  }
  interface Run {
    side: string;
    data: RunData;
    lanes: Lane[];
    laneOf: Map<string, number>;
    marks: Mark[];
    markXs: number[];
    lines: Map<number, string>;
    /** lane of every seq that has a line */
    lineLane: Map<number, number>;
  }

  function decodeRun(d: RunData, side: string, families: number): Run {
    const lanes: Lane[] = d.lanes.map(() => ({ xs: [], seqs: [], kinds: [], lineSeqs: [] }));
    const lines = new Map<number, string>();
    unpackAscending(d.lines.seq).forEach((seq, i) => lines.set(seq, d.lines.text[i]));
    const lineLane = new Map<number, number>();
    if (d.calls) {
      const seqs = unpackAscending(d.calls.seq);
      const xs = d.calls.x ? unpackAscending(d.calls.x) : seqs;
      const laneIdx = unpack(d.calls.lane);
      const kinds = unpack(d.calls.kind);
      for (let i = 0; i < seqs.length; i++) {
        const lane = lanes[laneIdx[i]];
        lane.xs.push(xs[i]);
        lane.seqs.push(seqs[i]);
        lane.kinds.push(kinds[i]);
        if (lines.has(seqs[i])) lineLane.set(seqs[i], laneIdx[i]);
      }
    }
    if (d.bins) {
      const { width, start } = d.bins;
      d.bins.lanes.forEach((packed, li) => {
        const nums = unpack(packed);
        const bins = { x: [] as number[], errors: [] as number[], counts: [] as number[][] };
        let bin = 0;
        for (let i = 0; i + 2 + families <= nums.length; i += 2 + families) {
          bin += nums[i];
          bins.x.push(start + bin * width);
          bins.errors.push(nums[i + 1]);
          bins.counts.push(nums.slice(i + 2, i + 2 + families));
        }
        lanes[li].bins = bins;
      });
    }
    const m = d.marks;
    const mseq = unpackAscending(m.seq);
    const mx = m.x ? unpackAscending(m.x) : mseq;
    const mlane = unpack(m.lane);
    const mtype = unpack(m.type);
    const marg = unpack(m.arg);
    const marks: Mark[] = mseq.map((seq, i) => ({
      seq,
      x: mx[i],
      lane: mlane[i],
      type: mtype[i],
      arg: marg[i],
    }));
    for (const mk of marks) if (lines.has(mk.seq)) lineLane.set(mk.seq, mk.lane);
    for (const [seq, lane] of lineLane) lanes[lane].lineSeqs.push(seq);
    for (const lane of lanes) lane.lineSeqs.sort((x, y) => x - y);
    return {
      side,
      data: d,
      lanes,
      laneOf: new Map(d.lanes.map((l, i) => [l.label, i])),
      marks,
      markXs: marks.map((mk) => mk.x),
      lines,
      lineLane,
    };
  }

  // ---- what a record is, in words ---------------------------------------------------
  function markWords(run: Run, mk: Mark): string {
    const line = run.lines.get(mk.seq);
    if (line) return line;
    if (mk.type === MARK.SPAWN) return `+++ new task ${run.data.lanes[mk.arg]?.label ?? ''} +++`;
    if (mk.type === MARK.EXEC) return '+++ exec +++';
    if (mk.type === MARK.SIGNAL) return `--- signal ${mk.arg} ---`;
    return mk.arg >= 512
      ? '+++ exited +++'
      : mk.arg >= 256
        ? `+++ killed by signal ${mk.arg - 256} +++`
        : `+++ exited with ${mk.arg} +++`;
  }
  function kindWords(k: CallKind | undefined): string {
    if (!k) return '?';
    return `${k.name}(…)${k.errno ? ` = -1 ${k.errno}` : ''}${k.injected ? ' (INJECTED)' : ''}`;
  }
  function familyOf(run: Run, kind: number): string {
    return data.families[run.data.kinds[kind]?.family ?? data.families.length - 1];
  }

  // ---- page state -------------------------------------------------------------------
  const data = JSON.parse(
    document.getElementById('systape-report-data')?.textContent ?? 'null',
  ) as ReportData;
  const FAM = data.families.length;
  const runs = data.runs.map((d, i) => decodeRun(d, SIDES[i], FAM));
  const comparison = data.comparison;
  const app = document.getElementById('app') as HTMLElement;
  const tooltip = el('div', { id: 'tooltip', class: 'tooltip', hidden: '' });
  document.body.append(tooltip);

  /** rows shared by the runs: one per lane label, in role order */
  interface Row {
    label: string;
    process: string;
    thread: number;
    top: number;
    firstOfProcess: boolean;
  }
  const rows: Row[] = [];
  {
    let prev = '';
    data.rows.forEach((r, i) => {
      rows.push({ ...r, top: i * ROW_H, firstOfProcess: r.process !== prev });
      prev = r.process;
    });
  }
  const rowOf = new Map(rows.map((r, i) => [r.label, i]));
  const totalH = Math.max(rows.length * ROW_H, ROW_H);
  let highlight: { family?: string; name?: string } | null = null;
  let selection: { run: number; seq: number } | null = null;
  let linked = true;

  // ---- header and summary -----------------------------------------------------------
  const first = runs[0].data;
  app.append(
    el(
      'header',
      { class: 'top' },
      el('div', { class: 'brand' }, 'systape report'),
      el('h1', { class: 'command', title: 'the recorded command' }, shellWords(first.command)),
      el(
        'div',
        { class: 'sub' },
        runs.length === 2 ? 'two runs compared' : `${first.hostname} · ${first.kernel}`,
      ),
    ),
  );

  const summary = el('section', { class: 'summary' });
  for (const run of runs) {
    const d = run.data;
    const stat = (value: string, label: string, cls = '') =>
      el('div', { class: `stat ${cls}` }, el('b', {}, value), el('span', {}, label));
    const card = el(
      'div',
      { class: 'card run-card', 'data-run': run.side },
      el(
        'div',
        { class: 'card-title' },
        runs.length === 2 ? el('span', { class: `side side-${run.side}` }, run.side) : null,
        el('span', { class: 'file' }, d.file),
        exitBadge(d.exitStatus),
      ),
      el(
        'div',
        { class: 'stats' },
        stat(d.durationMs === null ? '–' : `${d.durationMs.toLocaleString('en')} ms`, 'duration'),
        stat(d.counts.calls.toLocaleString('en'), 'system calls'),
        stat(d.counts.errors.toLocaleString('en'), 'failed', d.counts.errors ? 'err' : ''),
        stat(String(d.counts.processes), d.counts.processes === 1 ? 'process' : 'processes'),
        stat(String(d.counts.threads), d.counts.threads === 1 ? 'thread' : 'threads'),
        stat(String(d.counts.signals), d.counts.signals === 1 ? 'signal' : 'signals'),
      ),
      el(
        'div',
        { class: 'meta' },
        `recorded ${new Date(d.startTime).toLocaleString('en-GB')} on ${d.hostname}, in ${d.cwd}`,
      ),
      d.truncated ? el('div', { class: 'warn' }, `The trace stops early: ${d.truncated}`) : null,
      d.injections
        ? el('div', { class: 'meta' }, `faults injected: ${d.injections.join(', ')}`)
        : null,
    );
    summary.append(card);
  }
  app.append(summary);

  // ---- comparison -------------------------------------------------------------------
  function diffBlock(text: string): HTMLElement {
    const pre = el('pre', { class: 'diff' });
    for (const line of text.split('\n')) {
      const cls = line.startsWith('@@')
        ? 'hunk'
        : line.startsWith('+++') || line.startsWith('---')
          ? 'file'
          : line.startsWith('+')
            ? 'add'
            : line.startsWith('-')
              ? 'del'
              : '';
      pre.append(el('span', { class: cls }, line), '\n');
    }
    return pre;
  }
  function seqLink(runIndex: number, seq: number | null): HTMLElement {
    if (seq === null) return el('span', { class: 'seq none' }, '–');
    const a = el('a', { class: 'seq', href: `#${SIDES[runIndex]}:${seq}` }, `#${seq}`);
    return a;
  }
  function inputItem(inp: InputData, n: number): HTMLElement {
    const li = el(
      'li',
      { class: 'input', 'data-input': n, 'data-kind': inp.kind },
      el('span', { class: 'input-num' }, String(n)),
      el('span', { class: 'input-kind' }, inp.kindWords),
      el('span', { class: 'input-summary' }, inp.summary),
      el(
        'span',
        { class: 'input-where' },
        inp.count > 1 ? `${inp.count} calls, first ` : '',
        seqLink(0, inp.first.a),
        ' / ',
        seqLink(1, inp.first.b),
        inp.count > 1 ? ', last ' : '',
        inp.count > 1 ? seqLink(0, inp.last.a) : null,
        inp.count > 1 ? ' / ' : '',
        inp.count > 1 ? seqLink(1, inp.last.b) : null,
      ),
    );
    if (inp.detail)
      li.append(el('details', {}, el('summary', {}, 'what differed'), diffBlock(inp.detail)));
    return li;
  }
  const whatDiffered = el('section', { class: 'card what-differed' });
  if (comparison) {
    const v = comparison.divergence;
    const sec = el('section', { class: 'card comparison' });
    if (v) {
      sec.append(
        el(
          'h2',
          { class: 'divergence-title', 'data-label': v.label },
          el('span', { class: 'dot' }),
          'First divergence: ',
          el('b', {}, v.label),
          ' ',
          el('span', { class: 'argv' }, shellWords(v.argv)),
        ),
        el(
          'div',
          { class: 'divergence-calls' },
          ...[v.a, v.b].map((c, i) =>
            el(
              'div',
              { class: 'divergence-call', 'data-run': SIDES[i] },
              el('span', { class: `side side-${SIDES[i]}` }, SIDES[i]),
              seqLink(i, c.seq),
              el('code', {}, c.call ?? '(no such call: it went on elsewhere or ended)'),
            ),
          ),
        ),
        v.alsoDiverged.length
          ? el(
              'div',
              { class: 'meta' },
              `also went another way later: ${v.alsoDiverged.join(', ')}`,
            )
          : '',
      );
    } else {
      sec.append(
        el(
          'h2',
          { class: 'equivalent' },
          comparison.equivalent
            ? 'Equivalent runs: the program did the same thing in both'
            : 'The runs ended differently, but no process made a different call',
        ),
      );
    }
    const kinds = [...new Set(comparison.inputs.map((i) => i.kindWords))];
    sec.append(
      el(
        'p',
        { class: 'inputs-line' },
        comparison.inputs.length
          ? `${v ? 'Inputs that differed before it' : 'Inputs that differed'}: ${kinds.join(', ')} ` +
              `(numbered on the timelines, listed below them)`
          : 'No input differed before it: the difference is inside the program or its scheduling.',
      ),
    );
    app.append(sec);

    // the evidence, below the timelines: the calls around the divergence and each input
    if (v)
      whatDiffered.append(
        el('h2', {}, `Calls of ${v.label} around the divergence`),
        diffBlock(v.diff),
      );
    if (comparison.inputs.length)
      whatDiffered.append(
        el(
          'h2',
          { class: 'inputs-title' },
          v ? 'Inputs that differed before it, nearest first' : 'Inputs that differed',
        ),
        el('ol', { class: 'inputs' }, ...comparison.inputs.map((inp, i) => inputItem(inp, i + 1))),
      );
  }

  // ---- legend and toolbar -----------------------------------------------------------
  const legend = el('div', { class: 'legend' });
  const familyTotals = new Map<string, number>();
  for (const run of runs)
    for (const k of run.data.kinds) {
      const f = data.families[k.family];
      familyTotals.set(f, (familyTotals.get(f) ?? 0) + k.count);
    }
  for (const f of data.families) {
    if (!familyTotals.get(f)) continue;
    const item = el(
      'button',
      {
        class: 'legend-item',
        'data-family': f,
        title: `show only ${f} calls (click again for all)`,
      },
      el('i', { class: 'swatch', style: `background:${FAMILY_COLOURS[f]}` }),
      `${f} `,
      el('small', {}, (familyTotals.get(f) ?? 0).toLocaleString('en')),
    );
    item.addEventListener('click', () =>
      setHighlight(highlight?.family === f ? null : { family: f }),
    );
    legend.append(item);
  }
  legend.append(
    el(
      'span',
      { class: 'legend-item static' },
      el('i', { class: 'swatch', style: `background:${ERROR_COLOUR}` }),
      'failed',
    ),
    el('span', { class: 'legend-item static' }, el('i', { class: 'glyph spawn' }), 'spawn'),
    el('span', { class: 'legend-item static' }, el('i', { class: 'glyph exec' }), 'exec'),
    el('span', { class: 'legend-item static' }, el('i', { class: 'glyph signal' }), 'signal'),
    el('span', { class: 'legend-item static' }, el('i', { class: 'glyph exit' }), 'exit'),
  );
  if (comparison)
    legend.append(
      el(
        'span',
        { class: 'legend-item static' },
        el('i', { class: 'glyph divergence' }),
        'divergence',
      ),
      el(
        'span',
        { class: 'legend-item static' },
        el('i', { class: 'glyph input' }),
        'differing input',
      ),
    );

  const toolbar = el('div', { class: 'toolbar' });
  const button = (text: string, title: string, action: () => void, cls = '') => {
    const b = el('button', { class: `tool ${cls}`, title }, text);
    b.addEventListener('click', action);
    toolbar.append(b);
    return b;
  };

  // ---- the timelines ----------------------------------------------------------------
  const section = el('section', { class: 'card timeline' });
  const head = el('div', { class: 'tl-grid tl-head', style: `--runs:${runs.length}` });
  const body = el('div', { class: 'tl-body' });
  const grid = el('div', { class: 'tl-grid', style: `--runs:${runs.length}` });
  body.append(grid);
  const labels = el('div', { class: 'labels', style: `height:${totalH}px` });
  head.append(el('div', { class: 'labels-head' }, plural(rows.length, 'thread'), ' by process'));
  grid.append(labels);

  for (const row of rows) {
    const perRun = runs.map((run) => {
      const i = run.laneOf.get(row.label);
      return i === undefined ? undefined : run.data.lanes[i];
    });
    const proc = runs
      .map((run) => run.data.processes.find((p) => p.label === row.process))
      .find((p) => p);
    const argv = proc?.argvs[proc.argvs.length - 1] ?? [];
    const known = perRun.find((l) => l);
    const threadWords = row.thread === 0 ? 'T0 main' : `T${row.thread}`;
    const counts = perRun.map((l, i) =>
      l
        ? `${runs.length === 2 ? `${SIDES[i]}: ` : ''}${plural(l.calls, 'call')}${l.errors ? `, ${l.errors} failed` : ''}`
        : `${SIDES[i]}: not in this run`,
    );
    // how the process ended in each run: one word when the runs agree, both when they do not
    const exits = runs.map((run) => {
      const e = run.data.processes.find((p) => p.label === row.process)?.exit;
      return e ? { ok: e.code === 0, words: e.signal ?? `exit ${e.code ?? '?'}` } : undefined;
    });
    const exitWords = [...new Set(exits.map((e) => e?.words ?? 'running'))];
    const exit = exits.some((e) => e)
      ? { ok: exits.every((e) => !e || e.ok), words: exitWords.join(' / ') }
      : undefined;
    const label = el(
      'div',
      {
        class: `lane-label${row.firstOfProcess ? ' first' : ''}`,
        'data-lane': row.label,
        'data-process': row.process,
        'data-thread': row.thread,
        style: `height:${ROW_H}px`,
        title: [
          `${row.label}: ${threadWords}`,
          ...(proc?.argvs.map((a, i) => `${i === 0 ? 'ran' : 'exec'} ${shellWords(a)}`) ?? []),
        ].join('\n'),
      },
      el(
        'div',
        { class: 'proc' },
        row.firstOfProcess
          ? el('b', { class: 'proc-label' }, row.process)
          : el('span', { class: 'indent' }),
        row.firstOfProcess
          ? el('span', { class: 'argv' }, shellWords(argv))
          : el('span', { class: 'thread' }, threadWords),
        row.firstOfProcess && exit
          ? el('span', { class: `exit ${exit.ok ? 'ok' : 'bad'}` }, exit.words)
          : null,
      ),
      el(
        'div',
        { class: 'lane-sub' },
        row.firstOfProcess ? `${threadWords} · ` : '',
        known ? `tid ${known.tid} · ` : '',
        counts.join(' · '),
      ),
    );
    labels.append(label);
  }

  class Panel {
    readonly run: Run;
    readonly index: number;
    readonly col: HTMLElement;
    readonly canvas: HTMLCanvasElement;
    readonly axis: HTMLCanvasElement;
    readonly markers: HTMLElement;
    v0 = 0;
    v1 = 1;
    width = 100;
    height = 100;
    offset = 0;
    brush: [number, number] | null = null;
    private dragFrom: number | null = null;

    constructor(run: Run, index: number) {
      this.run = run;
      this.index = index;
      this.canvas = el('canvas', { class: 'tl-canvas' });
      this.markers = el('div', { class: 'markers' });
      this.col = el(
        'div',
        { class: 'tl-col', 'data-run': run.side, style: `height:${totalH}px` },
        this.canvas,
        this.markers,
      );
      this.axis = el('canvas', { class: 'axis' });
      const d = run.data;
      head.append(
        el(
          'div',
          { class: 'tl-title' },
          el(
            'div',
            { class: 'tl-name' },
            runs.length === 2 ? el('span', { class: `side side-${run.side}` }, run.side) : null,
            el('span', { class: 'file' }, d.file),
            exitBadge(d.exitStatus),
            d.bins ? el('span', { class: 'note' }, 'calls counted in bins') : null,
          ),
          this.axis,
        ),
      );
      grid.append(this.col);
      this.reset();
      this.listen();
    }

    reset(): void {
      const { min, max } = this.run.data.range;
      const pad = Math.max(1, (max - min) * 0.01);
      this.v0 = min - pad;
      this.v1 = max + 1 + pad;
    }

    px(x: number): number {
      return ((x - this.v0) / (this.v1 - this.v0)) * this.width;
    }

    at(px: number): number {
      return this.v0 + (px / this.width) * (this.v1 - this.v0);
    }

    setView(v0: number, v1: number, fromLink = false): void {
      const { min, max } = this.run.data.range;
      const full = (max - min + 1) * 1.2 + 2;
      let span = Math.max(8, Math.min(v1 - v0, full));
      if (!Number.isFinite(span)) span = full;
      const centre = (v0 + v1) / 2;
      this.v0 = centre - span / 2;
      this.v1 = centre + span / 2;
      if (!fromLink && linked) for (const p of panels) if (p !== this) p.follow(this);
      scheduleDraw();
    }

    /** the same window as `other`, shifted so that the divergence lines up */
    follow(other: Panel): void {
      const shift = linkShift(other.index, this.index);
      this.setView(other.v0 + shift, other.v1 + shift, true);
    }

    zoom(factor: number, aroundPx = this.width / 2): void {
      const x = this.at(aroundPx);
      this.setView(x - (x - this.v0) * factor, x + (this.v1 - x) * factor);
    }

    centreOn(x: number, span = 80): void {
      this.setView(x - span / 2, x + span / 2);
    }

    layout(): void {
      const dpr = window.devicePixelRatio || 1;
      this.width = Math.max(50, this.col.clientWidth);
      this.height = Math.max(ROW_H, Math.min(totalH, body.clientHeight || totalH));
      this.canvas.width = Math.round(this.width * dpr);
      this.canvas.height = Math.round(this.height * dpr);
      this.canvas.style.width = `${this.width}px`;
      this.canvas.style.height = `${this.height}px`;
      this.axis.width = Math.round(this.width * dpr);
      this.axis.height = Math.round(26 * dpr);
      this.axis.style.width = `${this.width}px`;
      this.axis.style.height = '26px';
    }

    // -- drawing --
    draw(): void {
      const dpr = window.devicePixelRatio || 1;
      this.offset = Math.max(0, Math.min(body.scrollTop, totalH - this.height));
      const ctx = this.canvas.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, this.width, this.height);
      ctx.translate(0, -this.offset);
      const r0 = Math.max(0, Math.floor(this.offset / ROW_H));
      const r1 = Math.min(rows.length, Math.ceil((this.offset + this.height) / ROW_H));
      for (let r = r0; r < r1; r++) this.drawRow(ctx, r);
      this.drawMarks(ctx, r0, r1);
      this.drawFocus(ctx);
      if (this.brush) {
        const [b0, b1] = this.brush;
        ctx.fillStyle = 'rgba(40,90,200,0.12)';
        ctx.fillRect(Math.min(b0, b1), this.offset, Math.abs(b1 - b0), this.height);
      }
      this.drawAxis();
      this.placeMarkers();
    }

    private drawRow(ctx: CanvasRenderingContext2D, r: number): void {
      const row = rows[r];
      const y = row.top;
      if (row.firstOfProcess && r > 0) {
        ctx.fillStyle = '#d5d9e0';
        ctx.fillRect(0, y, this.width, 1);
      }
      const li = this.run.laneOf.get(row.label);
      if (li === undefined) {
        ctx.fillStyle = '#f3f3f3';
        ctx.fillRect(0, y + TRACK_TOP, this.width, TRACK_H);
        return;
      }
      const info = this.run.data.lanes[li];
      // the thread's life: from its first record to its last
      const s0 = Math.max(0, this.px(info.first));
      const s1 = Math.min(this.width, this.px(info.last + 1));
      if (s1 > s0) {
        ctx.fillStyle = '#eef1f6';
        ctx.fillRect(s0, y + TRACK_TOP - 2, Math.max(1, s1 - s0), TRACK_H + 4);
      }
      const lane = this.run.lanes[li];
      if (lane.bins) this.drawBins(ctx, lane, y);
      else this.drawCalls(ctx, lane, y);
    }

    private matches(kind: number): boolean {
      if (!highlight) return true;
      const k = this.run.data.kinds[kind];
      if (!k) return false;
      if (highlight.name) return k.name === highlight.name;
      return data.families[k.family] === highlight.family;
    }

    private drawCalls(ctx: CanvasRenderingContext2D, lane: Lane, y: number): void {
      const i0 = lowerBound(lane.xs, this.v0 - 1);
      const i1 = lowerBound(lane.xs, this.v1 + 1);
      const unit = this.width / (this.v1 - this.v0);
      const kinds = this.run.data.kinds;
      if ((i1 - i0) * 3 < this.width || unit >= 3) {
        const w = Math.max(1.5, unit > 4 ? unit - 1 : unit);
        for (let i = i0; i < i1; i++) {
          const k = kinds[lane.kinds[i]];
          const on = this.matches(lane.kinds[i]);
          ctx.fillStyle = !on
            ? DIM_COLOUR
            : k?.errno
              ? ERROR_COLOUR
              : FAMILY_COLOURS[data.families[k?.family ?? FAM - 1]];
          ctx.fillRect(this.px(lane.xs[i]), y + TRACK_TOP, w, TRACK_H);
          if (k?.injected && on) {
            ctx.strokeStyle = '#000';
            ctx.strokeRect(this.px(lane.xs[i]) + 0.5, y + TRACK_TOP + 0.5, w - 1, TRACK_H - 1);
          }
        }
        return;
      }
      // too many to draw one by one: counted per column of pixels
      const cols = Math.ceil(this.width / COL_PX);
      const counts = new Float32Array(cols * (FAM + 1));
      const errors = new Float32Array(cols);
      for (let i = i0; i < i1; i++) {
        const c = Math.floor(this.px(lane.xs[i]) / COL_PX);
        if (c < 0 || c >= cols) continue;
        const kind = lane.kinds[i];
        const on = this.matches(kind);
        const f = on ? (kinds[kind]?.family ?? FAM - 1) : FAM;
        counts[c * (FAM + 1) + f]++;
        if (on && kinds[kind]?.errno) errors[c]++;
      }
      this.drawColumns(ctx, counts, errors, y);
    }

    private drawBins(ctx: CanvasRenderingContext2D, lane: Lane, y: number): void {
      const bins = lane.bins;
      if (!bins) return;
      const width = this.run.data.bins?.width ?? 1;
      const cols = Math.ceil(this.width / COL_PX);
      const counts = new Float32Array(cols * (FAM + 1));
      const errors = new Float32Array(cols);
      const i0 = Math.max(0, lowerBound(bins.x, this.v0 - width));
      const i1 = lowerBound(bins.x, this.v1 + 1);
      for (let i = i0; i < i1; i++) {
        const c0 = Math.max(0, Math.floor(this.px(bins.x[i]) / COL_PX));
        const c1 = Math.min(cols - 1, Math.floor((this.px(bins.x[i] + width) - 0.01) / COL_PX));
        if (c1 < c0) continue;
        const share = 1 / (c1 - c0 + 1);
        for (let c = c0; c <= c1; c++) {
          bins.counts[i].forEach((n, f) => {
            const on =
              !highlight ||
              (highlight.family !== undefined && data.families[f] === highlight.family);
            counts[c * (FAM + 1) + (on ? f : FAM)] += n * share;
          });
          errors[c] += bins.errors[i] * share;
        }
      }
      this.drawColumns(ctx, counts, errors, y);
    }

    /** stacked family shares per column; busier columns darker; failures as a red foot */
    private drawColumns(
      ctx: CanvasRenderingContext2D,
      counts: Float32Array,
      errors: Float32Array,
      y: number,
    ): void {
      const cols = errors.length;
      let most = 0;
      const totals = new Float32Array(cols);
      for (let c = 0; c < cols; c++) {
        let t = 0;
        for (let f = 0; f <= FAM; f++) t += counts[c * (FAM + 1) + f];
        totals[c] = t;
        most = Math.max(most, t);
      }
      const logMost = Math.log(1 + most);
      for (let c = 0; c < cols; c++) {
        const t = totals[c];
        if (t <= 0) continue;
        ctx.globalAlpha = 0.45 + (0.55 * Math.log(1 + t)) / logMost;
        let yy = y + TRACK_TOP;
        for (let f = 0; f <= FAM; f++) {
          const n = counts[c * (FAM + 1) + f];
          if (n <= 0) continue;
          const h = (n / t) * TRACK_H;
          ctx.fillStyle = f === FAM ? DIM_COLOUR : FAMILY_COLOURS[data.families[f]];
          ctx.fillRect(c * COL_PX, yy, COL_PX, h);
          yy += h;
        }
        if (errors[c] > 0) {
          ctx.globalAlpha = 1;
          ctx.fillStyle = ERROR_COLOUR;
          ctx.fillRect(c * COL_PX, y + TRACK_TOP + TRACK_H - 4, COL_PX, 5);
        }
      }
      ctx.globalAlpha = 1;
    }

    private drawMarks(ctx: CanvasRenderingContext2D, r0: number, r1: number): void {
      const { marks, markXs } = this.run;
      const i0 = lowerBound(markXs, this.v0 - 1);
      const i1 = lowerBound(markXs, this.v1 + 1);
      const top = r0 * ROW_H;
      const bottom = r1 * ROW_H;
      // past a few dozen spawns in view, their connecting lines would hide the lanes
      let spawns = 0;
      for (let i = i0; i < i1 && spawns <= 40; i++) if (marks[i].type === MARK.SPAWN) spawns++;
      const connect = spawns <= 40;
      for (let i = i0; i < i1; i++) {
        const mk = marks[i];
        const row = rowOf.get(this.run.data.lanes[mk.lane]?.label ?? '');
        if (row === undefined) continue;
        const x = this.px(mk.x) + 0.5;
        const yc = rows[row].top + TRACK_TOP + TRACK_H / 2;
        if (mk.type === MARK.SPAWN) {
          const child = rowOf.get(this.run.data.lanes[mk.arg]?.label ?? '');
          const yc2 = child === undefined ? yc : rows[child].top + TRACK_TOP + TRACK_H / 2;
          if (Math.max(yc, yc2) < top || Math.min(yc, yc2) > bottom) continue;
          if (connect) {
            ctx.strokeStyle = 'rgba(44,160,44,0.6)';
            ctx.beginPath();
            ctx.moveTo(x, yc);
            ctx.lineTo(x, yc2);
            ctx.stroke();
          }
          ctx.fillStyle = '#2ca02c';
          ctx.beginPath();
          ctx.arc(x, yc, 3, 0, Math.PI * 2);
          ctx.fill();
          ctx.beginPath();
          ctx.moveTo(x - 4, yc2 - 5);
          ctx.lineTo(x + 4, yc2 - 5);
          ctx.lineTo(x, yc2);
          ctx.fill();
          continue;
        }
        if (row < r0 || row >= r1) continue;
        if (mk.type === MARK.EXEC) {
          ctx.fillStyle = '#6a3d9a';
          ctx.strokeStyle = '#fff';
          ctx.beginPath();
          ctx.moveTo(x, yc - 7);
          ctx.lineTo(x + 6, yc);
          ctx.lineTo(x, yc + 7);
          ctx.lineTo(x - 6, yc);
          ctx.closePath();
          ctx.fill();
          ctx.stroke();
        } else if (mk.type === MARK.SIGNAL) {
          const yt = rows[row].top + 2;
          ctx.fillStyle = '#ff7f0e';
          ctx.beginPath();
          ctx.moveTo(x - 5, yt);
          ctx.lineTo(x + 5, yt);
          ctx.lineTo(x, yt + 8);
          ctx.closePath();
          ctx.fill();
        } else if (mk.type === MARK.EXIT) {
          ctx.fillStyle = mk.arg === 0 ? '#1f7a1f' : ERROR_COLOUR;
          ctx.fillRect(x - 1.5, rows[row].top + TRACK_TOP - 4, 3, TRACK_H + 8);
        }
      }
    }

    private drawFocus(ctx: CanvasRenderingContext2D): void {
      const v = comparison?.divergence;
      const seq = v ? (this.index === 0 ? v.a.seq : v.b.seq) : null;
      const fp = this.run.data.focus.find((f) => f.seq === seq);
      if (fp) {
        const x = this.px(fp.x);
        ctx.strokeStyle = 'rgba(214,39,40,0.55)';
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x + 0.5, this.offset);
        ctx.lineTo(x + 0.5, this.offset + this.height);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (selection && selection.run === this.index) {
        const sel = selection;
        const x = this.xOfSeq(sel.seq);
        const lane = this.run.lineLane.get(sel.seq) ?? this.laneOfSeq(sel.seq);
        const row = lane === undefined ? undefined : rowOf.get(this.run.data.lanes[lane].label);
        if (x !== undefined && row !== undefined) {
          const w = Math.max(3, this.width / (this.v1 - this.v0));
          ctx.strokeStyle = '#111';
          ctx.lineWidth = 2;
          ctx.strokeRect(this.px(x) - 2, rows[row].top + TRACK_TOP - 4, w + 4, TRACK_H + 8);
          ctx.lineWidth = 1;
        }
      }
    }

    private drawAxis(): void {
      const ctx = this.axis.getContext('2d');
      if (!ctx) return;
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, this.width, 26);
      const span = this.v1 - this.v0;
      const raw = span / Math.max(1, this.width / 110);
      const p = Math.pow(10, Math.floor(Math.log10(raw)));
      const m = raw / p;
      const step = Math.max(1, (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p);
      ctx.fillStyle = '#5b6472';
      ctx.strokeStyle = '#b8bfca';
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      for (let t = Math.max(0, Math.ceil(this.v0 / step) * step); t <= this.v1; t += step) {
        const x = Math.round(this.px(t)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(x, 18);
        ctx.lineTo(x, 26);
        ctx.stroke();
        const text =
          data.axis.unit === 'seq' ? `#${t.toLocaleString('en')}` : `${t} ${data.axis.unit}`;
        // the last label goes left of its tick rather than off the edge
        const tw = ctx.measureText(text).width;
        ctx.fillText(text, x + 3 + tw > this.width ? x - 3 - tw : x + 3, 4);
      }
    }

    /** divergence and input markers: DOM elements over the canvas, so they can be pointed at */
    placeMarkers(): void {
      this.markers.replaceChildren();
      if (!comparison) return;
      const side = SIDES[this.index] as 'a' | 'b';
      const place = (
        seq: number | null,
        cls: string,
        attrs: Record<string, string | number>,
        text: HTMLElement | string,
        title: string,
      ) => {
        if (seq === null) return;
        const fp = this.run.data.focus.find((f) => f.seq === seq);
        if (!fp || fp.lane < 0) return;
        const row = rowOf.get(this.run.data.lanes[fp.lane].label);
        if (row === undefined) return;
        const x = this.px(fp.x);
        if (x < -10 || x > this.width + 10) return;
        const m = el(
          'div',
          {
            class: `marker ${cls}${x > this.width - 60 ? ' near-end' : ''}`,
            ...attrs,
            'data-seq': seq,
            title,
            style: `left:${x}px;top:${rows[row].top}px`,
          },
          text,
        );
        m.addEventListener('click', () => select(this.index, seq, true));
        this.markers.append(m);
      };
      comparison.inputs.forEach((inp, i) => {
        const seen = new Set<number | null>();
        for (const s of [inp.first[side], inp.last[side]]) {
          if (seen.has(s)) continue;
          seen.add(s);
          place(s, 'input', { 'data-input': i + 1 }, String(i + 1), `${i + 1}. ${inp.summary}`);
        }
      });
      const v = comparison.divergence;
      if (v) {
        const seq = this.index === 0 ? v.a.seq : v.b.seq;
        const call = this.index === 0 ? v.a.call : v.b.call;
        const flag = el('span', { class: 'flag' }, v.label);
        place(
          seq,
          'divergence',
          { 'data-label': v.label },
          flag,
          `first divergence: ${v.label} ${call ?? ''}`,
        );
      }
    }

    // -- what is where --
    xOfSeq(seq: number): number | undefined {
      const lane = this.laneOfSeq(seq);
      if (lane === undefined) return undefined;
      const l = this.run.lanes[lane];
      const i = lowerBound(l.seqs, seq);
      if (l.seqs[i] === seq) return l.xs[i];
      const mk = this.run.marks.find((m) => m.seq === seq);
      return mk?.x ?? this.run.data.focus.find((f) => f.seq === seq)?.x;
    }

    laneOfSeq(seq: number): number | undefined {
      const known = this.run.lineLane.get(seq);
      if (known !== undefined) return known;
      for (let li = 0; li < this.run.lanes.length; li++) {
        const l = this.run.lanes[li];
        const i = lowerBound(l.seqs, seq);
        if (l.seqs[i] === seq) return li;
      }
      const mk = this.run.marks.find((m) => m.seq === seq);
      if (mk) return mk.lane;
      const fp = this.run.data.focus.find((f) => f.seq === seq && f.lane >= 0);
      return fp?.lane;
    }

    /** the record nearest the pointer in a row: a mark, a call, or a summary of a busy spot */
    hit(px: number, y: number): { seq?: number; html: HTMLElement } | null {
      const row = rows[Math.floor((y + this.offset) / ROW_H)];
      if (!row) return null;
      const li = this.run.laneOf.get(row.label);
      if (li === undefined) return null;
      const near = 6 * ((this.v1 - this.v0) / this.width);
      const x = this.at(px);
      // marks first: they are few and drawn on top
      let best: Mark | null = null;
      const mi = lowerBound(this.run.markXs, x - near);
      for (let i = mi; i < this.run.marks.length && this.run.marks[i].x <= x + near; i++) {
        const mk = this.run.marks[i];
        if (mk.lane !== li) continue;
        if (!best || Math.abs(mk.x - x) < Math.abs(best.x - x)) best = mk;
      }
      if (best)
        return { seq: best.seq, html: this.describe(best.seq, li, markWords(this.run, best)) };
      const lane = this.run.lanes[li];
      if (lane.bins) {
        const width = this.run.data.bins?.width ?? 1;
        const i = lowerBound(lane.bins.x, x - width + 1e-9);
        if (i >= lane.bins.x.length || lane.bins.x[i] > x) return null;
        const total = lane.bins.counts[i].reduce((s, n) => s + n, 0);
        const parts = lane.bins.counts[i].flatMap((n, f) =>
          n ? [`${data.families[f]} ${n}`] : [],
        );
        return {
          html: el(
            'div',
            {},
            el(
              'div',
              { class: 'tt-head' },
              `${row.label} · #${Math.round(lane.bins.x[i])}–#${Math.round(lane.bins.x[i] + width - 1)}`,
            ),
            `${plural(total, 'call')}: ${parts.join(', ')}${lane.bins.errors[i] ? `; ${lane.bins.errors[i]} failed` : ''}`,
          ),
        };
      }
      const i0 = lowerBound(lane.xs, x - near);
      const i1 = lowerBound(lane.xs, x + near);
      if (i1 <= i0) return null;
      let nearest = i0;
      for (let i = i0; i < i1; i++)
        if (Math.abs(lane.xs[i] - x) < Math.abs(lane.xs[nearest] - x)) nearest = i;
      const seq = lane.seqs[nearest];
      const html = this.describe(
        seq,
        li,
        this.run.lines.get(seq) ?? kindWords(this.run.data.kinds[lane.kinds[nearest]]),
      );
      if (i1 - i0 > 1) {
        const failed = lane.kinds.slice(i0, i1).filter((k) => this.run.data.kinds[k]?.errno).length;
        html.append(
          el(
            'div',
            { class: 'tt-more' },
            `${i1 - i0} calls here${failed ? `, ${failed} failed` : ''}; zoom in to tell them apart`,
          ),
        );
      }
      return { seq, html };
    }

    describe(seq: number, lane: number, text: string): HTMLElement {
      const info = this.run.data.lanes[lane];
      const l = this.run.lanes[lane];
      const i = lowerBound(l.seqs, seq);
      const fam = l.seqs[i] === seq ? familyOf(this.run, l.kinds[i]) : 'event';
      return el(
        'div',
        {},
        el(
          'div',
          { class: 'tt-head' },
          `${runs.length === 2 ? `${this.run.side} ` : ''}#${seq} · ${info.label} · ${fam}`,
        ),
        el('code', { class: 'tt-line' }, text),
        this.run.lines.has(seq)
          ? null
          : el('div', { class: 'tt-more' }, 'line not kept in this report'),
      );
    }

    // -- pointer --
    private listen(): void {
      const c = this.canvas;
      c.addEventListener('mousedown', (e) => {
        this.dragFrom = e.offsetX;
      });
      c.addEventListener('mousemove', (e) => {
        if (this.dragFrom !== null && Math.abs(e.offsetX - this.dragFrom) > 4) {
          this.brush = [this.dragFrom, e.offsetX];
          tooltip.hidden = true;
          scheduleDraw();
          return;
        }
        const h = this.hit(e.offsetX, e.offsetY);
        if (!h) {
          tooltip.hidden = true;
          return;
        }
        tooltip.replaceChildren(h.html);
        tooltip.hidden = false;
        const tw = tooltip.offsetWidth;
        tooltip.style.left = `${Math.min(e.clientX + 14, window.innerWidth - tw - 8)}px`;
        tooltip.style.top = `${e.clientY + 16}px`;
      });
      c.addEventListener('mouseup', (e) => {
        const brush = this.brush;
        this.dragFrom = null;
        this.brush = null;
        if (brush) {
          const [b0, b1] = [Math.min(...brush), Math.max(...brush)];
          this.setView(this.at(b0), this.at(b1));
          return;
        }
        const h = this.hit(e.offsetX, e.offsetY);
        if (h?.seq !== undefined) select(this.index, h.seq, false);
      });
      c.addEventListener('mouseleave', () => {
        tooltip.hidden = true;
        if (this.brush) {
          this.brush = null;
          this.dragFrom = null;
          scheduleDraw();
        }
      });
      c.addEventListener('dblclick', () => {
        this.reset();
        this.setView(this.v0, this.v1);
      });
      c.addEventListener(
        'wheel',
        (e) => {
          if (e.ctrlKey || e.metaKey) {
            e.preventDefault();
            this.zoom(Math.pow(1.0015, e.deltaY), e.offsetX);
          } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
            e.preventDefault();
            const d = (e.shiftKey ? e.deltaY : e.deltaX) * ((this.v1 - this.v0) / this.width);
            this.setView(this.v0 + d, this.v1 + d);
          }
        },
        { passive: false },
      );
    }
  }

  const panels = runs.map((run, i) => new Panel(run, i));

  /** how far run `to`'s axis sits from run `from`'s at the divergence (0 without one) */
  function linkShift(from: number, to: number): number {
    const v = comparison?.divergence;
    if (!v || v.a.seq === null || v.b.seq === null) return 0;
    const xs = [v.a.seq, v.b.seq].map(
      (s, i) => runs[i].data.focus.find((f) => f.seq === s)?.x ?? s,
    );
    return xs[to] - xs[from];
  }

  let drawPending = false;
  function scheduleDraw(): void {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      for (const p of panels) p.draw();
    });
  }
  function drawNow(): void {
    for (const p of panels) {
      p.layout();
      p.draw();
    }
  }

  button('Whole run', 'show the whole run (or double-click a timeline)', () => {
    for (const p of panels) {
      p.reset();
      p.draw();
    }
  });
  button('Zoom in', 'or drag across a timeline, or Ctrl/⌘ + wheel', () => panels[0].zoom(0.5));
  button('Zoom out', 'or Ctrl/⌘ + wheel', () => panels[0].zoom(2));
  if (comparison?.divergence) {
    button(
      'Go to the divergence',
      'zoom both runs to where they first went different ways',
      () => {
        const v = comparison.divergence;
        if (v) goTo(v.a.seq !== null ? 0 : 1, v.a.seq ?? v.b.seq);
      },
      'primary',
    );
    const box = el('input', { type: 'checkbox', checked: '' });
    box.addEventListener('change', () => {
      linked = box.checked;
    });
    toolbar.append(
      el(
        'label',
        {
          class: 'tool link',
          title: 'zoom and pan both timelines together, aligned at the divergence',
        },
        box,
        ' move together',
      ),
    );
  }
  const highlightNote = el('span', { class: 'highlight-note' });
  toolbar.append(
    highlightNote,
    el(
      'span',
      { class: 'hint' },
      'drag: zoom to a range · Ctrl/⌘ + wheel: zoom · Shift + wheel: pan · click: details',
    ),
  );

  function setHighlight(h: { family?: string; name?: string } | null): void {
    highlight = h;
    highlightNote.replaceChildren();
    if (h) {
      const clear = el('button', { class: 'tool' }, '×');
      clear.addEventListener('click', () => setHighlight(null));
      highlightNote.append(`showing only ${h.name ?? `${h.family} calls`} `, clear);
    }
    for (const b of Array.from(legend.querySelectorAll<HTMLElement>('.legend-item[data-family]')))
      b.classList.toggle('active', !!h && b.dataset.family === h.family);
    scheduleDraw();
  }

  section.append(
    el('h2', {}, 'Timeline'),
    legend,
    toolbar,
    head,
    body,
    el('div', { class: 'axis-title' }, `x: ${data.axis.title}`),
  );
  app.append(section);
  body.addEventListener('scroll', scheduleDraw);
  window.addEventListener('resize', () => drawNow());

  // ---- details of the selected record -----------------------------------------------
  const details = el(
    'section',
    { class: 'card details', id: 'details' },
    el('h2', {}, 'Details'),
    el(
      'p',
      { class: 'meta' },
      'Click a call on a timeline to see its line and the calls around it.',
    ),
  );
  app.append(details);
  if (whatDiffered.childElementCount) app.append(whatDiffered);

  function select(runIndex: number, seq: number, zoomTo: boolean): void {
    selection = { run: runIndex, seq };
    const panel = panels[runIndex];
    const run = runs[runIndex];
    const lane = panel.laneOfSeq(seq);
    const line = run.lines.get(seq);
    details.replaceChildren(el('h2', {}, 'Details'));
    if (lane === undefined) {
      details.append(
        el('p', { class: 'meta' }, `${run.data.file} has no record #${seq} on its timeline.`),
      );
    } else {
      const info = run.data.lanes[lane];
      const l = run.lanes[lane];
      const i = lowerBound(l.seqs, seq);
      const kind = l.seqs[i] === seq ? run.data.kinds[l.kinds[i]] : undefined;
      const proc = run.data.processes.find((p) => p.label === info.process);
      details.append(
        el(
          'div',
          { class: 'selected', 'data-run': run.side, 'data-seq': seq, 'data-lane': info.label },
          el(
            'div',
            { class: 'sel-head' },
            runs.length === 2 ? el('span', { class: `side side-${run.side}` }, run.side) : null,
            el('b', {}, `#${seq}`),
            ` ${info.label} (${shellWords(proc?.argvs[proc.argvs.length - 1] ?? [])}), thread ${info.tid}`,
            kind
              ? el(
                  'span',
                  {
                    class: 'fam',
                    style: `background:${FAMILY_COLOURS[data.families[kind.family]]}`,
                  },
                  data.families[kind.family],
                )
              : null,
          ),
          el('code', { class: 'sel-line' }, line ?? kindWords(kind)),
          line
            ? null
            : el(
                'p',
                { class: 'meta' },
                `This line was not kept in the report; \`systape dump --seq ${run.data.file} | grep '^#${seq} '\` prints it.`,
              ),
        ),
      );
      // the lines kept around it in the same lane
      const ls = l.lineSeqs;
      const at = lowerBound(ls, seq);
      const around = ls.slice(Math.max(0, at - 8), at + 9);
      // the selected record keeps its place in the list even when its line was left out
      if (!line) around.splice(Math.min(8, at), 0, seq);
      if (around.length) {
        const list = el('ol', { class: 'context' });
        for (const s of around) {
          const item = el(
            'li',
            { class: s === seq ? 'current' : '', 'data-seq': s },
            el('span', { class: 'ctx-seq' }, `#${s}`),
            el('code', {}, run.lines.get(s) ?? kindWords(kind)),
          );
          item.addEventListener('click', () => select(runIndex, s, true));
          list.append(item);
        }
        details.append(el('h3', {}, `Around it in ${info.label}`), list);
      }
    }
    const hash = `#${run.side}:${seq}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (zoomTo) {
      const x = panel.xOfSeq(seq);
      if (x !== undefined) {
        const span = Math.min(panel.v1 - panel.v0, 120);
        panel.centreOn(x, span);
      }
    }
    scheduleDraw();
  }

  function goTo(runIndex: number, seq: number | null): void {
    if (seq === null) return;
    select(runIndex, seq, true);
    details.scrollIntoView({ block: 'nearest' });
  }

  function fromHash(): void {
    const m = /^#(?:([ab]):)?(\d+)$/.exec(location.hash);
    if (!m) return;
    const runIndex = SIDES.indexOf(m[1] ?? 'a');
    if (runIndex < 0 || runIndex >= runs.length) return;
    select(runIndex, Number(m[2]), true);
  }
  window.addEventListener('hashchange', fromHash);
  document.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a.seq');
    if (!a) return;
    e.preventDefault();
    const m = /^#([ab]):(\d+)$/.exec(a.getAttribute('href') ?? '');
    if (m) goTo(SIDES.indexOf(m[1]), Number(m[2]));
  });

  // ---- the busiest calls ------------------------------------------------------------
  const top = el('section', { class: 'card top-calls' }, el('h2', {}, 'Most frequent calls'));
  const tables = el('div', { class: 'top-grid' });
  for (const run of runs) {
    const byName = new Map<string, { count: number; errors: number; family: number }>();
    for (const k of run.data.kinds) {
      const e = byName.get(k.name) ?? { count: 0, errors: 0, family: k.family };
      e.count += k.count;
      if (k.errno) e.errors += k.count;
      byName.set(k.name, e);
    }
    const sorted = [...byName.entries()].sort((x, y) => y[1].count - x[1].count).slice(0, 15);
    const most = sorted[0]?.[1].count ?? 1;
    const table = el('table', { class: 'calls-table', 'data-run': run.side });
    table.append(
      el(
        'tr',
        {},
        el('th', {}, runs.length === 2 ? run.side : 'call'),
        el('th', {}, 'calls'),
        el('th', {}, 'failed'),
        el('th', {}),
      ),
    );
    for (const [name, e] of sorted) {
      const tr = el(
        'tr',
        { class: 'call-row', title: `show only ${name} on the timelines` },
        el('td', {}, el('code', {}, name)),
        el('td', { class: 'num' }, e.count.toLocaleString('en')),
        el(
          'td',
          { class: `num${e.errors ? ' err' : ''}` },
          e.errors ? e.errors.toLocaleString('en') : '',
        ),
        el(
          'td',
          { class: 'bar' },
          el('i', {
            style: `width:${(100 * e.count) / most}%;background:${FAMILY_COLOURS[data.families[e.family]]}`,
          }),
        ),
      );
      tr.addEventListener('click', () => setHighlight(highlight?.name === name ? null : { name }));
      table.append(tr);
    }
    tables.append(table);
  }
  top.append(tables);
  app.append(top);

  // ---- what the page leaves out -----------------------------------------------------
  const notes = el('footer', { class: 'notes' });
  for (const run of runs) {
    const d = run.data;
    const parts: string[] = [];
    if (d.lines.leftOut > 0)
      parts.push(
        `${d.file}: the lines of ${d.lines.text.length.toLocaleString('en')} of ${(d.lines.text.length + d.lines.leftOut).toLocaleString('en')} records are kept (marks, errors, points of interest, each thread's first and last calls, then evenly spread); ` +
          `${d.lines.leftOut.toLocaleString('en')} left out: \`systape dump --seq ${d.file}\` prints them all.`,
      );
    if (d.bins)
      parts.push(
        `${d.file}: ${d.counts.calls.toLocaleString('en')} calls are counted in bins of ${d.bins.width} records rather than kept one by one.`,
      );
    for (const p of parts) notes.append(el('p', { class: 'left-out' }, p));
  }
  notes.append(
    el(
      'p',
      {},
      `Written by systape ${data.systape} on ${new Date(data.generated).toLocaleString('en-GB')}.`,
    ),
  );
  app.append(notes);

  drawNow();
  fromHash();
}
