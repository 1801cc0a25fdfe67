/**
 * `systape report`, run as a user runs it on recordings of real programs. The pages are opened
 * in headless Chromium and checked by what their script built: a lane for every thread with
 * its process's command, the first divergence marked on both runs of a comparison, a call's
 * strace-like line shown when it is pointed at or named in the address, pixels on the
 * timelines; and the page loads nothing from elsewhere.
 *
 * Chromium (Debian package `chromium`) must be installed: without it these tests fail in CI
 * (CI=true) and are skipped, with a note, elsewhere.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReportData } from '../analysis/report';
import { unpackAscending } from '../analysis/report/pack';
import type { TraceDiff } from '../analysis/diff';
import type { TraceStats } from '../analysis/stats';
import { makeTempDir, removeTempDirs, runCli } from './helpers/record';

afterAll(removeTempDirs);

const INSTALL = 'apt-get install -y --no-install-recommends chromium';

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

const chromium = findChromium();
const inCi = process.env.CI === 'true';
if (!chromium && !inCi)
  console.warn(
    `cli-report.test.ts: skipping the tests that open reports: chromium is not installed (${INSTALL})`,
  );
/** Tests that open a page in Chromium: they run in CI whatever happens, and fail there without it. */
const browserTest = chromium || inCi ? test : test.skip;

/**
 * Appended to a copy of a page: once the report's script has run, reads the timelines' pixels,
 * points at the first call drawn on the first lane and clicks it, and writes what it saw into
 * `<pre id="probe">` as JSON.
 */
const PROBE = `<script>
(function () {
  var out = { canvases: [], tooltip: null, selected: null };
  var canvases = document.querySelectorAll('canvas.tl-canvas');
  canvases.forEach(function (c) {
    var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    var inked = 0;
    for (var i = 3; i < d.length; i += 4) if (d[i] > 0) inked++;
    out.canvases.push({ run: c.parentElement.dataset.run, width: c.width, height: c.height, inked: inked });
  });
  var c = canvases[0];
  if (c) {
    // the middle of the first lane's track, from a quarter of the way along (past the start's
    // marks): the first pixel that is not background is a call
    var dpr = window.devicePixelRatio || 1, y = 18;
    var row = c.getContext('2d').getImageData(0, Math.round(y * dpr), c.width, 1).data;
    var x = -1;
    for (var i = Math.round(c.width / 4); i < c.width; i++) {
      var r = row[i * 4], g = row[i * 4 + 1], b = row[i * 4 + 2], a = row[i * 4 + 3];
      if (a > 200 && !(r > 225 && g > 225 && b > 225)) { x = i / dpr + 1; break; }
    }
    out.x = x;
    if (x >= 0) {
      var rect = c.getBoundingClientRect();
      var at = { clientX: rect.left + x, clientY: rect.top + y, bubbles: true };
      c.dispatchEvent(new MouseEvent('mousemove', at));
      var tip = document.getElementById('tooltip');
      out.tooltip = tip && !tip.hidden ? tip.textContent : null;
      c.dispatchEvent(new MouseEvent('mousedown', at));
      c.dispatchEvent(new MouseEvent('mouseup', at));
      var sel = document.querySelector('#details .selected');
      out.selected = sel && { seq: sel.dataset.seq, lane: sel.dataset.lane, line: sel.querySelector('.sel-line').textContent };
    }
  }
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
})();
</script>`;

interface Probe {
  canvases: { run: string; width: number; height: number; inked: number }[];
  x: number;
  tooltip: string | null;
  selected: { seq: string; lane: string; line: string } | null;
}

/** The page's DOM after its script ran, as Chromium serialises it. */
function renderDom(page: string, hash = ''): Promise<string> {
  if (!chromium)
    throw new Error(
      `chromium is not installed, so the report pages cannot be opened: install it (${INSTALL})`,
    );
  const profile = makeTempDir('systape-chromium-');
  const args = [
    '--headless',
    '--disable-gpu',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    `--user-data-dir=${profile}`,
    '--window-size=1400,1000',
    '--virtual-time-budget=5000',
    '--dump-dom',
    `file://${page}${hash}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(chromium, args, { maxBuffer: 64 << 20, timeout: 90_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`chromium failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Renders `page` with {@link PROBE} added and returns the DOM and what the probe saw. */
async function renderWithProbe(page: string): Promise<{ dom: string; probe: Probe }> {
  const probed = page.replace(/\.html$/, '.probe.html');
  fs.writeFileSync(probed, fs.readFileSync(page, 'utf8').replace('</body>', `${PROBE}</body>`));
  const dom = await renderDom(probed);
  const m = /<pre id="probe">([^<]*)<\/pre>/.exec(dom);
  if (!m) throw new Error(`the probe did not run; the page:\n${dom.slice(0, 2000)}`);
  return { dom, probe: JSON.parse(unescapeHtml(m[1])) as Probe };
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

/** The opening tags of the elements whose class list has `cls`. */
function elements(dom: string, cls: string): string[] {
  const re = new RegExp(`<[a-z0-9]+ [^>]*class="(?:[^"]* )?${cls}(?: [^"]*)?"[^>]*>`, 'g');
  return dom.match(re) ?? [];
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(` ${name}="([^"]*)"`).exec(tag);
  return m ? unescapeHtml(m[1]) : undefined;
}

/** The data a report page embeds. */
function pageData(html: string): ReportData {
  const m = /<script type="application\/json" id="systape-report-data">([^]*?)<\/script>/.exec(
    html,
  );
  if (!m) throw new Error('no report data in the page');
  return JSON.parse(m[1]) as ReportData;
}

/** What a self-contained page must not have: anything that names another place to load from. */
function externalReferences(html: string): string[] {
  const found = html.match(/\b(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?\/\/[^"'\s>]*/gi) ?? [];
  return [...found, ...(html.match(/url\(\s*["']?(?:https?:)?\/\//gi) ?? [])];
}

async function record(dir: string, name: string, argv: string[]): Promise<void> {
  const r = await runCli(['record', '-q', '-o', name, '--', ...argv], { cwd: dir });
  expect(r.stderr).not.toMatch(/systape: (error|internal)/);
}

async function report(dir: string, ...args: string[]) {
  const r = await runCli(['report', ...args], { cwd: dir, timeoutMs: 60_000 });
  expect(r.stderr).not.toMatch(/internal error/);
  return r;
}

describe('systape report', () => {
  browserTest(
    'one run: a lane per thread under its process, calls drawn and their lines shown',
    async () => {
      const dir = makeTempDir('systape-report-');
      // node starts threads; the echo's argument would end a careless page's script
      const script = 'node -e 0; echo "</script><i>x</i>" > /dev/null';
      await record(dir, 'run.systape', ['sh', '-c', script]);
      const r = await report(dir, 'run.systape', '-o', 'run.html');
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/report of run\.systape written to run\.html \(\d+ KB\)/);
      const page = path.join(dir, 'run.html');
      const html = fs.readFileSync(page, 'utf8');
      expect(externalReferences(html)).toEqual([]);
      expect(html).toMatch(
        /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/,
      );

      const stats = await runCli(['stats', '--json', 'run.systape'], { cwd: dir });
      const { processes, threads } = JSON.parse(stats.stdout) as TraceStats;
      expect(processes).toHaveLength(2);
      expect(threads.length).toBeGreaterThan(2);

      const { dom, probe } = await renderWithProbe(page);
      expect(dom).toMatch(/<body[^>]* data-rendered="ok"/);
      const lanes = elements(dom, 'lane-label');
      expect(lanes).toHaveLength(threads.length);
      const labels = lanes.map((l) => attr(l, 'data-lane'));
      expect(labels.slice(0, 3)).toEqual(['P1', 'P1.1', 'P1.1/T1']);
      expect(new Set(lanes.map((l) => attr(l, 'data-process')))).toEqual(new Set(['P1', 'P1.1']));
      // each process's first lane says what it ran
      expect(dom).toContain('<b class="proc-label">P1</b><span class="argv">sh -c ');
      expect(dom).toContain('&lt;/script&gt;&lt;i&gt;x&lt;/i&gt;');
      expect(dom).toContain('<b class="proc-label">P1.1</b><span class="argv">node -e 0</span>');
      expect(dom).toMatch(/<span class="thread">T1<\/span>/);
      // the header: command, exit status, counts
      expect(dom).toMatch(/<h1 class="command"[^>]*>sh -c /);
      expect(dom).toMatch(/<span class="badge ok">exit 0<\/span>/);
      expect(dom).toMatch(/<b>[\d,]+<\/b><span>system calls<\/span>/);

      // drawn; a call under the pointer shows its line, and a click keeps it in the details
      const data = pageData(html);
      const lineSeqs = unpackAscending(data.runs[0].lines.seq);
      const lineOf = new Map(lineSeqs.map((seq, i) => [seq, data.runs[0].lines.text[i]]));
      expect(probe.canvases).toHaveLength(1);
      expect(probe.canvases[0].inked).toBeGreaterThan(1000);
      expect(probe.x).toBeGreaterThanOrEqual(0);
      const [, seq] = /^#(\d+) · P1 · \w+/.exec(probe.tooltip ?? '') ?? [];
      expect(probe.tooltip).toContain(lineOf.get(Number(seq)));
      expect(probe.selected).toEqual({ seq, lane: 'P1', line: lineOf.get(Number(seq)) });
      // a call, or a mark drawn over the lane (a signal, a spawn)
      expect(probe.selected?.line).toMatch(/^(\w+\(.*\) = |--- SIG|\+\+\+ )/);

      // a record named in the address is selected, with the lines around it in its lane
      const i = data.runs[0].lines.text.findIndex((t) => /^\+\+\+ exec ".*\/node" /.test(t));
      expect(i).toBeGreaterThanOrEqual(0);
      const selected = await renderDom(page, `#a:${lineSeqs[i]}`);
      const sel = elements(selected, 'selected')[0];
      expect(attr(sel, 'data-seq')).toBe(String(lineSeqs[i]));
      expect(attr(sel, 'data-lane')).toBe('P1.1');
      expect(selected).toMatch(/<code class="sel-line">\+\+\+ exec "\/usr\/(local\/)?bin\/node"/);
      expect(elements(selected, 'current')).toHaveLength(1);
    },
    180_000,
  );

  browserTest(
    'two runs: lanes lined up by role, the first divergence and the inputs marked on both',
    async () => {
      const dir = makeTempDir('systape-report-');
      const state = path.join(dir, 'state');
      const script = 'if grep -q good state; then echo pass; else echo fail; exit 1; fi';
      fs.writeFileSync(state, 'good\n');
      await record(dir, 'pass.systape', ['sh', '-c', script]);
      fs.writeFileSync(state, 'bad\n');
      await record(dir, 'fail.systape', ['sh', '-c', script]);
      const diff = await runCli(['diff', '--json', 'pass.systape', 'fail.systape'], { cwd: dir });
      const d = JSON.parse(diff.stdout) as TraceDiff;
      expect(d.divergence?.label).toBe('P1.1');

      const r = await report(dir, 'pass.systape', 'fail.systape', '-o', 'compare.html');
      expect(r.status).toBe(0);
      const page = path.join(dir, 'compare.html');
      const html = fs.readFileSync(page, 'utf8');
      expect(externalReferences(html)).toEqual([]);

      const { dom, probe } = await renderWithProbe(page);
      expect(dom).toMatch(/<body[^>]* data-rendered="ok"/);
      // one row per role, shared by both timelines
      const labels = elements(dom, 'lane-label').map((l) => attr(l, 'data-lane'));
      expect(labels).toEqual(['P1', 'P1.1']);
      expect(dom).toContain('<b class="proc-label">P1.1</b><span class="argv">grep -q good state');
      expect(elements(dom, 'tl-col').map((c) => attr(c, 'data-run'))).toEqual(['a', 'b']);
      expect(probe.canvases.map((c) => c.run)).toEqual(['a', 'b']);
      for (const c of probe.canvases) expect(c.inked).toBeGreaterThan(500);
      // how each run ended, per process
      expect(dom).toMatch(/<span class="exit bad">exit 0 \/ exit 1<\/span>/);

      // the divergence: named, and marked on each run's timeline at its own seq
      expect(elements(dom, 'divergence-title').map((t) => attr(t, 'data-label'))).toEqual(['P1.1']);
      const markers = elements(dom, 'divergence').filter((t) => t.includes('marker'));
      expect(markers).toHaveLength(2);
      expect(markers.map((m) => attr(m, 'data-label'))).toEqual(['P1.1', 'P1.1']);
      expect(markers.map((m) => Number(attr(m, 'data-seq')))).toEqual([
        d.divergence?.seq.a,
        d.divergence?.seq.b,
      ]);
      expect(dom).toMatch(/<code>exit_group\(0\) = \?<\/code>/);
      expect(dom).toMatch(/<code>read\(&lt;.*\/state&gt;, "", \d+\) = 0<\/code>/);
      expect(dom).toMatch(/<span class="add">\+P1\.1 read\(&lt;.*\/state&gt;, "bad\\n", \d+\) = 4/);

      // the inputs that differed before it: listed in diff's order, numbered on the timelines
      const inputs = elements(dom, 'input').filter((t) => t.startsWith('<li'));
      expect(inputs.map((i) => attr(i, 'data-kind'))).toEqual(d.inputs.map((i) => i.kind));
      expect(attr(inputs[0], 'data-kind')).toBe('file-contents');
      expect(dom).toContain(`file contents (${state}): P1.1 read(`);
      const inputMarkers = elements(dom, 'marker input');
      expect(
        inputMarkers.filter((m) => attr(m, 'data-input') === '1').map((m) => attr(m, 'data-seq')),
      ).toEqual([String(d.inputs[0].first.a), String(d.inputs[0].first.b)]);

      // the failing run's divergent call, selected from the address
      const selected = await renderDom(page, `#b:${d.divergence?.seq.b}`);
      const sel = elements(selected, 'selected')[0];
      expect(attr(sel, 'data-run')).toBe('b');
      expect(attr(sel, 'data-lane')).toBe('P1.1');
      expect(selected).toMatch(/<code class="sel-line">read\(3, "", \d+\) = 0<\/code>/);
    },
    180_000,
  );

  /** the binned page of the big run, for the test that opens it */
  let bigPage: { page: string; data: ReportData } | undefined;

  test('a big run: every call kept, packed; or counted in bins, with lines capped', async () => {
    const dir = makeTempDir('systape-report-');
    const tree = path.join(dir, 'tree');
    for (let d = 0; d < 20; d++) {
      fs.mkdirSync(path.join(tree, `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(tree, `d${d}`, `f${f}`), '');
    }
    await record(dir, 'ls.systape', ['ls', '-lR', tree]);
    const whole = await report(dir, '-q', 'ls.systape', '-o', 'whole.html');
    expect(whole.status).toBe(0);
    expect(whole.stderr).toBe('');
    const wholeData = pageData(fs.readFileSync(path.join(dir, 'whole.html'), 'utf8'));
    const calls = wholeData.runs[0].counts.calls;
    expect(calls).toBeGreaterThan(4000);
    // every call kept, packed: a few bytes each
    expect(wholeData.runs[0].calls?.count).toBe(calls);
    const packed = Object.values(wholeData.runs[0].calls ?? {}).join('').length;
    expect(packed / calls).toBeLessThan(8);

    const r = await report(dir, 'ls.systape', '--max-calls', '1000', '--lines', '200');
    expect(r.status).toBe(0);
    const page = path.join(dir, 'report.html');
    const data = pageData(fs.readFileSync(page, 'utf8'));
    const run = data.runs[0];
    expect(run.calls).toBeUndefined();
    expect(run.bins?.lanes).toHaveLength(1);
    expect(run.lines.text.length).toBeLessThanOrEqual(200);
    expect(run.lines.leftOut).toBe(calls + run.marks.count - run.lines.text.length);
    // the failed calls come first among the lines kept
    const errors = run.kinds.filter((k) => k.errno).reduce((n, k) => n + k.count, 0);
    expect(errors).toBeGreaterThan(0);
    expect(run.lines.text.filter((t) => / = -1 E[A-Z0-9]+ /.test(t)).length).toBeGreaterThanOrEqual(
      Math.min(errors, 100),
    );
    bigPage = { page, data };
  });

  browserTest(
    "a big run's page: drawn from the bins, with a note of what was left out",
    async () => {
      if (!bigPage) throw new Error('the big run was not recorded (see the test before)');
      const run = bigPage.data.runs[0];
      const { dom, probe } = await renderWithProbe(bigPage.page);
      expect(dom).toMatch(/<body[^>]* data-rendered="ok"/);
      expect(probe.canvases[0].inked).toBeGreaterThan(1000);
      expect(probe.tooltip).toMatch(/calls?: files \d+/);
      expect(dom).toContain('calls counted in bins');
      expect(dom).toMatch(
        new RegExp(`the lines of ${run.lines.text.length} of [\\d,]+ records are kept`),
      );
      expect(dom).toContain('`systape dump --seq ls.systape` prints them all');
    },
    120_000,
  );

  test('bad input: a damaged or missing trace, runs of different commands', async () => {
    const dir = makeTempDir('systape-report-');
    fs.writeFileSync(path.join(dir, 'junk.systape'), 'not a trace');
    const junk = await report(dir, 'junk.systape');
    expect(junk.status).toBe(1);
    expect(junk.stderr).toMatch(/^systape: .*junk\.systape/);
    expect(junk.stderr).not.toMatch(/at .*\.js:\d+/);
    const missing = await report(dir, 'nowhere.systape');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/trace file not found: nowhere\.systape/);
    expect(fs.existsSync(path.join(dir, 'report.html'))).toBe(false);

    await record(dir, 'true.systape', ['true']);
    await record(dir, 'echo.systape', ['echo', 'x']);
    const different = await report(dir, 'true.systape', 'echo.systape');
    expect(different.status).toBe(1);
    expect(different.stderr).toMatch(/are runs of different commands \(`true` and `echo x`\)/);

    const unwritable = await report(dir, 'true.systape', '-o', path.join(dir, 'no', 'such.html'));
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr).toMatch(/cannot write the report to .*no\/such\.html: ENOENT/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // without -o, report.html in the working directory
    const ok = await report(dir, '-q', 'true.systape');
    expect(ok.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });
});
