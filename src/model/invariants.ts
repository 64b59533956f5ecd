/**
 * State checkers (docs/style.md §2), run after every event under `checkInvariants`: each one
 * recomputes from the primitive state (down causes, partition groups) what the actors
 * keep incrementally, and checks the protocol safety rules. A violation is a bug in the
 * model: it throws InvariantError (exit 3 in the CLI). They read the model only through
 * ClusterView and run as an observer (InvariantChecker), so they cost nothing in normal runs.
 */
import type { Observer } from './observer.ts';
import type { ClusterView, LeaseView } from './view.ts';

/** A broken model invariant: always a bug. `timeMs` is the simulated time it broke at. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
  constructor(
    message: string,
    readonly timeMs: number,
  ) {
    super(message);
  }
}

/** The observer that runs every checker at the start and after every event. */
export class InvariantChecker implements Observer {
  /** Checks the start state. */
  onStart(view: ClusterView): void {
    checkInvariants(view);
  }

  /** Checks the state after each event. */
  afterEvent(view: ClusterView): void {
    checkInvariants(view);
  }
}

function check(cond: boolean, c: ClusterView, what: string): void {
  if (!cond) throw new InvariantError(`invariant broken at t=${c.nowMs}ms: ${what}`, c.nowMs);
}

/** Throws InvariantError when any invariant does not hold. */
export function checkInvariants(c: ClusterView): void {
  checkComponents(c);
  checkEtcd(c);
  checkApiservers(c);
  checkLoadBalancer(c);
  checkLease(c, c.cm);
  checkLease(c, c.sched);
  checkSlis(c);
}

function checkComponents(c: ClusterView): void {
  const p = c.plan;
  p.hosts.forEach((name, h) => {
    const up = c.causes[p.hostComp[h]!] === 0 && c.causes[p.zoneComp[p.hostZone[h]!]!] === 0;
    check((c.hostUp[h] === 1) === up, c, `host ${name} effective state`);
    for (const kind of p.hostProcs[h]!) {
      const alive = up && c.causes[p.procComp[kind][h]!] === 0;
      const pu = alive && c.hangs[p.procComp[kind][h]!] === 0;
      check((c.procUp[kind][h] === 1) === pu, c, `${kind} on ${name} effective state`);
      if (kind === 'etcd' || kind === 'apiserver')
        check((c.hung[kind][h] === 1) === (alive && !pu), c, `${kind} on ${name} hung state`);
    }
  });
}

function checkEtcd(c: ClusterView): void {
  const e = c.etcd;
  const counts = new Array<number>(c.peerGroupCount).fill(0);
  for (const h of e.members) if (e.serving[h] === 1) counts[c.peerGroup[h]!]!++;
  counts.forEach((n, g) => check(e.upInGroup[g] === n, c, `etcd up-member count of group ${g}`));
  const quorumGroups = counts.filter((n) => n >= e.q).length;
  check(quorumGroups <= 1, c, 'at most one etcd group with quorum');
  if (e.leader >= 0) {
    const h = e.members[e.leader]!;
    check(c.procUp.etcd[h] === 1, c, 'etcd leader is effectively up');
    check(counts[c.peerGroup[h]!]! >= e.q, c, 'etcd leader only in a group with quorum');
  } else if (quorumGroups === 1) {
    check(e.electionPending(), c, 'a quorum group without a leader has an election running');
  }
}

function checkApiservers(c: ClusterView): void {
  const a = c.api;
  const lg = c.etcd.leaderGroup();
  // Once per event, not once per apiserver: inside the loop this was apiservers x members
  // checks per event, which made --check-invariants quadratic in the hosts (docs/robustness.md).
  for (const m of c.etcd.members)
    check(c.etcd.serving[m] === 0 || c.procUp.etcd[m] === 1, c, `etcd on ${c.plan.hosts[m]} ` + `serves only while up`);
  for (const h of c.plan.procHosts.apiserver) {
    const running = (c.procUp.apiserver[h] === 1 && a.phase[h] === 0) || c.hung.apiserver[h] === 1;
    check((a.running[h] === 1) === running, c, `apiserver on ${c.plan.hosts[h]} running`);
    let etcdOk: boolean;
    if (a.local) {
      etcdOk = c.plan.memberOfHost[h]! >= 0 && c.etcd.serving[h] === 1 && c.peerGroup[h] === lg;
    } else {
      etcdOk = lg >= 0 && c.group[h] === c.group[c.etcd.leaderHost()];
      let cut = 0;
      if (c.peerOnly && c.procUp.apiserver[h] === 1 && lg >= 0)
        for (const mh of c.etcd.members)
          if (c.etcd.serving[mh] === 1 && c.group[mh] === c.group[h] && c.peerGroup[mh] !== lg) cut++;
      check(a.cut[h] === cut, c, `apiserver on ${c.plan.hosts[h]} members cut from the leader's peers`);
      check(
        a.hung[h]! >= 0 && a.hung[h]! <= a.listed && (c.procUp.apiserver[h] === 1 || a.hung[h] === 0),
        c,
        `apiserver on ` + `${c.plan.hosts[h]} hung connections`,
      );
    }
    check(
      (a.ready[h] === 1) === (running && c.procUp.apiserver[h] === 1 && etcdOk),
      c,
      `apiserver on ${c.plan.hosts[h]} ready`,
    );
  }
}

function checkLoadBalancer(c: ClusterView): void {
  const lb = c.loadBalancer;
  if (lb.kind === 'none') {
    check(lb.holder === -1, c, 'no LB instance carries traffic when clients use a host directly');
    return;
  }
  let routed = 0;
  let routedOk = 0;
  let ok = 0;
  for (const h of c.plan.procHosts.apiserver) {
    ok += lb.ok[h]!;
    const reach = lb.activeHost < 0 || c.group[lb.activeHost] === c.group[h];
    check((lb.ok[h] === 1) === (c.api.ready[h] === 1 && reach), c, `LB view of ${c.plan.hosts[h]}`);
    routed += lb.routed[h]!;
    routedOk += lb.routed[h]! & lb.ok[h]!;
  }
  check(lb.nRouted === routed && lb.nRoutedOk === routedOk && lb.nOk === ok, c, 'LB routed-backend counters');
  const p = c.plan;
  const instUp = p.lbComps.map((comp, i) => {
    const h = p.lbHosts[i]!;
    return h < 0 ? c.causes[comp] === 0 : c.procUp['load-balancer'][h] === 1;
  });
  if (lb.holder >= 0) {
    check(instUp[lb.holder] === true, c, 'the LB holder instance is up');
    const hg = c.group[p.lbHosts[lb.holder]!] ?? 0;
    for (let i = 0; i < lb.holder; i++) {
      const sameGroup = p.lbHosts[i]! < 0 || c.group[p.lbHosts[i]!] === hg;
      // A returned instance waits out its own master-down timer before it preempts (facts §10).
      check(
        !instUp[i] || !sameGroup || lb.preempting[i] === 1,
        c,
        'no live higher-priority ' + 'keepalived instance that hears the holder, except one waiting to preempt',
      );
    }
  } else if (lb.kind !== 'keepalived') {
    check(!instUp[0], c, 'LB endpoint down only while its instance is down');
  }
}

function checkLease(c: ClusterView, l: LeaseView): void {
  let n = 0;
  for (const h of c.plan.procHosts[l.kind]) {
    const e = c.procUp[l.kind][h]! & c.api.ready[h]!;
    check(l.eligible[h] === e, c, `${l.kind} candidate on ${c.plan.hosts[h]} eligibility`);
    n += e;
  }
  check(l.nEligible === n, c, `${l.kind} eligible-candidate counter`);
  if (l.renewing)
    check(
      l.holder >= 0 && l.eligible[l.holder] === 1,
      c,
      `${l.kind} holder renews only while up with a ready apiserver`,
    );
  if (l.holder >= 0) check(!l.expired, c, `at most one ${l.kind} lease holder (no holder after expiry)`);
  const held = l.role === 'renewing' || l.role === 'stalled';
  check(l.holder >= 0 === held, c, `${l.kind} lease has a holder exactly while renewing or stalled`);
}

function checkSlis(c: ClusterView): void {
  const sli = c.sli;
  check(
    sli.isUp('etcd') === (c.etcd.leader >= 0 && c.writesBlocked === 0),
    c,
    'etcd SLI matches the leader and the NOSPACE alarm',
  );
  let api: boolean;
  const lb = c.loadBalancer;
  if (lb.kind === 'none') {
    const d = c.plan.directHost;
    api = d >= 0 && c.api.ready[d] === 1;
  } else {
    const open = lb.failOpen && lb.nRouted === 0; // docs/scenario-format.md: fail-open routes to every backend
    api = lb.holder >= 0 && c.plan.procHosts.apiserver.some((h) => (open || lb.routed[h] === 1) && lb.ok[h] === 1);
  }
  check(
    sli.isUp('api') === (api && c.apiBlocked === 0),
    c,
    'api SLI matches the endpoint, its routed ready backends and the dependencies',
  );
  const lease = (l: LeaseView): boolean =>
    l.holder >= 0 && c.procUp[l.kind][l.holder] === 1 && c.api.ready[l.holder] === 1;
  const controllers = sli.isUp('controllers');
  const scheduler = sli.isUp('scheduler');
  check(controllers === lease(c.cm) && controllers === c.cm.renewing, c, 'controllers SLI matches the lease holder');
  check(scheduler === lease(c.sched) && scheduler === c.sched.renewing, c, 'scheduler SLI matches the lease holder');
}
