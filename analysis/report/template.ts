/**
 * The report as one HTML document: the style sheet, the data as JSON, and the
 * script that draws it (client.ts), all inline. A Content-Security-Policy keeps
 * the page from loading anything at all, so it opens the same offline.
 */
import { reportClient } from './client';
import type { ReportData } from './model';
import { REPORT_CSS } from './styles';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for an HTML element or attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON that can sit inside a `<script>` element: `<` is escaped so that no
 * string in a trace (a `</script>` an argument happened to hold) ends it early.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The page's script: the client function's own source, called once the page has loaded. */
function clientScript(): string {
  const source = reportClient.toString();
  // the script element would end at the first `</script`, whatever JavaScript thinks of it
  if (/<\/script|<!--/i.test(source))
    throw new Error('the report script holds `</script` or `<!--`');
  return `'use strict';
(function () {
  try {
    (${source})();
    document.body.dataset.rendered = 'ok';
  } catch (e) {
    document.body.dataset.rendered = 'error';
    var box = document.createElement('pre');
    box.className = 'report-error';
    box.textContent = 'This report could not be drawn: ' + (e && e.stack ? e.stack : e);
    document.body.prepend(box);
  }
})();`;
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** The whole page for `data`. */
export function renderPage(data: ReportData): string {
  const command = data.runs[0]?.command.join(' ') ?? '';
  const title = `systape report: ${command}${data.runs.length === 2 ? ' (two runs)' : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="systape ${escapeHtml(data.systape)}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<noscript><p class="noscript">This report draws its timelines with JavaScript; allow scripts for this file to see it.</p></noscript>
<div id="app"></div>
<script type="application/json" id="systape-report-data">${jsonForScript(data)}</script>
<script>${clientScript()}</script>
</body>
</html>
`;
}
