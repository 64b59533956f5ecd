/**
 * AWS NLB fails open (FACTS §5): with every target out of rotation it sends requests to
 * all of them, so an apiserver that is ready again serves before the health check's
 * rise count (5 x 30 s) puts it back.
 */
import { describe, expect, it } from 'vitest';
import { H, run, topo } from './builders.ts';

const faults = 'faults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }\n  - { at: 1h, down: apiserver/cp-2, for: 10m }\n  - { at: 1h, down: apiserver/cp-3, for: 20m }';
const t = (lb: string) => topo(`{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: ${lb} }`, faults);

describe('load balancer fail-open', () => {
  it('closed: the API returns only rise x interval after the apiservers do', () => {
    const v = run(t('{ kind: cloud, healthCheck: { kind: tcp, interval: 30s, fall: 2, rise: 5 } }'));
    // the apiservers are ready 5 s after they are back (start-up)
    expect(v.outages.api).toEqual([[H, H + 605 + 150]]);
  });

  it('open (aws-nlb): the API returns with the first ready apiserver', () => {
    const v = run(t('{ preset: aws-nlb }'));
    expect(v.outages.api).toEqual([[H, H + 605]]);
    // fail-open spreads over all 3 backends while none is routed: 2 of 3 ready for 150 s,
    // then cp-1 and cp-2 are routed and serve everything
    const lossAfterReturn = v.requestLossS - 605;
    expect(lossAfterReturn).toBeCloseTo(150 / 3, 6);
  });

  it('open changes nothing while some backend is routed', () => {
    const one = 'faults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }';
    const open = run(topo('{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { preset: aws-nlb } }', one));
    const closed = run(topo('{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { preset: aws-nlb, failOpen: false } }', one));
    expect(open.requestLossS).toBeCloseTo(closed.requestLossS, 9);
    expect(open.requestLossS).toBeCloseTo(60 / 3, 6);
  });
});
