/// <reference lib="dom" />
/**
 * Draws the cluster picture from a ClusterState: zones as regions, hosts in them with
 * their processes, the client and the load balancer with its routed backends, and the SLI
 * lamps. Every clickable part is a <button> carrying `data-component` (its fault-target
 * id) and `data-state`, with an aria-label saying what a press does.
 */
import { escapeHtml as esc } from '../report/charts/svg.ts';
import { SLIS, type Sli } from '../scenario/types.ts';
import type { ClusterState } from './session.ts';

/** Colours of partition sides (Okabe-Ito). */
export const SIDE_COLOURS = ['#7a8794', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00'];

const SLI_TITLE: Readonly<Record<Sli, string>> = {
  etcd: 'etcd writes',
  api: 'API',
  controllers: 'controllers',
  scheduler: 'scheduler',
};

function h(tag: string, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** A component button: fault-target id, state, words, and what a press does. */
function comp(cls: string, id: string, state: string, label: string, status: string): HTMLElement {
  const broken = state === 'down' || state === 'zone-down';
  return h(
    'button',
    {
      type: 'button',
      class: `comp ${cls}`,
      'data-component': id,
      'data-state': state,
      'aria-label': `${label}: ${status}. Press ` + `to ${broken ? 'restore' : 'fail'} it.`,
    },
    h('span', { class: 'name' }, label),
    h('span', { class: 'st' }, status),
  );
}

const ROLE_TEXT: Readonly<Record<string, string>> = {
  leader: '★ leader',
  follower: 'follower',
  down: 'down',
  'cut-off': 'cut off',
};
const API_TEXT: Readonly<Record<string, string>> = {
  ready: 'ready',
  'not-ready': 'not ready',
  'crash-loop': 'crash-loop',
  down: 'down',
};

function hostCard(s: ClusterState, hi: number): HTMLElement {
  const host = s.hosts[hi]!;
  const state = !host.up ? 'down' : !host.reachable ? 'zone-down' : 'up';
  const head = h(
    'button',
    {
      type: 'button',
      class: 'comp host-head',
      'data-component': host.id,
      'data-state': state,
      'aria-label': `host ${host.name}: ${state}. ` + `Press to ${state === 'up' ? 'fail' : 'restore'} it.`,
    },
    host.name,
  );
  const card = h('div', { class: 'host', 'data-host': host.name, 'data-state': state });
  if (s.partitioned)
    card.append(
      h(
        'span',
        { class: 'side', style: `background:${SIDE_COLOURS[host.group % SIDE_COLOURS.length]}` },
        `side ${host.group}`,
      ),
    );
  card.append(head);
  const procs = h('div', { class: 'procs' });
  const m = s.etcd.find((x) => x.host === host.name);
  if (m !== undefined)
    procs.append(
      comp(
        'proc',
        m.id,
        m.role,
        'etcd',
        m.role === 'leader' ? `★ leader · term ` + `${s.etcdTerm}` : ROLE_TEXT[m.role]!,
      ),
    );
  const a = s.apiservers.find((x) => x.host === host.name);
  if (a !== undefined)
    procs.append(
      comp(
        'proc',
        a.id,
        a.state,
        'apiserver',
        `${API_TEXT[a.state]}${a.routed && s.loadBalancer.kind !== 'none' ? ' · routed' : ''}`,
      ),
    );
  for (const c of s.controllers.filter((x) => x.host === host.name)) {
    const st = !c.up ? 'down' : c.leader ? 'leader' : 'standby';
    procs.append(comp('proc', c.id, st, c.kind, !c.up ? 'down' : c.leader ? '★ lease holder' : 'standby'));
  }
  for (const l of s.loadBalancer.instances.filter((x) => x.host === host.name)) {
    const st = !l.up ? 'down' : s.loadBalancer.kind === 'keepalived' ? (l.vip ? 'vip' : 'standby') : 'up';
    procs.append(comp('proc', l.id, st, s.loadBalancer.kind, st === 'vip' ? '● VIP' : st));
  }
  card.append(procs);
  return card;
}

/** Redraws the zones and hosts. */
export function drawZones(root: HTMLElement, s: ClusterState, quorumOverlay: boolean): void {
  root.style.setProperty('--zones', String(Math.min(s.zones.length, 5)));
  root.replaceChildren(
    ...s.zones.map((z) => {
      const hosts = s.hosts.map((x, i) => ({ x, i })).filter(({ x }) => x.zone === z.name);
      const members = s.etcd.filter((m) => hosts.some(({ x }) => x.name === m.host));
      const up = members.filter((m) => m.role !== 'down').length;
      const head = h(
        'button',
        {
          type: 'button',
          class: 'comp zone-head',
          'data-component': z.id,
          'data-state': z.up ? 'up' : 'down',
          'aria-label': `zone ${z.name}: ` + `${z.up ? 'up' : 'down'}. Press to ${z.up ? 'fail' : 'restore'} it.`,
        },
        h('span', {}, `zone ${z.name}${z.up ? '' : ' — DOWN'}`),
        quorumOverlay && members.length > 0 ? h('span', { class: 'q' }, `etcd ${up}/${members.length} here`) : '',
      );
      return h(
        'div',
        { class: 'zone', 'data-zone': z.name, 'data-state': z.up ? 'up' : 'down' },
        head,
        h('div', { class: 'hosts' }, ...hosts.map(({ i }) => hostCard(s, i))),
      );
    }),
  );
}

/** Redraws the client and load-balancer row. */
export function drawClient(root: HTMLElement, s: ClusterState): void {
  const routed = s.apiservers.filter((a) => a.routed);
  const ready = routed.filter((a) => a.state === 'ready');
  const client = h(
    'div',
    { class: 'client', 'aria-label': 'the client' },
    h('span', { class: 'who' }, 'client (kubectl)'),
    h('span', {}, s.slis.api ? 'requests succeed' : 'requests FAIL'),
  );
  const box = h('div', { class: 'lbbox' });
  const vip = s.loadBalancer.instances.find((l) => l.vip);
  switch (s.loadBalancer.kind) {
    case 'none':
      box.append(
        h(
          'span',
          { class: 'title' },
          `no load balancer: clients use the apiserver on ${s.loadBalancer.directHost ?? '?'}`,
        ),
      );
      break;
    case 'keepalived':
      box.append(
        h('span', { class: 'title' }, `keepalived VIP ${vip !== undefined ? `on ${vip.host}` : '— no holder'}`),
      );
      break;
    case 'haproxy':
      box.append(
        h(
          'span',
          { class: 'title' },
          `haproxy on ${s.loadBalancer.instances.map((l) => `${l.host}${l.up ? '' : ' — DOWN'}`).join(', ')}`,
        ),
      );
      break;
    case 'cloud':
      box.append(
        h('span', { class: 'title' }, 'cloud load balancer'),
        ...s.loadBalancer.instances.map((l) =>
          comp('proc', l.id, l.up ? 'up' : 'down', 'cloud LB', l.up ? 'up' : 'down'),
        ),
      );
      break;
  }
  if (s.loadBalancer.kind !== 'none') {
    const names = routed.map((a) => `${a.host}${a.state === 'ready' ? '' : ' (failing)'}`).join(', ');
    box.append(
      h(
        'span',
        { class: 'routes' },
        'routes to: ',
        h('b', {}, routed.length === 0 ? 'nothing' : names),
        ` — ${ready.length} of ` + `${s.apiservers.length} apiservers serving`,
      ),
    );
  }
  root.replaceChildren(
    client,
    h('span', { 'aria-hidden': 'true', style: 'align-self:center;font-size:22px' }, '→'),
    box,
  );
}

/** Redraws the four SLI lamps. */
export function drawLamps(root: HTMLElement, s: ClusterState): void {
  root.replaceChildren(
    ...SLIS.map((sli) =>
      h(
        'div',
        {
          class: 'lamp',
          'data-sli': sli,
          'data-state': s.slis[sli] ? 'up' : 'down',
          role: 'status',
          'aria-label': `${SLI_TITLE[sli]} ` + `${s.slis[sli] ? 'up' : 'down'}`,
        },
        h('span', { class: 'bulb' }),
        h('span', {}, SLI_TITLE[sli]),
        h('span', { class: 'word' }, s.slis[sli] ? 'UP' : 'DOWN'),
      ),
    ),
  );
}

/** The quorum overlay: members up and needed on each side of the network. */
export function drawQuorum(root: HTMLElement, s: ClusterState): void {
  const sides = s.groups.filter((g) => g.members > 0);
  const split = sides.map((g) => g.membersUp).join('-');
  const rows = sides.map((g) => {
    const can = g.membersUp >= s.quorum;
    return (
      `<tr><td><span style="color:${SIDE_COLOURS[g.group % SIDE_COLOURS.length]}">■</span> ` +
      `${s.partitioned ? `side ${g.group}` : 'whole cluster'}</td><td>${esc(g.hosts.join(', '))}</td><td>${g.membersUp} ` +
      `of ${g.members} up</td><td ` +
      `class="${can ? 'yes' : 'no'}">${can ? 'has quorum' : 'no quorum'}</td></tr>`
    );
  });
  root.innerHTML =
    `<h2>Quorum</h2><div class="split" aria-label="members up per ` +
    `side">${s.partitioned ? `${split} split` : `${sides[0]?.membersUp ?? 0} up`}</div><p class="hint">A ` +
    `leader needs ${s.quorum} of ${s.etcd.length} members' votes on one ` +
    `side.</p><table><tbody>${rows.join('')}</tbody></table>`;
}
