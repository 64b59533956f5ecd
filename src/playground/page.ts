/**
 * The playground page: one self-contained HTML file (styles, the bundled engine and
 * model, the bundled scenarios), no network request of any kind (a strict CSP says so).
 * Pure string building; `k8s-ha-sim play` supplies the bundle and writes the file.
 */
import { GANTT_ZOOM_SCRIPT } from '../report/charts/gantt-zoom.ts';
import { escapeHtml as esc } from '../report/charts/svg.ts';

/** A scenario the page offers in its menu. */
export interface BundledScenario {
  readonly name: string;
  /** `bundled` (scenarios/) or `teaching` (scenarios/teaching/: guided stories). */
  readonly group: 'bundled' | 'teaching' | 'given';
  readonly file: string;
  readonly yaml: string;
}

/** What the page is built from. */
export interface PlaygroundPage {
  /** The browser bundle (an IIFE). */
  readonly script: string;
  readonly scenarios: readonly BundledScenario[];
  /** Name of the scenario to open when the URL names none. */
  readonly initial: string;
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src " +
  "data:; base-uri 'none'; form-action 'none'; connect-src 'none'";

const CSS = `
:root { --fg:#1d1d1f; --muted:#5f6368; --line:#cfd4da; --up:#009E73; --down:#D55E00; --warn:#E69F00; --lead:#0072B2; --bg:#f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
header.top { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; padding: 10px 18px; background: #1f2a36; color: #fff; }
header.top h1 { font-size: 19px; margin: 0 4px 0 0; font-weight: 700; letter-spacing: -0.01em; }
header.top select#scenario { max-width: 210px; }
header.top label { font-size: 14px; display: flex; gap: 6px; align-items: center; }
header.top select, header.top input { font: inherit; font-size: 14px; }
.bar { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; padding: 8px 18px; background: #fff; border-bottom: 1px solid var(--line); }
.bar .group { display: flex; gap: 6px; align-items: center; }
button { font: inherit; font-size: 14px; padding: 5px 11px; border: 1px solid #9aa3ad; border-radius: 6px; background: #fff; cursor: pointer; color: var(--fg); }
button:hover { background: #eef4fa; }
:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px; }
button.primary { background: var(--lead); color: #fff; border-color: var(--lead); font-weight: 600; min-width: 86px; }
button[aria-pressed="true"] { background: #1f2a36; color: #fff; border-color: #1f2a36; }
header.top button[aria-pressed="true"] { background: #ffd866; color: #1f2a36; border-color: #ffd866; font-weight: 700; }
.clock { font: 600 17px ui-monospace, Menlo, Consolas, monospace; min-width: 190px; }
.downtime { font-size: 14px; color: var(--muted); }
.downtime strong { color: var(--down); font-variant-numeric: tabular-nums; }
main.pg { display: grid; grid-template-columns: minmax(0, 1fr) 400px; gap: 14px; padding: 14px 18px; align-items: start; }
.picture { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px; }
.clientrow { display: flex; gap: 14px; align-items: stretch; margin-bottom: 12px; }
.client { flex: 0 0 auto; border: 2px dashed #7a8794; border-radius: 10px; padding: 8px 14px; font-size: 15px; display: flex; flex-direction: column; justify-content: center; }
.client .who { font-weight: 700; }
.lbbox { flex: 1 1 auto; border: 2px solid #7a8794; border-radius: 10px; padding: 8px 12px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.lbbox .title { font-weight: 700; margin-right: 6px; }
.routes { font-size: 13.5px; color: var(--muted); width: 100%; }
.routes b { color: var(--fg); }
.zones { display: grid; gap: 12px; grid-template-columns: repeat(var(--zones, 3), minmax(0, 1fr)); }
.zone { border: 2px solid #8fa3b8; border-radius: 12px; padding: 8px; background: #f0f5fa; min-height: 120px; }
.zone[data-state="down"] { background: #fbe3d6; border-color: var(--down); }
button.zone-head { display: flex; width: 100%; justify-content: space-between; align-items: center; font-weight: 700; font-size: 15px; background: transparent; border: 0; padding: 2px 4px 6px; }
.zone-head .q { font-weight: 600; font-size: 13px; color: var(--lead); }
.hosts { display: flex; flex-direction: column; gap: 8px; }
.host { border: 2px solid #5f6b78; border-radius: 9px; background: #fff; padding: 6px; }
.host[data-state="down"], .host[data-state="zone-down"] { background: #f4f4f4; border-color: var(--down); border-style: dashed; }
.host[data-state="down"] .proc, .host[data-state="zone-down"] .proc { opacity: 0.55; }
.host .side { float: right; font-size: 12px; font-weight: 700; padding: 1px 7px; border-radius: 8px; color: #fff; }
button.host-head { display: block; width: 100%; text-align: left; font-weight: 700; border: 0; background: transparent; padding: 2px 4px 4px; font-size: 15px; }
.procs { display: flex; flex-direction: column; gap: 4px; }
button.proc { display: flex; justify-content: space-between; gap: 8px; width: 100%; text-align: left; padding: 4px 8px; font-size: 13.5px; border-radius: 6px; border: 1px solid #b9c2cb; background: #eaf3fb; }
button.proc .st { font-weight: 600; white-space: nowrap; }
button.proc[data-state="leader"], button.proc[data-state="vip"] { background: var(--lead); color: #fff; border-color: var(--lead); }
button.proc[data-state="ready"], button.proc[data-state="follower"], button.proc[data-state="standby"], button.proc[data-state="up"] { background: #dff1ea; border-color: #8cc9b3; }
button.proc[data-state="not-ready"], button.proc[data-state="cut-off"], button.proc[data-state="crash-loop"] { background: repeating-linear-gradient(45deg, #fbe6b8, #fbe6b8 6px, #f3cf7d 6px, #f3cf7d 9px); border-color: var(--warn); }
button.proc[data-state="down"] { background: var(--down); color: #fff; border-color: var(--down); }
button.comp[data-marked="true"] { box-shadow: 0 0 0 3px #CC79A7; }
button.comp[data-verdict="correct"], .zone[data-verdict="correct"] > button, .host[data-verdict="correct"] > button { box-shadow: 0 0 0 4px var(--up); }
button.comp[data-verdict="wrong"] { box-shadow: 0 0 0 4px var(--down); }
button.comp[data-verdict="missed"] { box-shadow: 0 0 0 4px var(--warn); }
button.comp[data-group]:not([data-group="0"]) { box-shadow: 0 0 0 4px var(--gc); }
.side-panel { display: flex; flex-direction: column; gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; }
.card h2 { font-size: 15px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: 0.04em; color: #444; }
.lamps { display: grid; grid-template-columns: repeat(4, 1fr); gap: 8px; }
.lamp { display: flex; flex-direction: column; align-items: center; gap: 3px; font-size: 13.5px; font-weight: 600; }
.lamp .bulb { width: 34px; height: 34px; border-radius: 50%; border: 2px solid #333; }
.lamp[data-state="up"] .bulb { background: radial-gradient(circle at 35% 35%, #7ff0c8, var(--up)); }
.lamp[data-state="down"] .bulb { background: radial-gradient(circle at 35% 35%, #ffb58a, var(--down)); box-shadow: 0 0 12px var(--down); }
.lamp .word { font-size: 12px; font-weight: 700; }
.lamp[data-state="down"] .word { color: var(--down); }
.narration ol { list-style: none; margin: 0; padding: 0; max-height: 330px; overflow-y: auto; font-size: 14px; }
.narration li { padding: 5px 2px; border-bottom: 1px solid #eee; }
.narration li .t { display: block; font: 12px ui-monospace, Menlo, Consolas, monospace; color: var(--muted); }
.narration li.latest { background: #fff4cc; }
.callout { border-left: 6px solid var(--lead); background: #eef5fc; padding: 8px 12px; font-size: 16px; border-radius: 6px; }
.callout .t { font: 12.5px ui-monospace, Menlo, Consolas, monospace; color: var(--muted); display: block; }
.quorum table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
.quorum td, .quorum th { padding: 3px 5px; border-bottom: 1px solid #eee; text-align: left; }
.quorum .yes { color: var(--up); font-weight: 700; }
.quorum .no { color: var(--down); font-weight: 700; }
.split { font-size: 22px; font-weight: 800; letter-spacing: 0.06em; }
.spof-result li { margin: 4px 0; }
.spof-result .ok { color: var(--up); font-weight: 700; }
.spof-result .bad { color: var(--down); font-weight: 700; }
.spof-result .miss { color: #a86d00; font-weight: 700; }
.hint { font-size: 13.5px; color: var(--muted); margin: 4px 0; }
section.timeline { margin: 0 18px 18px; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; }
.scrub { display: flex; gap: 10px; align-items: center; margin-bottom: 6px; }
.scrub input[type=range] { flex: 1 1 auto; }
.tl-svg { overflow-x: auto; }
.tl-svg svg { display: block; }
svg.gantt-chart text:not(.seg-label) { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #222; }
svg.gantt-chart .seg-strong .seg-label, svg.gantt-chart .seg-down .seg-label { fill: #fff; }
svg.gantt-chart .seg-ok .seg-label, svg.gantt-chart .seg-warn .seg-label { fill: #17324a; }
svg.gantt-chart .seg-label { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg.gantt-chart .group-title { font-size: 11.5px; font-weight: 700; fill: #555; text-transform: uppercase; }
svg.gantt-chart .marker-label { font-size: 10.5px; font-weight: 700; }
svg.gantt-chart .tick-label { font-size: 11px; fill: #333; }
details.topo { position: relative; }
details.topo > div { position: absolute; z-index: 5; top: 34px; left: 0; background: #fff; color: var(--fg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; display: grid; grid-template-columns: auto auto; gap: 6px 10px; box-shadow: 0 6px 20px rgba(0,0,0,.2); min-width: 300px; }
details.topo summary { cursor: pointer; font-size: 14px; padding: 4px 8px; border: 1px solid #8899aa; border-radius: 6px; }
.error { color: var(--down); font-weight: 600; white-space: pre-wrap; }
@media (max-width: 1100px) { main.pg { grid-template-columns: 1fr; } }
`;

/** The controls and empty regions the browser code fills. */
function skeleton(): string {
  return `
<header class="top">
  <h1>Control-plane playground</h1>
  <label>Scenario <select id="scenario" aria-label="Scenario"></select></label>
  <details class="topo"><summary>Topology…</summary><div role="group" aria-label="Topology">
    <label for="t-kind">etcd</label><select id="t-kind"><option value="stacked">stacked (on the control-plane nodes)</option><option value="external">external (own hosts)</option></select>
    <label for="t-cp">control-plane nodes</label><select id="t-cp">${[1, 2, 3, 4, 5, 6, 7].map((n) => `<option>${n}</option>`).join('')}</select>
    <label for="t-etcd">etcd hosts (external)</label><select id="t-etcd">${[1, 2, 3, 4, 5, 6, 7].map((n) => `<option>${n}</option>`).join('')}</select>
    <label for="t-zones">zones</label><select id="t-zones">${[1, 2, 3, 4, 5].map((n) => `<option>${n}</option>`).join('')}</select>
    <label for="t-lb">load balancer</label><select id="t-lb"><option value="keepalived">keepalived VIP</option><option value="haproxy">haproxy (one host)</option><option value="cloud">cloud LB</option><option value="none">none (clients use one apiserver)</option></select>
    <span></span><button type="button" id="t-apply">Rebuild cluster</button>
  </div></details>
  <div class="group" role="group" aria-label="Mode">
    <button type="button" id="m-play" data-mode="play" aria-pressed="true">Break things</button>
    <button type="button" id="m-partition" data-mode="partition" aria-pressed="false">Draw a partition</button>
    <button type="button" id="m-spof" data-mode="spof" aria-pressed="false">Find the SPOF</button>
    <button type="button" id="m-story" data-mode="story" aria-pressed="false">Guided story</button>
  </div>
  <label><input type="checkbox" id="quorum-overlay"> quorum overlay</label>
</header>
<div class="bar" role="toolbar" aria-label="Simulation controls">
  <div class="group">
    <button type="button" id="play" class="primary" aria-label="Play">▶ Play</button>
    <button type="button" id="step" aria-label="Step to the next event">Next event ▸▸</button>
    <button type="button" id="reset" aria-label="Reset to t=0">⟲ Reset</button>
  </div>
  <label>Speed <select id="speed" aria-label="Speed">${[1, 10, 100, 1000]
    .map((n) => `<option ` + `value="${n}"${n === 10 ? ' selected' : ''}>${n}×</option>`)
    .join('')}</select></label>
  <label><input type="checkbox" id="random" checked> random failures</label>
  <label>rate × <select id="rate" aria-label="Failure rate multiplier">${[1, 10, 100, 1000, 10000]
    .map((n) => `<option ` + `value="${n}">${n}</option>`)
    .join('')}</select></label>
  <span class="clock" id="clock" aria-live="off">t=0h00m00.0s</span>
  <span class="downtime" id="downtime"></span>
  <button type="button" id="heal" hidden>Heal the network</button>
</div>
<main class="pg">
  <section class="picture" aria-label="The cluster: click a zone, host or process to fail or restore it">
    <div class="clientrow" id="clientrow"></div>
    <div class="zones" id="zones"></div>
    <p class="hint" id="mode-hint"></p>
  </section>
  <aside class="side-panel">
    <div class="card"><h2>Service levels</h2><div class="lamps" id="lamps"></div></div>
    <div class="card" id="teach" hidden></div>
    <div class="card quorum" id="quorum" hidden></div>
    <div class="card narration"><h2>What happens</h2><ol id="narration" aria-live="polite"></ol></div>
  </aside>
</main>
<section class="timeline" aria-label="Timeline">
  <div class="scrub">
    <label for="scrub">Time</label>
    <input type="range" id="scrub" min="0" max="0" step="any" value="0" aria-label="Scrub simulated time (replays from t=0)">
    <button type="button" id="z-in" aria-label="Zoom the timeline in">+</button>
    <button type="button" id="z-out" aria-label="Zoom the timeline out">−</button>
    <button type="button" id="z-follow" aria-pressed="true" aria-label="Follow: show the whole session so far">whole session</button>
  </div>
  <div class="tl-svg" id="timeline"></div>
</section>`;
}

/** `</script` inside inline script text would end the element early. */
function inlineSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** The whole page. */
export function renderPlaygroundHtml(p: PlaygroundPage): string {
  const data = inlineSafe(JSON.stringify({ scenarios: p.scenarios, initial: p.initial }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>k8s-ha-sim playground</title>
<style>${CSS}</style>
</head>
<body>
${skeleton()}
<script type="application/json" id="pg-data">${data}</script>
<script>${inlineSafe(GANTT_ZOOM_SCRIPT)}</script>
<script>${inlineSafe(p.script)}</script>
</body>
</html>
`;
}
