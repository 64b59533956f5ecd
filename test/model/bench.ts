/**
 * Model throughput: `npx tsx test/model/bench.ts [keepalived|haproxy|none|cloud] [N]`.
 * Stacked-3 with failures on every class (host 2000h/4h, zone 1y/2h, processes 720h/1m,
 * LB 2000h/10m), default timings, 1-year replications. Prints events per simulated year
 * and cluster-years per second on one core.
 */
import { runReplication } from '../../src/model/index.ts';
import { scenario } from './builders.ts';

const lb = process.argv[2] ?? 'keepalived';
const n = Number(process.argv[3] ?? 3000);
const s = scenario(`name: bench
topology: { kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { kind: ${lb} } }
failures:
  zone: { mttf: 1y, mttr: 2h }
  host: { mttf: 2000h, mttr: 4h }
  etcd: { mttf: 720h, mttr: 1m }
  apiserver: { mttf: 720h, mttr: 1m }
  controller-manager: { mttf: 720h, mttr: 1m }
  scheduler: { mttf: 720h, mttr: 1m }
  loadBalancer: { mttf: 2000h, mttr: 10m }
simulation: { horizon: 1y, seed: 1, replications: 1 }
`);
for (let i = 0; i < 300; i++) runReplication(s, i); // warm-up
let events = 0;
const t0 = performance.now();
for (let i = 0; i < n; i++) events += runReplication(s, i).events;
const sec = (performance.now() - t0) / 1000;
console.log(
  `${lb}: ${(n / sec).toFixed(0)} cluster-years/s on one core, ${(events / n).toFixed(0)} events/year, ` +
    `${((sec / n) * 1e3).toFixed(3)} ms per cluster-year`,
);
