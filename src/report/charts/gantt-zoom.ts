/**
 * Zoom and pan for a linear Gantt chart (`ganttChart(t, { scale: 'linear' })`), as a
 * plain script inlined in the page (no bundle needed, works from disk). It repositions
 * every element from the times it carries (`data-from`/`data-to`, `data-t`), redraws the
 * axis ticks with round steps, and picks the longest segment label that fits. Time stays
 * linear: zooming only changes the window [from, to].
 *
 * Controls: mouse wheel zooms around the pointer, dragging pans; with the chart focused,
 * `+`/`-` zoom, arrow keys pan, `0` shows the whole run. Elements with
 * `data-gantt-zoom="in|out|all|left|right"` act as buttons, and
 * `data-gantt-view="FROM,TO"` (ms) jumps to a window. `window.ganttZoom(svg, onView)`
 * returns `{ set(from, to), get() }`; `onView(from, to)` hears every change.
 */
export const GANTT_ZOOM_SCRIPT = `
window.ganttZoom = function (svg, onView) {
  var d = svg.dataset, x0 = +d.plotX0, w = +d.plotW, min = +d.minMs, max = +d.maxMs;
  var from = +d.fromMs, to = +d.toMs;
  var STEPS = [1,2,5,10,15,30,60,120,300,600,900,1800,3600,7200,10800,21600,43200,86400,172800,604800,1209600,2592000,7776000];
  var ctx = document.createElement('canvas').getContext('2d');
  ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  var widths = {};
  function tw(s) { if (!(s in widths)) widths[s] = ctx.measureText(s).width; return widths[s]; }
  function pad(n) { return String(n).padStart(2, '0'); }
  function short(ms) {
    if (ms === 0) return '0';
    var t = ms / 1000, dd = Math.floor(t / 86400), h = Math.floor((t - dd * 86400) / 3600), m = Math.floor((t - dd * 86400 - h * 3600) / 60);
    var s = Math.round((t - dd * 86400 - h * 3600 - m * 60) * 10) / 10;
    var sec = s === 0 ? '' : (Number.isInteger(s) ? pad(s) : (s < 10 ? '0' : '') + s.toFixed(1)) + 's';
    if (dd > 0) return dd + 'd' + pad(h) + 'h' + (m > 0 || sec ? pad(m) + 'm' : '') + sec;
    if (h > 0) return h + 'h' + pad(m) + 'm' + sec;
    if (m > 0) return m + 'm' + sec;
    return sec === '' ? '0' : s + 's';
  }
  function X(ms) { return x0 + (Math.min(Math.max(ms, from), to) - from) * (w / Math.max(to - from, 1)); }
  var NS = 'http://www.w3.org/2000/svg';
  var markers = Array.prototype.map.call(svg.querySelectorAll('g.marker[data-t]'), function (g) {
    return { g: g, t: +g.dataset.t, x: +g.querySelector('line').getAttribute('x1') };
  });
  function fit(label, px) {
    var c = [label, label.split(' \\u00b7 ')[0], label.split(' (')[0]];
    for (var i = 0; i < c.length; i++) if (tw(c[i]) <= px) return c[i];
    return '';
  }
  function axis() {
    var g = svg.querySelector('g.time-axis'); if (!g) return;
    var y = +g.dataset.y;
    Array.prototype.slice.call(g.querySelectorAll('line, text')).forEach(function (e) { e.remove(); });
    var span = Math.max(to - from, 1), step = STEPS[STEPS.length - 1] * 1000;
    for (var i = 0; i < STEPS.length; i++) if (span / (STEPS[i] * 1000) <= 8) { step = STEPS[i] * 1000; break; }
    for (var t = Math.ceil(from / step) * step; t <= to + 1e-6; t += step) {
      var l = document.createElementNS(NS, 'line');
      l.setAttribute('x1', X(t)); l.setAttribute('x2', X(t)); l.setAttribute('y1', y); l.setAttribute('y2', y + 5); l.setAttribute('stroke', '#555');
      var tx = document.createElementNS(NS, 'text');
      tx.setAttribute('x', X(t)); tx.setAttribute('y', y + 17); tx.setAttribute('text-anchor', 'middle'); tx.setAttribute('class', 'tick-label');
      tx.textContent = short(t);
      g.appendChild(l); g.appendChild(tx);
    }
    var dom = g.querySelector('path.domain'); if (dom) dom.setAttribute('d', 'M' + x0 + ',' + y + 'H' + (x0 + w));
  }
  function apply() {
    svg.dataset.fromMs = String(from); svg.dataset.toMs = String(to);
    svg.querySelectorAll('rect[data-from]').forEach(function (r) {
      var a = X(+r.dataset.from), b = X(+r.dataset.to), vis = +r.dataset.to > from && +r.dataset.from < to;
      r.setAttribute('x', a); r.setAttribute('width', Math.max(1, b - a));
      r.style.display = vis ? '' : 'none';
      var lab = r.parentNode.querySelector('text.seg-label'), full = r.parentNode.getAttribute('data-label');
      if (lab && full !== null) { lab.setAttribute('x', a + 4); lab.textContent = vis ? fit(full, b - a - 8) : ''; }
    });
    markers.forEach(function (m) {
      var vis = m.t >= from && m.t <= to;
      m.g.style.display = vis ? '' : 'none';
      m.g.setAttribute('transform', 'translate(' + (X(m.t) - m.x) + ',0)');
    });
    axis();
    if (onView) onView(from, to);
  }
  function set(f, t) {
    var span = Math.min(Math.max(t - f, 50), max - min);
    f = Math.max(min, Math.min(f, max - span));
    from = f; to = f + span; apply();
  }
  function zoom(k, at) { var c = at === undefined ? (from + to) / 2 : at; set(c - (c - from) * k, c + (to - c) * k); }
  function pan(frac) { var s = (to - from) * frac; set(from + s, to + s); }
  function msAt(clientX) { var r = svg.getBoundingClientRect(), sx = (clientX - r.left) * (+svg.viewBox.baseVal.width / r.width); return from + (sx - x0) * (to - from) / w; }
  svg.addEventListener('wheel', function (e) { e.preventDefault(); zoom(e.deltaY < 0 ? 0.8 : 1.25, msAt(e.clientX)); }, { passive: false });
  var drag = null;
  svg.addEventListener('pointerdown', function (e) { drag = { x: e.clientX, from: from, to: to }; });
  window.addEventListener('pointerup', function () { drag = null; });
  svg.addEventListener('pointermove', function (e) {
    if (!drag || e.buttons === 0) return;
    var r = svg.getBoundingClientRect(), k = (+svg.viewBox.baseVal.width / r.width) * (drag.to - drag.from) / w;
    var s = -(e.clientX - drag.x) * k; set(drag.from + s, drag.to + s);
  });
  svg.addEventListener('keydown', function (e) {
    var k = e.key;
    if (k === '+' || k === '=') zoom(0.5); else if (k === '-') zoom(2); else if (k === '0') set(min, max);
    else if (k === 'ArrowLeft') pan(-0.25); else if (k === 'ArrowRight') pan(0.25); else return;
    e.preventDefault();
  });
  var scope = svg.closest('[data-gantt-scope]') || document;
  scope.querySelectorAll('[data-gantt-zoom]').forEach(function (b) {
    b.addEventListener('click', function () {
      var a = b.getAttribute('data-gantt-zoom');
      if (a === 'in') zoom(0.5); else if (a === 'out') zoom(2); else if (a === 'all') set(min, max); else if (a === 'left') pan(-0.5); else if (a === 'right') pan(0.5);
    });
  });
  scope.querySelectorAll('[data-gantt-view]').forEach(function (b) {
    b.addEventListener('click', function () { var v = b.getAttribute('data-gantt-view').split(','); set(+v[0], +v[1]); });
  });
  apply();
  return { set: set, get: function () { return { fromMs: from, toMs: to }; } };
};
`;
