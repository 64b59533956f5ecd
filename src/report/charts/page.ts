/**
 * The shell every HTML view shares: a strict Content-Security-Policy (no network request
 * of any kind: no default-src, inline style and script only), the stylesheet with print
 * rules, and a small script that turns SVG `<title>`s into instant tooltips and opens
 * every `<details>` before printing.
 */
import { escapeHtml } from './svg.ts';

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #d9d9d9; --met: #009E73; --unmet: #D55E00; --neutral: #0072B2; --slo: #CC79A7; --protocol: #E69F00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 1280px; padding: 24px 28px 64px; color: var(--fg); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 36px 0 6px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
p { margin: 6px 0 10px; max-width: 78ch; }
.meta, .note { color: var(--muted); font-size: 13px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
.verdict { display: flex; gap: 16px; align-items: center; margin: 18px 0 10px; padding: 14px 18px; border-radius: 6px; border-left: 8px solid; }
.verdict .big { font-size: 22px; font-weight: 700; flex: 0 0 auto; max-width: 60%; }
.verdict.met { background: #e5f4ee; border-color: var(--met); }
.verdict.unmet { background: #fbe8dd; border-color: var(--unmet); }
.verdict.none { background: #eef3f8; border-color: var(--neutral); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12.5px; font-weight: 600; white-space: nowrap; }
.badge.met { background: var(--met); color: #fff; }
.badge.unmet { background: var(--unmet); color: #fff; }
.badge.none { background: #e8e8e8; color: #333; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 13.5px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f5f5f5; border-bottom: 2px solid #bdbdbd; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.unmet td { background: #fdf1ea; }
.table-wrap { overflow-x: auto; }
.chart-wrap { overflow-x: auto; margin: 6px 0 4px; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #222; }
svg.chart .sub { fill: #6b6b6b; font-size: 10.5px; }
svg.chart .panel-title { font-size: 13.5px; font-weight: 700; }
svg.chart .axis-title { fill: #444; font-size: 12px; }
svg.chart .slo-label { font-size: 11px; font-weight: 600; fill: #a3487f; }
svg.chart .value { font-size: 11px; fill: #333; }
svg.chart .verdict-word.unmet { font-weight: 700; fill: #b34a00; }
svg.chart [data-tip]:hover > .point, svg.chart [data-tip]:hover > rect { stroke: #000; }
.legend-html { display: flex; flex-wrap: wrap; gap: 6px 20px; font-size: 13px; color: #333; margin: 2px 0 8px; }
.legend-html span.key { display: inline-flex; align-items: center; gap: 6px; }
.legend-html svg { vertical-align: middle; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
.chip { display: inline-block; white-space: nowrap; margin: 1px 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; padding: 2px 8px; border-radius: 4px; border: 1px solid #bbb; background: #fafafa; }
.chip.spof { border: 2px solid var(--unmet); background: #fdf1ea; font-weight: 700; }
.chip.cut { border-color: #9aa7b5; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; break-inside: avoid; }
.card.has-spof { border-left: 6px solid var(--unmet); }
.card.no-spof { border-left: 6px solid var(--met); }
.spof-list { list-style: none; padding: 0; margin: 4px 0 8px; }
.spof-list li { margin: 3px 0; }
.card h3 { margin: 2px 0 6px; font-size: 15px; }
.rec { background: #fff8e1; border-radius: 4px; padding: 4px 8px; font-size: 13.5px; }
details { margin: 6px 0; }
summary { cursor: pointer; font-weight: 600; font-size: 14px; }
#tip { position: fixed; z-index: 10; max-width: 460px; padding: 7px 10px; border-radius: 4px; background: rgba(20,20,20,0.94); color: #fff;
  font-size: 12.5px; line-height: 1.45; white-space: pre-line; pointer-events: none; }
#tip[hidden] { display: none; }
@media (max-width: 800px) { body { padding: 14px; font-size: 14px; } }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  section, .card, figure, table { break-inside: avoid; }
  .chart-wrap, .table-wrap { overflow: visible; }
  #tip, .no-print { display: none !important; }
  .verdict, .badge, .chip.spof, tr.unmet td, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** Tooltips from SVG titles; opens <details> before printing. No network, no innerHTML. */
const SCRIPT = `
(function () {
  var tip = document.getElementById('tip');
  var titles = document.querySelectorAll('svg title');
  for (var i = 0; i < titles.length; i++) {
    var t = titles[i], p = t.parentNode;
    p.setAttribute('data-tip', t.textContent);
    p.setAttribute('aria-label', t.textContent);
    p.removeChild(t);
  }
  function find(e) {
    while (e && e.getAttribute) { if (e.getAttribute('data-tip')) return e; e = e.parentNode; }
    return null;
  }
  document.addEventListener('mousemove', function (ev) {
    var e = find(ev.target);
    if (!e) { tip.hidden = true; return; }
    tip.textContent = e.getAttribute('data-tip');
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var x = ev.clientX + 14, y = ev.clientY + 16;
    if (x + w > window.innerWidth - 8) x = Math.max(8, ev.clientX - w - 14);
    if (y + h > window.innerHeight - 8) y = Math.max(8, ev.clientY - h - 12);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  });
  document.addEventListener('mouseleave', function () { tip.hidden = true; });
  window.addEventListener('beforeprint', function () {
    var d = document.querySelectorAll('details');
    for (var i = 0; i < d.length; i++) d[i].open = true;
  });
})();
`;

/** A complete HTML document; `body` is trusted markup built by the views, `title` is escaped. */
export function htmlPage(title: string, body: string, extraCss = ''): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}${extraCss}</style>`,
    '</head>',
    '<body>',
    body,
    '<div id="tip" role="tooltip" hidden></div>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
