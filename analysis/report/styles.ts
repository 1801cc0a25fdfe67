/** The report page's style sheet, inlined in the page (no fonts or images to fetch). */
export const REPORT_CSS = `
:root {
  --ink: #1d2430; --muted: #5b6472; --line: #dde2ea; --bg: #f5f7fa; --card: #fff;
  --ok: #1f7a1f; --bad: #c62828; --a: #2f6fdb; --b: #d9480f; --accent: #d62728;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
#app { max-width: 1800px; margin: 0 auto; padding: 0 20px 40px; }
code, pre, .argv, .file, .command { font-family: var(--mono); }
h2 { font-size: 16px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); font-weight: 600; }
.top { padding: 22px 0 14px; }
.brand { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); font-weight: 700; }
.command { font-size: 20px; margin: 4px 0; word-break: break-all; font-weight: 600; }
.sub, .meta { color: var(--muted); font-size: 12.5px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px;
  margin-bottom: 14px; box-shadow: 0 1px 2px rgba(20,30,50,.04); }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 14px; }
.summary .card { margin-bottom: 0; }
.summary { margin-bottom: 14px; }
.card-title { display: flex; align-items: center; gap: 8px; margin-bottom: 10px; font-weight: 600; }
.stats { display: flex; flex-wrap: wrap; gap: 18px; margin-bottom: 8px; }
.stat b { display: block; font-size: 20px; font-variant-numeric: tabular-nums; }
.stat span { color: var(--muted); font-size: 12px; }
.stat.err b { color: var(--bad); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; }
.badge.ok { background: #e3f3e3; color: var(--ok); }
.badge.bad { background: #fbe4e4; color: var(--bad); }
.side { display: inline-block; min-width: 18px; text-align: center; border-radius: 4px; color: #fff;
  font-weight: 700; font-size: 12px; padding: 0 5px; }
.side-a { background: var(--a); } .side-b { background: var(--b); }
.warn { background: #fff4e0; border: 1px solid #f3c77a; padding: 6px 10px; border-radius: 6px; margin-top: 6px; }
.comparison .divergence-title { display: flex; align-items: baseline; gap: 6px; flex-wrap: wrap; }
.comparison .dot { width: 10px; height: 10px; border-radius: 50%; background: var(--accent); display: inline-block; }
.comparison .argv { color: var(--muted); font-weight: 400; font-size: 13px; }
.divergence-calls { display: grid; gap: 6px; margin: 8px 0; }
.divergence-call { display: flex; gap: 8px; align-items: baseline; }
.divergence-call code { background: #f6f8fb; padding: 2px 6px; border-radius: 4px; word-break: break-all; }
.equivalent { color: var(--ok); }
pre.diff { background: #fafbfc; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px;
  overflow-x: auto; font-size: 12px; line-height: 1.5; margin: 6px 0 0; }
pre.diff .add { color: #116329; background: #e6f6ea; display: inline-block; min-width: 100%; }
pre.diff .del { color: #a40e26; background: #fdeaea; display: inline-block; min-width: 100%; }
pre.diff .hunk { color: #6f42c1; } pre.diff .file { color: var(--muted); }
details > summary { cursor: pointer; color: var(--muted); font-size: 12.5px; }
.what-differed h2.inputs-title { margin-top: 16px; }
.inputs-line { margin: 6px 0 0; color: var(--muted); }
ol.inputs { margin: 0; padding: 0; list-style: none; display: grid; gap: 6px; }
li.input { display: grid; grid-template-columns: 26px 170px 1fr auto; gap: 8px; align-items: baseline;
  padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; }
li.input details { grid-column: 2 / -1; }
.input-num { background: #f59f00; color: #fff; border-radius: 50%; width: 20px; height: 20px; display: inline-flex;
  align-items: center; justify-content: center; font-size: 11px; font-weight: 700; }
.input-kind { font-weight: 600; }
.input-summary { font-family: var(--mono); font-size: 12.5px; word-break: break-all; }
.input-where, .seq { font-size: 12.5px; font-variant-numeric: tabular-nums; }
a.seq { color: var(--a); text-decoration: none; font-family: var(--mono); }
a.seq:hover { text-decoration: underline; }
.legend { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 8px; }
.legend-item { display: inline-flex; align-items: center; gap: 5px; border: 1px solid var(--line); background: #fff;
  border-radius: 999px; padding: 2px 10px; font: inherit; font-size: 12.5px; color: var(--ink); }
button.legend-item { cursor: pointer; } button.legend-item.active { border-color: var(--ink); background: #eef1f6; }
.legend-item small { color: var(--muted); }
.legend-item.static { border-style: dashed; }
.swatch { width: 11px; height: 11px; border-radius: 3px; display: inline-block; }
.glyph { display: inline-block; width: 12px; height: 12px; position: relative; }
.glyph.spawn::before { content: ""; position: absolute; left: 5px; top: 0; width: 2px; height: 12px; background: #2ca02c; }
.glyph.exec::before { content: ""; position: absolute; left: 2px; top: 2px; width: 8px; height: 8px; background: #6a3d9a; transform: rotate(45deg); }
.glyph.signal::before { content: ""; position: absolute; left: 1px; top: 2px; border: 5px solid transparent; border-top: 8px solid #ff7f0e; }
.glyph.exit::before { content: ""; position: absolute; left: 4px; top: 0; width: 3px; height: 12px; background: #1f7a1f; }
.glyph.divergence::before { content: ""; position: absolute; left: 5px; top: 0; width: 2px; height: 12px; background: var(--accent); }
.glyph.input::before { content: ""; position: absolute; left: 1px; top: 1px; width: 10px; height: 10px; border-radius: 50%; background: #f59f00; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-bottom: 8px; }
.tool { font: inherit; font-size: 12.5px; border: 1px solid var(--line); background: #fff; border-radius: 6px;
  padding: 3px 10px; cursor: pointer; color: var(--ink); }
.tool:hover { background: #f0f3f8; }
.tool.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.tool.link { display: inline-flex; align-items: center; gap: 4px; cursor: default; }
.hint { color: var(--muted); font-size: 12px; margin-left: auto; }
.highlight-note { font-size: 12.5px; }
.tl-grid { display: grid; grid-template-columns: 300px repeat(var(--runs), minmax(0, 1fr)); column-gap: 10px; }
.tl-head { align-items: end; border-bottom: 1px solid var(--line); padding-bottom: 2px; }
.labels-head { color: var(--muted); font-size: 12px; padding-bottom: 6px; }
.tl-name { display: flex; gap: 8px; align-items: center; font-size: 13px; font-weight: 600; margin-bottom: 2px; }
.tl-name .note { font-weight: 400; color: var(--muted); font-size: 12px; }
canvas.axis { display: block; }
.tl-body { max-height: 72vh; overflow-y: auto; overflow-x: hidden; position: relative; }
.labels { position: relative; }
.lane-label { padding: 3px 6px 0 4px; overflow: hidden; white-space: nowrap; border-top: 1px solid transparent; }
.lane-label.first { border-top-color: var(--line); }
.lane-label .proc { font-size: 12.5px; display: flex; gap: 6px; align-items: baseline; overflow: hidden; }
.lane-label .proc-label { font-family: var(--mono); }
.lane-label .argv { overflow: hidden; text-overflow: ellipsis; color: #334; }
.lane-label .indent { width: 14px; border-left: 1px solid #c7ced9; height: 12px; display: inline-block; }
.lane-label .thread { font-family: var(--mono); color: var(--muted); }
.lane-label .exit { font-size: 11px; font-weight: 600; } .exit.ok { color: var(--ok); } .exit.bad { color: var(--bad); }
.lane-sub { color: var(--muted); font-size: 11px; overflow: hidden; text-overflow: ellipsis; }
.tl-col { position: relative; }
canvas.tl-canvas { position: sticky; top: 0; display: block; cursor: crosshair; }
.markers { position: absolute; inset: 0; pointer-events: none; }
.marker { position: absolute; pointer-events: auto; cursor: pointer; transform: translateX(-1px); white-space: nowrap; }
.marker.divergence { width: 3px; height: 34px; background: var(--accent); }
.marker.divergence .flag { position: absolute; left: 3px; top: 0; background: var(--accent); color: #fff;
  font-size: 10.5px; font-weight: 700; padding: 0 5px; border-radius: 0 4px 4px 0; line-height: 14px; }
.marker.divergence.near-end .flag { left: auto; right: 3px; border-radius: 4px 0 0 4px; }
.marker.input { width: 16px; height: 16px; margin-left: -7px; top: 0; border-radius: 50%; background: #f59f00; color: #fff;
  font-size: 10px; font-weight: 700; text-align: center; line-height: 16px; box-shadow: 0 0 0 2px #fff; }
.axis-title { color: var(--muted); font-size: 12px; text-align: right; margin-top: 4px; }
.tooltip { position: fixed; z-index: 10; max-width: min(760px, 90vw); background: #1d2430; color: #f2f4f8;
  border-radius: 6px; padding: 7px 10px; font-size: 12px; pointer-events: none; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
.tooltip[hidden] { display: none; }
.tt-head { color: #aeb8c8; margin-bottom: 3px; }
.tt-line { white-space: pre-wrap; word-break: break-all; color: #fff; }
.tt-more { color: #aeb8c8; margin-top: 3px; }
.details .selected { border-left: 3px solid var(--ink); padding-left: 10px; }
.sel-head { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; flex-wrap: wrap; }
.sel-head .fam { color: #fff; border-radius: 4px; padding: 0 6px; font-size: 11.5px; }
.sel-line { display: block; white-space: pre-wrap; word-break: break-all; background: #f6f8fb; padding: 6px 8px; border-radius: 6px; }
ol.context { list-style: none; margin: 0; padding: 0; font-size: 12px; }
ol.context li { display: grid; grid-template-columns: 80px 1fr; gap: 8px; padding: 1px 6px; cursor: pointer; border-radius: 4px; }
ol.context li:hover { background: #f0f3f8; }
ol.context li.current { background: #fff3cd; }
ol.context code { white-space: pre-wrap; word-break: break-all; }
.ctx-seq { color: var(--muted); font-family: var(--mono); }
.top-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 18px; }
table.calls-table { border-collapse: collapse; width: 100%; max-width: 820px; font-size: 12.5px; }
.calls-table th { text-align: left; color: var(--muted); font-weight: 600; padding: 2px 6px; }
.calls-table td { padding: 2px 6px; border-top: 1px solid #eef0f4; }
.calls-table tr.call-row { cursor: pointer; } .calls-table tr.call-row:hover { background: #f6f8fb; }
.calls-table .num { text-align: right; font-variant-numeric: tabular-nums; } .calls-table .err { color: var(--bad); }
.calls-table .bar { width: 40%; } .calls-table .bar i { display: block; height: 8px; border-radius: 4px; }
.notes { color: var(--muted); font-size: 12px; }
.report-error, .noscript { background: #fbe4e4; border: 1px solid var(--bad); padding: 10px; border-radius: 8px; margin: 20px; }
`;
