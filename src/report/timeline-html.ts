/**
 * `explain --html FILE`: one run as a page a teacher can project — the SLI outages in
 * numbers, the Gantt chart of every component, and the narrated events beside it, each
 * numbered like its marker on the chart (hovering one highlights the other).
 */
import { SLIS } from '../scenario/types.ts';
import { ganttChart, markersOf, TONE_STYLE } from './charts/gantt-chart.ts';
import { SIM } from './charts/gantt-time.ts';
import { GANTT_ZOOM_SCRIPT } from './charts/gantt-zoom.ts';
import { htmlPage } from './charts/page.ts';
import { escapeHtml as esc } from './charts/svg.ts';
import { SLI_INFO } from './sli-info.ts';
import type { LaneTone, Timeline } from '../timeline/types.ts';
import { focusWindow, worstOutage, type TimeWindow } from './timeline-window.ts';

const CSS = `
body { max-width: none; font-size: 16px; }
.tl-grid { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 20px; align-items: start; }
.tl-chart { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 6px 4px; }
.tl-events { max-height: calc(100vh - 40px); overflow-y: auto; position: sticky; top: 10px; border: 1px solid var(--line); border-radius: 6px; }
.tl-events h2 { margin: 0; padding: 10px 14px; border: 0; font-size: 17px; background: #f5f5f5; position: sticky; top: 0; }
.tl-events ol { list-style: none; margin: 0; padding: 0; }
.tl-events li { display: grid; grid-template-columns: 34px 1fr; gap: 2px 8px; padding: 7px 12px; border-bottom: 1px solid #eee; font-size: 14.5px; line-height: 1.4; }
.tl-events li .t { grid-column: 2; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; color: var(--muted); }
.tl-events li .x { grid-column: 2; }
.tl-events li .n { grid-row: 1 / span 2; align-self: start; text-align: center; border-radius: 10px; font-size: 12px; font-weight: 700; padding: 1px 0; background: #e8e8e8; }
.tl-events li.k-down .n { background: var(--unmet); color: #fff; }
.tl-events li.k-up .n { background: var(--met); color: #fff; }
.tl-events li.k-strong .n { background: var(--neutral); color: #fff; }
.tl-events li.hl { background: #fff4cc; }
svg.gantt-chart { width: auto; max-width: none; }
svg.gantt-chart .seg-label { font-size: 11px; }
svg.gantt-chart .lane-label { font-size: 12.5px; }
svg.gantt-chart .group-title { font-size: 12px; font-weight: 700; fill: #555; text-transform: uppercase; letter-spacing: 0.04em; }
svg.gantt-chart .marker-label { font-size: 10.5px; font-weight: 700; }
svg.gantt-chart .tick-label { font-size: 11px; fill: #333; }
svg.gantt-chart .gap-label { font-size: 10px; fill: #777; }
svg.gantt-chart g.marker.hl rect { fill: #ffe08a; stroke: #000; stroke-width: 2; }
svg.gantt-chart g.marker.hl line.guide { stroke: #000; stroke-dasharray: none; stroke-width: 1.2; }
.zoom-bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0 8px; font-size: 14px; }
.zoom-bar button { font: inherit; font-size: 13.5px; padding: 3px 10px; border: 1px solid #999; border-radius: 5px; background: #f7f7f7; cursor: pointer; }
.zoom-bar button:hover, .zoom-bar button:focus-visible { background: #e6f0fa; outline: 2px solid #0072B2; }
.zoom-bar .view { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; color: var(--muted); margin-left: 6px; }
svg.gantt-chart[data-plot-w] { cursor: grab; }
svg.gantt-chart .seg-strong .seg-label, svg.gantt-chart .seg-down .seg-label { fill: #fff; }
svg.gantt-chart .seg-ok .seg-label, svg.gantt-chart .seg-warn .seg-label { fill: #17324a; }
svg.gantt-chart:focus-visible { outline: 2px solid #0072B2; }
.outage-summary { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0 14px; }
.outage-summary div { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; font-size: 14px; }
.outage-summary div.down { border-left: 6px solid var(--unmet); }
.outage-summary div.fine { border-left: 6px solid var(--met); }
@media (max-width: 1100px) { .tl-grid { grid-template-columns: 1fr; } .tl-events { position: static; max-height: none; } }
@media print { .tl-grid { grid-template-columns: 1fr; } .tl-events { position: static; max-height: none; overflow: visible; } body { font-size: 9pt; } }
`;

/** Hover an event to highlight its marker, hover a marker to highlight its events. */
const SCRIPT = `<script>
(function () {
  function set(nums, on) {
    nums.forEach(function (n) {
      document.querySelectorAll('[data-ev~="' + n + '"]').forEach(function (e) { e.classList.toggle('hl', on); });
    });
  }
  document.querySelectorAll('[data-ev]').forEach(function (e) {
    var nums = e.getAttribute('data-ev').split(' ');
    e.addEventListener('mouseenter', function () { set(nums, true); });
    e.addEventListener('mouseleave', function () { set(nums, false); });
  });
})();
</script>`;

/** The tone of an event's number badge, from its kind. */
function eventTone(kind: string): 'down' | 'up' | 'strong' | 'other' {
  if (/fail|fault-down|partition|step-down|expired|restart/.test(kind)) return 'down';
  if (/repair|fault-up|heal|start/.test(kind)) return 'up';
  if (/elected|acquired|vip|failover/.test(kind)) return 'strong';
  return 'other';
}

function outageSummary(t: Timeline): string {
  const items = SLIS.map((sli) => {
    const os = t.outages[sli];
    const total = os.reduce((s, o) => s + (o.toMs - o.fromMs), 0);
    if (os.length === 0) return `<div class="fine"><strong>${SLI_INFO[sli].title}</strong>: no outage</div>`;
    const longest = Math.max(...os.map((o) => o.toMs - o.fromMs));
    return (
      `<div class="down"><strong>${SLI_INFO[sli].title}</strong>: down ${os.length}× for ` +
      `${esc(SIM.duration(total))} in all (longest ${esc(SIM.duration(longest))})</div>`
    );
  });
  return `<div class="outage-summary">${items.join('')}</div>`;
}

function legend(): string {
  const tones: LaneTone[] = ['strong', 'ok', 'warn', 'down'];
  const items = tones.map((tone) => {
    const st = TONE_STYLE[tone];
    const fill = tone === 'warn' ? 'url(#lg-warn)' : st.fill;
    return (
      `<span class="key"><svg width="30" height="14" aria-hidden="true"><defs><pattern ` +
      `id="lg-warn" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect ` +
      `width="7" height="7" fill="#f6d58c"/><line x1="0" y1="0" x2="0" y2="7" stroke="#E69F00" ` +
      `stroke-width="3"/></pattern></defs><rect x="1" y="1" width="28" height="12" rx="2" ` +
      `fill="${fill}"/></svg> ${esc(st.meaning)}</span>`
    );
  });
  items.push(
    '<span class="key"><svg width="30" height="14" aria-hidden="true"><rect x="1" y="0" ' +
      'width="28" height="14" fill="#D55E00" fill-opacity="0.12"/></svg> API down (shaded across all ' +
      'lanes)</span>',
  );
  return `<div class="legend-html">${items.join('')}</div>`;
}

function eventList(t: Timeline): string {
  const items = t.events.map(
    (e, i) =>
      `<li class="k-${eventTone(e.kind)}" data-ev="${i + 1}" data-t="${e.timeMs}"><span ` +
      `class="n">${i + 1}</span><span class="t">${esc(SIM.long(e.timeMs))}</span><span ` +
      `class="x">${esc(e.text)}</span></li>`,
  );
  return (
    `<aside class="tl-events"><h2>What happened (${t.events.length} ` +
    `event${t.events.length === 1 ? '' : 's'})</h2><ol>${items.join('\n')}</ol></aside>`
  );
}

/** Options of `renderTimelineHtml`. */
export interface TimelineHtmlOptions {
  /** The window the chart opens on. @default the worst outage with context, else the whole timeline */
  readonly view?: TimeWindow;
}

/** Zoom buttons: in, out, whole timeline, and one per outage of the API (the worst marked). */
function zoomBar(t: Timeline, view: TimeWindow): string {
  const start = t.fromMs ?? 0;
  const worst = worstOutage(t);
  const button = (sli: string, o: TimeWindow, lead: string): string => {
    const w = focusWindow(o, t.untilMs, start);
    return (
      `<button type="button" data-gantt-view="${w.fromMs},${w.toMs}" title="show this outage ` +
      `with context">${lead}${esc(sli)} down ${esc(SIM.short(o.fromMs))} ` +
      `(${esc(SIM.duration(o.toMs - o.fromMs))})</button>`
    );
  };
  const others = t.outages.api
    .filter((o) => worst === null || o.fromMs !== worst.fromMs || worst.sli !== 'api')
    .slice(0, 10);
  const jumps = [
    ...(worst === null ? [] : [button(worst.sli, worst, '★ worst: ')]),
    ...others.map((o) => button('api', o, '')),
  ];
  return [
    '<div class="zoom-bar" role="toolbar" aria-label="Zoom the timeline">',
    '<button type="button" data-gantt-zoom="in" aria-label="Zoom in">+ zoom in</button>',
    '<button type="button" data-gantt-zoom="out" aria-label="Zoom out">− zoom out</button>',
    '<button type="button" data-gantt-zoom="left" aria-label="Earlier">◀ earlier</button>',
    '<button type="button" data-gantt-zoom="right" aria-label="Later">later ▶</button>',
    `<button type="button" data-gantt-zoom="all">whole ${t.fromMs === undefined ? 'run' : 'window'}</button>`,
    ...jumps,
    `<span class="view" aria-live="polite">showing ${esc(SIM.long(view.fromMs))} → ${esc(SIM.long(view.toMs))}</span>`,
    '</div>',
  ].join('');
}

/** The window a timeline page opens on: the worst outage with context, else everything. */
export function openingView(t: Timeline): TimeWindow {
  const worst = worstOutage(t);
  const whole = { fromMs: t.fromMs ?? 0, toMs: t.untilMs };
  return worst === null ? whole : focusWindow(worst, t.untilMs, whole.fromMs);
}

const ZOOM_INIT = `<script>${GANTT_ZOOM_SCRIPT}
(function () {
  var svg = document.querySelector('svg.gantt-chart[data-plot-w]');
  var label = document.querySelector('.zoom-bar .view');
  function fmt(ms) { var s = ms / 1000, d = Math.floor(s / 86400), h = Math.floor((s - d * 86400) / 3600), m = Math.floor((s - d * 86400 - h * 3600) / 60); return 't=' + (d > 0 ? d + 'd' + String(h).padStart(2, '0') : h) + 'h' + String(m).padStart(2, '0') + 'm' + (s - d * 86400 - h * 3600 - m * 60).toFixed(3).padStart(6, '0') + 's'; }
  var list = document.querySelector('.tl-events');
  function follow(f) {
    var items = document.querySelectorAll('.tl-events li[data-t]');
    for (var i = 0; i < items.length; i++) if (+items[i].getAttribute('data-t') >= f) { list.scrollTop = items[i].offsetTop - 48; return; }
  }
  if (svg) window.ganttZoom(svg, function (f, t) { if (label) label.textContent = 'showing ' + fmt(f) + ' → ' + fmt(t); if (list) follow(f); });
})();
</script>`;

/** The timeline page of one run: a linear, zoomable chart opening on `options.view`. */
export function renderTimelineHtml(t: Timeline, options: TimelineHtmlOptions = {}): string {
  const markers = markersOf(t).length;
  const view = options.view ?? openingView(t);
  const body = [
    '<header>',
    `<h1>${esc(t.scenario)}: one run, event by event</h1>`,
    t.description === '' ? '' : `<p>${esc(t.description)}</p>`,
    `<p class="meta"><code>${esc(t.file)}</code> · seed ${t.seed} · replication ${t.replication} · ` +
      `${spanText(t)} ` +
      `· ${t.events.length} events at ${markers} ` +
      `instants${t.truncated ? ' · <strong>cut short: only the first events are drawn</strong>' : ''}</p>`,
    '</header>',
    outageSummary(t),
    legend(),
    '<p class="note">Time runs left to right at a constant scale, so widths are true durations. The ' +
      'chart opens on the worst outage with context; zoom with the mouse wheel or the buttons, drag to ' +
      'pan, or focus the chart and use + − ← → and 0 (whole run). Hover a segment or a numbered marker for ' +
      'exact times.</p>',
    '<div class="tl-grid" data-gantt-scope>',
    `<div class="tl-chart">${zoomBar(t, view)}${ganttChart(t, { scale: 'linear', view, plotWidth: 700 })}</div>`,
    eventList(t),
    '</div>',
  ].join('\n');
  return htmlPage(`${t.scenario} — timeline`, body + SCRIPT + ZOOM_INIT, CSS);
}

/** What a timeline covers, in words. */
function spanText(t: { readonly fromMs?: number; readonly untilMs: number }): string {
  if (t.fromMs === undefined) return `${esc(SIM.duration(t.untilMs))} of simulated time`;
  const len = esc(SIM.duration(t.untilMs - t.fromMs));
  return `the window ${esc(SIM.long(t.fromMs))} → ${esc(SIM.long(t.untilMs))} (${len})`;
}
