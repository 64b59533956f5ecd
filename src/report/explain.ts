/**
 * `explain` views: the narrated timeline as text (the teaching view) and as docs/spec.md §7 JSON.
 * Pure functions of the run's data; no I/O.
 */
import type { TraceEntry } from '../engine/index.ts';
import type { ReplicationResult, RequestImpactSegment } from '../model/index.ts';
import { quorumOf } from '../scenario/quorum.ts';
import { summariseCrashLoops } from './timeline-window.ts';
import { SLIS, type Scenario, type Sli } from '../scenario/types.ts';
import type { Timeline } from '../timeline/types.ts';
import { wrapText } from '../units/fit.ts';
import { formatDuration, formatOutageLength, formatSimTime } from '../units/format.ts';

/** Everything an explain view needs. */
export interface ExplainRun {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Which replication was run (its streams are seeded from (seed, replication)). */
  readonly replication: number;
  readonly untilMs: number;
  readonly entries: readonly TraceEntry[];
  /** Narrated events past the cap that `entries` leaves out (0: none). */
  readonly omittedEvents?: number;
  readonly result: ReplicationResult;
  /** The same run's lanes (`explain --html`), or null when not recorded. */
  readonly timeline: Timeline | null;
  /** The focus window (`--around`, `--from`): the text shows only events inside it. */
  readonly window?: { readonly fromMs: number; readonly toMs: number };
  /** docs/model.md: stretches of API request impact (RequestImpactRecorder), when recorded. */
  readonly requestImpact?: readonly RequestImpactSegment[];
}

/** docs/spec.md §7 `explain --json`: times in seconds from the start of the run. */
export interface ExplainJson {
  /** Present only when events were left out (explain's cap): how many. */
  readonly omittedEvents?: number;
  readonly events: { readonly t: number; readonly kind: string; readonly target: string; readonly text: string }[];
  readonly outages: { readonly [S in Sli]: { readonly from: number; readonly to: number }[] };
  /**
   * docs/model.md: stretches (seconds) where API requests hang or fail, as shares of all API
   * requests weighted by the load balancer: hungShare hang on a lost etcd member,
   * failedShare fail outright (not-ready backends, no endpoint, and the writes among the
   * hung: model/request-impact.ts). Stretches with neither are left out.
   */
  readonly requestImpact: { from: number; to: number; hungShare: number; failedShare: number }[];
}

/** What each SLI means, for the outage summary. */
const SLI_MEANING: Readonly<Record<Sli, string>> = {
  etcd: 'etcd has a leader, writes possible',
  api: 'clients reach a ready apiserver',
  controllers: 'a controller-manager leads with a ready apiserver',
  scheduler: 'a scheduler leads with a ready apiserver',
};

/** The docs/spec.md §7 JSON of a run. */
export function explainJson(run: ExplainRun): ExplainJson {
  const outages = {} as { [S in Sli]: { from: number; to: number }[] };
  for (const sli of SLIS) {
    const xs = run.result.slis[sli].outages;
    const list: { from: number; to: number }[] = [];
    for (let i = 0; i < xs.length; i += 2) list.push({ from: xs[i]! / 1000, to: xs[i + 1]! / 1000 });
    outages[sli] = list;
  }
  return {
    ...(run.omittedEvents !== undefined && run.omittedEvents > 0 ? { omittedEvents: run.omittedEvents } : {}),
    events: run.entries.map((e) => ({ t: e.timeMs / 1000, kind: e.kind, target: e.target, text: e.text })),
    outages,
    requestImpact: (run.requestImpact ?? []).map((x) => ({
      from: x.fromMs / 1000,
      to: x.toMs / 1000,
      hungShare: x.hungShare,
      failedShare: x.failedShare,
    })),
  };
}

/** How the run starts (docs/spec.md §5 "Start"), in words. */
export function describeStart(s: Scenario): string {
  const hosts = s.topology.hosts;
  const first = (kind: string): string | undefined =>
    hosts.find((h) => (h.runs as readonly string[]).includes(kind))?.name;
  const parts: string[] = ['all up'];
  const leader = first('etcd');
  const members = hosts.filter((h) => h.runs.includes('etcd')).length;
  if (leader !== undefined)
    parts.push(`etcd leader ${leader} (term 2, ${members} members, quorum ${quorumOf(members)})`);
  const cm = first('controller-manager');
  const sch = first('scheduler');
  if (cm !== undefined && cm === sch) parts.push(`controller-manager and scheduler leases on ${cm}`);
  else {
    if (cm !== undefined) parts.push(`controller-manager lease on ${cm}`);
    if (sch !== undefined) parts.push(`scheduler lease on ${sch}`);
  }
  const lb = s.topology.loadBalancer;
  switch (lb.kind) {
    case 'none':
      parts.push(`clients use the apiserver on ${lb.directHost ?? '(none)'} directly`);
      break;
    case 'haproxy':
      parts.push(`clients go through haproxy on lb-1 (${lb.healthCheck?.kind ?? 'http'} checks)`);
      break;
    case 'keepalived':
      parts.push(`VIP on ${lb.instanceHosts[0] ?? '(none)'} (${lb.healthCheck?.kind ?? 'http'} checks)`);
      break;
    case 'cloud':
      parts.push(`clients go through the cloud LB (${lb.healthCheck?.kind ?? 'http'} checks)`);
      break;
  }
  return parts.join('; ');
}

/**
 * The teaching view: header, one line per event, then each SLI's outages. With `columns`
 * (the CLI passes the terminal's) every line is wrapped to it, an event's continuation
 * lines indented under its text; without, lines are not wrapped.
 */
export function formatExplainText(run: ExplainRun, columns: number = Number.POSITIVE_INFINITY): string {
  const s = run.scenario;
  const lines: string[] = [];
  lines.push(`${s.name}: ${s.description}`.trimEnd().replace(/:$/, ''));
  lines.push(
    `seed ${run.seed}, replication ${run.replication}, from t=0 to ` +
      `t=${formatSimTime(run.untilMs)} (${formatDuration(run.untilMs)})`,
  );
  lines.push('');
  lines.push(`t=${formatSimTime(0)} start: ${describeStart(s)}`);
  const w = run.window;
  const shown = w === undefined ? run.entries : run.entries.filter((e) => e.timeMs >= w.fromMs && e.timeMs <= w.toMs);
  if (w !== undefined) {
    const before = run.entries.length - shown.length - run.entries.filter((e) => e.timeMs > w.toMs).length;
    lines.push(
      `... ${before} event${before === 1 ? '' : 's'} before the focus window ` +
        `t=${formatSimTime(w.fromMs)} to t=${formatSimTime(w.toMs)} not shown`,
    );
  }
  for (const e of mergeSimultaneous(w === undefined ? shown : summariseCrashLoops(shown)))
    lines.push(`t=${formatSimTime(e.timeMs)} ` + `${e.text}`);
  if (w !== undefined && w.toMs < run.untilMs) lines.push(`... events after t=${formatSimTime(w.toMs)} not shown`);
  const omitted = run.omittedEvents ?? 0;
  if (omitted > 0)
    lines.push(
      `... ${omitted} more events not narrated (explain keeps the first ` +
        `${run.entries.length}; use --until for a shorter run)`,
    );
  lines.push(`t=${formatSimTime(run.untilMs)} end of run`);
  lines.push('');
  lines.push('Outages:');
  for (const sli of SLIS) lines.push(...outageLines(sli, run.result));
  const rs = run.result.apiRequestSuccessMs / run.result.horizonMs;
  lines.push('');
  lines.push(`api requestSuccess: ${(rs * 100).toFixed(6)}% of single-shot requests succeed`);
  return `${lines.map((l) => wrapText(l, columns, eventIndent(l))).join('\n')}\n`;
}

/** An event line's continuation indent: under its text, after `t=… ` (at most 20 columns). */
function eventIndent(line: string): string | undefined {
  const m = /^t=\S+ /.exec(line);
  return m === null ? undefined : ' '.repeat(Math.min(20, m[0].length));
}

/** Event kinds whose simultaneous lines about several apiservers read better as one. */
const MERGEABLE = new Set(['apiserver-restart', 'apiserver-start', 'health-check']);
const ABOUT_ONE = /^(.*?)apiserver on (\S+)(.*)$/;

/**
 * Joins consecutive lines of the same instant and kind that say the same thing about
 * different apiservers ("kubelet restarts apiservers on cp-2, cp-4 ..."); the last line's
 * tail (routed count, SLI changes) is kept. The JSON view keeps every event.
 */
export function mergeSimultaneous(entries: readonly TraceEntry[]): TraceEntry[] {
  const out: TraceEntry[] = [];
  let names: string[] = [];
  let prev: { e: TraceEntry; head: string; tail: string } | null = null;
  const flush = (): void => {
    if (prev === null) return;
    const text = names.length === 1 ? prev.e.text : `${prev.head}apiservers on ${names.join(', ')}${prev.tail}`;
    out.push({ ...prev.e, text });
    prev = null;
    names = [];
  };
  for (const e of entries) {
    const m = MERGEABLE.has(e.kind) ? ABOUT_ONE.exec(e.text) : null;
    if (m === null) {
      flush();
      out.push(e);
      continue;
    }
    const [, head = '', name = '', tail = ''] = m;
    if (
      prev !== null &&
      prev.e.timeMs === e.timeMs &&
      prev.e.kind === e.kind &&
      prev.head === head &&
      norm(prev.tail) === norm(tail)
    ) {
      names.push(name);
      prev = { e: prev.e, head, tail };
      continue;
    }
    flush();
    prev = { e, head, tail };
    names = [name];
  }
  flush();
  return out;
}

function norm(tail: string): string {
  return tail.replace(/\(\d+ routed\)/, '(N routed)');
}

function outageLines(sli: Sli, r: ReplicationResult): string[] {
  const t = r.slis[sli];
  const n = t.outages.length / 2;
  const pct = (100 * (1 - t.downMs / r.horizonMs)).toFixed(6);
  const head = `  ${sli} - ${SLI_MEANING[sli]}: `;
  if (n === 0) return [`${head}no outage`];
  const out = [`${head}${n} outage${n === 1 ? '' : 's'}, ${formatOutageLength(t.downMs)} down in total, ${pct}% up`];
  for (let i = 0; i < t.outages.length; i += 2) {
    const from = t.outages[i]!;
    const to = t.outages[i + 1]!;
    out.push(`    t=${formatSimTime(from)} to t=${formatSimTime(to)}  ${formatOutageLength(to - from)}`);
  }
  return out;
}
