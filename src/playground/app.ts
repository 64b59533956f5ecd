/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The playground in the browser: holds the scenario, the random-failure settings and the
 * student's action log, drives a Session (session.ts, the one door into the model) in
 * animation frames, and redraws. Scrubbing back replays from t=0 (seed + action log), so
 * every moment is exactly reproducible; the URL fragment carries scenario + log.
 * Real time comes only from requestAnimationFrame timestamps; simulated time is the model's.
 */
import { z } from 'zod';
import { parse, stringify } from 'yaml';
import { formatSimTime } from '../units/format.ts';
import { ganttChart } from '../report/charts/gantt-chart.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { SLIS, type Scenario } from '../scenario/types.ts';
import { drawClient, drawLamps, drawQuorum, drawZones, SIDE_COLOURS } from './draw.ts';
import type { BundledScenario } from './page.ts';
import { openSession, type ClusterState, type LoggedAction, type PlayAction, type Session } from './session.ts';
import { checkSpof, renderSpofAnswer } from './teach.ts';

// The page's CSP forbids eval; zod must not probe for it.
z.config({ jitless: true });

type Mode = 'play' | 'partition' | 'spof' | 'story';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const data = JSON.parse($('pg-data').textContent ?? '{}') as { scenarios: BundledScenario[]; initial: string };

/** Everything the page knows; `session` is rebuilt from the rest on scrub back. */
const app = {
  entry: data.scenarios[0]!,
  scenario: null as unknown as Scenario,
  random: { enabled: true, rateMultiplier: 1 },
  log: [] as LoggedAction[],
  session: null as unknown as Session,
  furthestMs: 0,
  playing: false,
  speed: 10,
  mode: 'play' as Mode,
  overlay: false,
  marks: new Set<string>(),
  partition: new Map<string, number>(),
  side: 1,
  view: null as { fromMs: number; toMs: number } | null,
  lastFrame: 0,
  dirty: true,
  chartAt: -1,
};

function scenarioOf(entry: BundledScenario): Scenario {
  const r = loadScenarioText(entry.yaml, entry.file);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.value.scenario;
}

/** Delivers events up to `untilMs` (the session's timeline recorder sees every one). */
function driveTo(untilMs: number): void {
  const s = app.session;
  const end = Math.min(untilMs, app.scenario.simulation.horizonMs);
  s.runUntil(end);
  app.furthestMs = Math.max(app.furthestMs, s.nowMs);
  app.dirty = true;
}

/** A fresh session at t = 0 (the log is kept: it replays on the way forward). */
function restart(): void {
  app.session = openSession(app.scenario, 0, app.random);
  app.dirty = true;
}

/**
 * Moves to `ms`: forward replays logged actions on the way, backward replays from t = 0.
 * Actions taken exactly at `ms` are applied only while fewer than `upTo` actions are in
 * (default: none of them), so scrubbing to a moment shows it as it was first reached,
 * before the student acted there.
 */
function goTo(ms: number, upTo = -1): void {
  if (ms < app.session.nowMs || (ms === app.session.nowMs && upTo >= 0 && upTo < app.session.log.length)) restart();
  const s = app.session;
  for (let i = s.log.length; i < app.log.length; i++) {
    const a = app.log[i]!;
    if (a.atMs > ms || (a.atMs === ms && i >= upTo)) break;
    driveTo(a.atMs);
    s.inject(a.action);
  }
  driveTo(ms);
}

/** The student acts now; a log running ahead of now (after a scrub back) is cut here. */
function act(action: PlayAction): void {
  const s = app.session;
  app.log.length = s.log.length;
  app.log.push({ atMs: s.nowMs, action });
  s.inject(action);
  app.furthestMs = s.nowMs;
  app.dirty = true;
  saveFragment();
}

function toggle(id: string, st: ClusterState): void {
  const down = isDown(id, st);
  act(down ? { kind: 'restore', target: id } : { kind: 'fail', target: id });
}

function isDown(id: string, st: ClusterState): boolean {
  if (id.startsWith('zone/')) return !st.zones.find((z) => z.id === id)!.up;
  if (id.startsWith('host/')) return !st.hosts.find((x) => x.id === id)!.up;
  const e = st.etcd.find((x) => x.id === id) ?? st.apiservers.find((x) => x.id === id);
  if (e !== undefined) return 'role' in e ? e.role === 'down' : e.state === 'down';
  const c = st.controllers.find((x) => x.id === id);
  if (c !== undefined) return !c.up;
  return !(st.loadBalancer.instances.find((x) => x.id === id)?.up ?? true);
}

function onComponentClick(id: string): void {
  const st = app.session.state();
  if (app.mode === 'spof') {
    if (app.marks.has(id)) app.marks.delete(id);
    else app.marks.add(id);
    $('teach').querySelector('.spof-result')?.remove();
  } else if (app.mode === 'partition') {
    if (!id.startsWith('zone/') && !id.startsWith('host/')) return;
    if (app.partition.get(id) === app.side) app.partition.delete(id);
    else app.partition.set(id, app.side);
  } else toggle(id, st);
  app.dirty = true;
  render();
}

// ---------- URL fragment: scenario + random settings + action log ----------

function encodeAction(a: LoggedAction): unknown[] {
  const x = a.action;
  return x.kind === 'partition'
    ? [a.atMs, 'p', x.groups]
    : x.kind === 'heal'
      ? [a.atMs, 'h']
      : [a.atMs, x.kind === 'fail' ? 'f' : 'r', x.target];
}

function decodeAction(v: unknown[]): LoggedAction {
  const [atMs, k, arg] = v as [number, string, unknown];
  const action: PlayAction =
    k === 'p'
      ? { kind: 'partition', groups: arg as string[][] }
      : k === 'h'
        ? { kind: 'heal' }
        : { kind: k === 'f' ? 'fail' : 'restore', target: String(arg) };
  return { atMs: Number(atMs), action };
}

function saveFragment(): void {
  const given = app.entry.group === 'given' ? { yaml: app.entry.yaml } : { s: app.entry.name };
  const f = {
    ...given,
    rnd: [app.random.enabled ? 1 : 0, app.random.rateMultiplier],
    a: app.log.map(encodeAction),
    t: app.session.nowMs,
    n: app.session.log.length,
  };
  history.replaceState(null, '', `#${encodeURIComponent(JSON.stringify(f))}`);
}

function loadFragment(): boolean {
  if (location.hash.length < 2) return false;
  try {
    const f = JSON.parse(decodeURIComponent(location.hash.slice(1))) as {
      s?: string;
      yaml?: string;
      rnd?: [number, number];
      a?: unknown[][];
      t?: number;
      n?: number;
    };
    const entry =
      f.yaml !== undefined
        ? { name: 'shared', group: 'given' as const, file: 'shared.yaml', yaml: f.yaml }
        : data.scenarios.find((x) => x.name === f.s);
    if (entry === undefined) return false;
    useScenario(entry);
    app.random = { enabled: (f.rnd?.[0] ?? 1) === 1, rateMultiplier: f.rnd?.[1] ?? 1 };
    app.log = (f.a ?? []).map(decodeAction);
    restart();
    goTo(f.t ?? 0, f.n ?? app.log.length);
    return true;
  } catch {
    return false;
  }
}

// ---------- scenarios and topology ----------

function useScenario(entry: BundledScenario): void {
  app.entry = entry;
  app.scenario = scenarioOf(entry);
  app.log = [];
  app.furthestMs = 0;
  app.marks.clear();
  app.partition.clear();
  app.view = null;
  $('teach').querySelector('.spof-result')?.remove();
  restart();
  syncTopologyForm();
}

function syncTopologyForm(): void {
  const t = app.scenario.topology;
  const etcdHosts = t.hosts.filter((x) => x.runs.includes('etcd') && !x.runs.includes('apiserver')).length;
  const cp = t.hosts.filter((x) => x.runs.includes('apiserver')).length;
  ($('t-kind') as HTMLSelectElement).value = etcdHosts > 0 ? 'external' : 'stacked';
  ($('t-cp') as HTMLSelectElement).value = String(Math.max(1, cp));
  ($('t-etcd') as HTMLSelectElement).value = String(Math.max(1, etcdHosts || 3));
  ($('t-zones') as HTMLSelectElement).value = String(new Set(t.hosts.map((x) => x.zone)).size);
  ($('t-lb') as HTMLSelectElement).value = t.loadBalancer.kind;
}

/** Rebuilds the cluster from the topology form: the scenario's failures, a new topology, no scripted faults. */
function rebuildTopology(): void {
  const doc = parse(app.entry.yaml) as Record<string, unknown>;
  const kind = ($('t-kind') as HTMLSelectElement).value;
  const lb = ($('t-lb') as HTMLSelectElement).value;
  const topology: Record<string, unknown> = {
    kind,
    zones: Number(($('t-zones') as HTMLSelectElement).value),
    controlPlane: { count: Number(($('t-cp') as HTMLSelectElement).value) },
    loadBalancer: { kind: lb },
  };
  if (kind === 'external') topology['etcd'] = { count: Number(($('t-etcd') as HTMLSelectElement).value) };
  const cp = (topology['controlPlane'] as { count: number }).count;
  if (lb === 'none') topology['loadBalancer'] = { kind: 'none' };
  delete doc['faults'];
  const yaml = stringify({ ...doc, name: `${String(doc['name'] ?? 'custom')}-custom`, topology });
  const r = loadScenarioText(yaml, 'topology.yaml');
  const msg = $('teach');
  if (!r.ok) {
    msg.hidden = false;
    msg.innerHTML = '';
    msg.append(
      Object.assign(document.createElement('p'), {
        className: 'error',
        textContent: `That topology is not ` + `valid:\n${r.errors.map((e) => e.message).join('\n')}`,
      }),
    );
    return;
  }
  void cp;
  useScenario({ name: r.value.scenario.name, group: 'given', file: 'topology.yaml', yaml });
  saveFragment();
}

// ---------- drawing ----------

function render(): void {
  const st = app.session.state();
  drawZones($('zones'), st, app.overlay);
  drawClient($('clientrow'), st);
  drawLamps($('lamps'), st);
  decorate(st);
  $('quorum').hidden = !app.overlay;
  if (app.overlay) drawQuorum($('quorum'), st);
  $('heal').hidden = !st.partitioned;
  $('clock').textContent = `t=${formatSimTime(st.nowMs)}`;
  $('downtime').innerHTML =
    `API down so far: <strong>${(st.downMs.api / 1000).toFixed(1)} ` +
    `s</strong> · writes stopped: <strong>${(st.downMs.etcd / 1000).toFixed(1)} s</strong>`;
  ($('play') as HTMLButtonElement).textContent = app.playing ? '⏸ Pause' : '▶ Play';
  $('play').setAttribute('aria-label', app.playing ? 'Pause' : 'Play');
  const scrub = $('scrub') as HTMLInputElement;
  scrub.max = String(Math.max(app.furthestMs, 1));
  scrub.value = String(st.nowMs);
  renderNarration();
  renderTeach(st);
  document
    .querySelectorAll<HTMLElement>('[data-mode]')
    .forEach((b) => b.setAttribute('aria-pressed', String(b.dataset['mode'] === app.mode)));
  $('m-story').hidden = app.entry.group !== 'teaching';
}

/** Marks (SPOF mode) and partition sides on the drawn components. */
function decorate(st: ClusterState): void {
  document.querySelectorAll<HTMLElement>('[data-component]').forEach((e) => {
    const id = e.dataset['component']!;
    e.addEventListener('click', (ev) => {
      ev.stopPropagation();
      onComponentClick(id);
    });
    if (app.mode === 'spof') e.dataset['marked'] = String(app.marks.has(id));
    const side = app.partition.get(id);
    if (app.mode === 'partition' && side !== undefined) {
      e.dataset['group'] = String(side);
      e.style.setProperty('--gc', SIDE_COLOURS[side % SIDE_COLOURS.length]!);
    }
  });
  const verdicts = $('teach').querySelector('.spof-result') as HTMLElement | null;
  if (verdicts !== null) {
    for (const li of verdicts.querySelectorAll<HTMLElement>('[data-for]')) {
      const e = document.querySelector<HTMLElement>(`[data-component="${CSS.escape(li.dataset['for']!)}"]`);
      if (e !== null) e.dataset['verdict'] = li.dataset['verdict']!;
    }
  }
  void st;
}

let narrated = -1;
function renderNarration(): void {
  const n = app.session.narration;
  if (n.length === narrated) return;
  narrated = n.length;
  const list = $('narration');
  const last = n.length === 0 ? -1 : n[n.length - 1]!.timeMs;
  list.replaceChildren(
    ...n.slice(-200).map((e) => {
      const li = document.createElement('li');
      if (e.timeMs === last) li.className = 'latest';
      li.append(
        Object.assign(document.createElement('span'), { className: 't', textContent: `t=${formatSimTime(e.timeMs)}` }),
        e.text,
      );
      return li;
    }),
  );
  list.scrollTop = list.scrollHeight;
}

const HINTS: Readonly<Record<Mode, string>> = {
  play: 'Click (or Tab to and press Enter on) any zone, host, process or load-balancer instance to fail it; click again to restore it.',
  partition:
    'Pick a side below, then click zones or hosts to put them on it; "Cut the network" ' +
    'splits them (unpicked hosts form one more side).',
  spof: 'Mark every component you think is a single point of failure, then press "Check my answer".',
  story: 'A guided story: press "Next event" to jump to the next thing that happens and read what it does.',
};

function renderTeach(st: ClusterState): void {
  $('mode-hint').textContent = HINTS[app.mode];
  const box = $('teach');
  box.hidden = app.mode === 'play';
  if (app.mode === 'play') return;
  if (box.dataset['mode'] !== app.mode) {
    box.dataset['mode'] = app.mode;
    box.replaceChildren();
    if (app.mode === 'spof') spofPanel(box);
    if (app.mode === 'partition') partitionPanel(box);
  }
  if (app.mode === 'story') storyPanel(box, st);
}

function spofPanel(box: HTMLElement): void {
  box.innerHTML =
    `<h2>Find the single points of failure</h2><label>for the SLI <select ` +
    `id="spof-sli" aria-label="SLI to ` +
    `judge">${SLIS.map((s) => `<option${s === 'api' ? ' selected' : ''}>${s}</option>`).join('')}</select></label> ` +
    `<button type="button" id="spof-check">Check my answer</button> <button type="button" ` +
    `id="spof-clear">Clear marks</button>`;
  $('spof-check').addEventListener('click', () => {
    const sli = ($('spof-sli') as HTMLSelectElement).value as (typeof SLIS)[number];
    box.querySelector('.spof-result')?.remove();
    box.append(renderSpofAnswer(checkSpof(app.scenario, sli, [...app.marks])));
    app.dirty = true;
  });
  $('spof-clear').addEventListener('click', () => {
    app.marks.clear();
    box.querySelector('.spof-result')?.remove();
    app.dirty = true;
  });
}

function partitionPanel(box: HTMLElement): void {
  box.innerHTML = `<h2>Draw a partition</h2><div role="radiogroup" aria-label="Side to put clicked zones and hosts on">${[
    1, 2, 3,
  ]
    .map(
      (g) =>
        `<button type="button" data-side="${g}" aria-pressed="${g === app.side}" ` +
        `style="border-left:8px solid ${SIDE_COLOURS[g]}">side ${g}</button> `,
    )
    .join(
      '',
    )}</div><p><button type="button" id="cut">Cut the network</button> <button type="button" id="part-clear">Clear</button></p>`;
  box.querySelectorAll<HTMLElement>('[data-side]').forEach((b) =>
    b.addEventListener('click', () => {
      app.side = Number(b.dataset['side']);
      box.querySelectorAll('[data-side]').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
    }),
  );
  $('cut').addEventListener('click', () => {
    const groups = [1, 2, 3]
      .map((g) => [...app.partition].filter(([, s]) => s === g).map(([id]) => id))
      .filter((g) => g.length > 0);
    if (groups.length === 0) return;
    act({ kind: 'partition', groups });
    app.partition.clear();
    app.mode = 'play';
    app.dirty = true;
  });
  $('part-clear').addEventListener('click', () => {
    app.partition.clear();
    app.dirty = true;
  });
}

function storyPanel(box: HTMLElement, st: ClusterState): void {
  const n = app.session.narration;
  const at = n.filter((e) => e.timeMs === st.nowMs);
  const desc = app.scenario.description;
  box.innerHTML = '';
  box.append(
    Object.assign(document.createElement('h2'), { textContent: `Story: ${app.scenario.name}` }),
    Object.assign(document.createElement('p'), { className: 'hint', textContent: desc }),
  );
  const call = document.createElement('div');
  call.className = 'callout';
  call.setAttribute('aria-live', 'polite');
  if (at.length === 0)
    call.textContent =
      st.nowMs === 0
        ? 'Everything is up. Press "Next event" to ' + 'see the first fault.'
        : 'Nothing happens at this ' + 'moment.';
  else
    for (const e of at)
      call.append(
        Object.assign(document.createElement('span'), { className: 't', textContent: `t=${formatSimTime(e.timeMs)}` }),
        Object.assign(document.createElement('p'), { textContent: e.text }),
      );
  const next = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'primary',
    textContent: 'Next event ▶',
  });
  next.addEventListener('click', () => {
    stepEvent();
    saveFragment();
    render();
    renderChart();
  });
  box.append(call, next);
}

function renderChart(): void {
  const s = app.session;
  const t = s.timeline(Math.max(s.nowMs, 1));
  // Following: the whole session, or in a story the last minute (the event just shown).
  const view =
    app.view ??
    (app.mode === 'story'
      ? { fromMs: Math.max(0, t.untilMs - 60_000), toMs: t.untilMs }
      : { fromMs: 0, toMs: t.untilMs });
  const clamped = { fromMs: Math.max(0, Math.min(view.fromMs, t.untilMs - 1)), toMs: Math.min(view.toMs, t.untilMs) };
  const box = $('timeline');
  box.innerHTML = ganttChart(t, {
    scale: 'linear',
    view: clamped.toMs > clamped.fromMs ? clamped : { fromMs: 0, toMs: t.untilMs },
    plotWidth: Math.max(500, box.clientWidth - 220),
  });
  const svg = box.querySelector('svg');
  const zoom = (window as unknown as { ganttZoom?: (svg: Element, cb: (f: number, t: number) => void) => unknown })
    .ganttZoom;
  if (svg !== null && zoom !== undefined) {
    zoom(svg, (f, to) => {
      if (f !== clamped.fromMs || to !== clamped.toMs) {
        app.view = { fromMs: f, toMs: to };
        $('z-follow').setAttribute('aria-pressed', 'false');
      }
    });
  }
  app.chartAt = s.nowMs;
}

// ---------- time ----------

/** Steps to the next instant where the narration says something (at most 10 000 instants). */
function stepEvent(): void {
  const s = app.session;
  const horizon = app.scenario.simulation.horizonMs;
  const before = s.narration.length;
  for (let i = 0; i < 10_000 && s.narration.length === before; i++) {
    const nextAction = app.log[s.log.length]?.atMs ?? Infinity;
    if (s.step(Math.min(nextAction, horizon))) continue;
    if (nextAction <= horizon) goTo(nextAction, s.log.length + 1);
    else break;
  }
  app.furthestMs = Math.max(app.furthestMs, s.nowMs);
  app.playing = false;
  app.dirty = true;
}

function frame(ts: number): void {
  const dt = app.lastFrame === 0 ? 0 : Math.min(ts - app.lastFrame, 100);
  app.lastFrame = ts;
  if (app.playing && dt > 0) {
    const target = app.session.nowMs + dt * app.speed;
    goTo(target);
    if (app.session.nowMs >= app.scenario.simulation.horizonMs) app.playing = false;
  }
  if (app.dirty) {
    render();
    if (!app.playing || ts - chartFrame > 250) {
      renderChart();
      chartFrame = ts;
    }
    app.dirty = false;
  }
  requestAnimationFrame(frame);
}
let chartFrame = 0;

function advance(seconds: number): ClusterState {
  goTo(app.session.nowMs + seconds * 1000);
  saveFragment();
  render();
  renderChart();
  return app.session.state();
}

// ---------- wiring ----------

function wire(): void {
  const menu = $('scenario') as HTMLSelectElement;
  for (const group of ['bundled', 'teaching'] as const) {
    const og = document.createElement('optgroup');
    og.label = group === 'bundled' ? 'Bundled topologies' : 'Teaching stories';
    for (const s of data.scenarios.filter((x) => x.group === group)) og.append(new Option(s.name, s.name));
    menu.append(og);
  }
  menu.addEventListener('change', () => {
    useScenario(data.scenarios.find((x) => x.name === menu.value)!);
    app.mode = app.entry.group === 'teaching' ? 'story' : 'play';
    if (app.mode === 'story') app.random = { ...app.random, enabled: false };
    ($('random') as HTMLInputElement).checked = app.random.enabled;
    restart();
    saveFragment();
  });
  $('play').addEventListener('click', () => {
    app.playing = !app.playing;
    app.dirty = true;
  });
  $('step').addEventListener('click', () => {
    stepEvent();
    saveFragment();
    render();
    renderChart();
  });
  $('reset').addEventListener('click', () => {
    app.log = [];
    app.furthestMs = 0;
    app.playing = false;
    restart();
    saveFragment();
  });
  ($('speed') as HTMLSelectElement).addEventListener(
    'change',
    (e) => (app.speed = Number((e.target as HTMLSelectElement).value)),
  );
  const randomChanged = (): void => {
    app.random = {
      enabled: ($('random') as HTMLInputElement).checked,
      rateMultiplier: Number(($('rate') as HTMLSelectElement).value),
    };
    const now = app.session.nowMs;
    app.furthestMs = 0;
    restart();
    goTo(now);
    saveFragment();
  };
  $('random').addEventListener('change', randomChanged);
  $('rate').addEventListener('change', randomChanged);
  $('quorum-overlay').addEventListener('change', (e) => {
    app.overlay = (e.target as HTMLInputElement).checked;
    app.dirty = true;
  });
  $('heal').addEventListener('click', () => act({ kind: 'heal' }));
  document.querySelectorAll<HTMLElement>('[data-mode]').forEach((b) =>
    b.addEventListener('click', () => {
      app.mode = b.dataset['mode'] as Mode;
      if (app.mode !== 'spof') app.marks.clear();
      $('teach').dataset['mode'] = '';
      app.dirty = true;
    }),
  );
  $('scrub').addEventListener('input', (e) => {
    app.playing = false;
    goTo(Number((e.target as HTMLInputElement).value));
    saveFragment();
  });
  $('t-apply').addEventListener('click', rebuildTopology);
  wireZoom();
}

/** The timeline's zoom buttons (the wheel and drag are the chart's own, gantt-zoom.ts). */
function wireZoom(): void {
  const zoomBy = (k: number): void => {
    const now = Math.max(app.session.nowMs, 1);
    const v = app.view ?? { fromMs: 0, toMs: now };
    const c = (v.fromMs + v.toMs) / 2;
    const half = Math.max(((v.toMs - v.fromMs) * k) / 2, 25);
    app.view = { fromMs: Math.max(0, c - half), toMs: Math.min(now, c + half) };
    $('z-follow').setAttribute('aria-pressed', 'false');
    renderChart();
  };
  $('z-in').addEventListener('click', () => zoomBy(0.5));
  $('z-out').addEventListener('click', () => zoomBy(2));
  $('z-follow').addEventListener('click', () => {
    app.view = null;
    $('z-follow').setAttribute('aria-pressed', 'true');
    renderChart();
  });
}

/** The scripting interface (docs/playground.md). */
const playground = {
  advance,
  state: () => ({
    nowMs: app.session.nowMs,
    scenario: app.scenario.name,
    seed: app.scenario.simulation.seed,
    random: { ...app.random },
    log: app.log.map((a) => ({ ...a })),
    cluster: app.session.state(),
    narration: app.session.narration.map((e) => ({ ...e })),
  }),
  load(yaml: string): { ok: boolean; errors: string[] } {
    const r = loadScenarioText(yaml, 'loaded.yaml');
    if (!r.ok)
      return { ok: false, errors: r.errors.map((e) => `${e.file}:${e.line}:${e.col} ${e.path}: ${e.message}`) };
    useScenario({ name: r.value.scenario.name, group: 'given', file: 'loaded.yaml', yaml });
    saveFragment();
    render();
    renderChart();
    return { ok: true, errors: [] };
  },
  scrub(seconds: number): ClusterState {
    goTo(seconds * 1000);
    saveFragment();
    render();
    renderChart();
    return app.session.state();
  },
  act(action: PlayAction): ClusterState {
    act(action);
    render();
    return app.session.state();
  },
  step(): ClusterState {
    stepEvent();
    render();
    return app.session.state();
  },
};
(window as unknown as { playground: typeof playground }).playground = playground;

wire();
if (!loadFragment()) {
  useScenario(data.scenarios.find((x) => x.name === data.initial) ?? data.scenarios[0]!);
  saveFragment();
}
($('random') as HTMLInputElement).checked = app.random.enabled;
($('rate') as HTMLSelectElement).value = String(app.random.rateMultiplier);
const initialMenu = $('scenario') as HTMLSelectElement;
if (app.entry.group !== 'given') initialMenu.value = app.entry.name;
render();
renderChart();
document.body.dataset['ready'] = 'true';
requestAnimationFrame(frame);
