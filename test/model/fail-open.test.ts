/**
 * AWS NLB fails open (facts §5): with every target out of rotation it sends requests to
 * all of them, so an apiserver that is ready again serves before the health check's
 * rise count (5 x 30 s) puts it back.
 */
import { describe, expect, it } from 'vitest';
import { checkTimes, H, run, topo, type RunView } from './builders.ts';

const faults =
  'faults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }\n  - { at: 1h, down: ' +
  'apiserver/cp-2, for: 10m }\n  - { at: 1h, down: apiserver/cp-3, for: 20m }';
/** The first time (s) cp-1 or cp-2 is back in rotation after they return at 1h10m (ready 5 s later). */
const firstBack = (v: RunView): number => Math.min(...['cp-1', 'cp-2'].flatMap((h) => checkTimes(v, h).back));
const t = (lb: string) => topo(`{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: ${lb} }`, faults);

describe('load balancer fail-open', () => {
  it('closed: the API returns only at the rise-th passing probe after the apiservers do', () => {
    const v = run(t('{ kind: cloud, healthCheck: { kind: tcp, interval: 30s, fall: 2, rise: 5 } }'));
    // the apiservers are ready 5 s after they are back (start-up); the rise-th passing
    // probe after that comes 120-150 s later
    const back = firstBack(v);
    expect(back - (H + 605)).toBeGreaterThan(120);
    expect(back - (H + 605)).toBeLessThanOrEqual(150);
    expect(v.outages.api).toEqual([[H, back]]);
  });

  it('open (aws-nlb): the API returns with the first ready apiserver', () => {
    const v = run(t('{ preset: aws-nlb }'));
    expect(v.outages.api).toEqual([[H, H + 605]]);
    // fail-open spreads over all 3 backends while none is routed: 2 of 3 ready until the
    // first of cp-1 and cp-2 is routed again (rise 5 x 30 s after they are ready: 120-150 s),
    // which serves everything
    const lossAfterReturn = v.requestLossS - 605;
    expect(firstBack(v) - (H + 605)).toBeGreaterThan(120);
    expect(lossAfterReturn).toBeCloseTo((firstBack(v) - (H + 605)) / 3, 6);
  });

  it('open changes nothing while some backend is routed', () => {
    const one = 'faults:\n  - { at: 1h, down: apiserver/cp-1, for: 10m }';
    const open = run(
      topo('{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { preset: aws-nlb } }', one),
    );
    const closed = run(
      topo(
        '{ kind: stacked, zones: 3, controlPlane: { count: 3 }, loadBalancer: { ' +
          'preset: aws-nlb, failOpen: false } }',
        one,
      ),
    );
    expect(open.requestLossS).toBeCloseTo(closed.requestLossS, 9);
    const d = checkTimes(open, 'cp-1').removed[0]! - H;
    expect(d).toBeGreaterThan(30);
    expect(d).toBeLessThanOrEqual(60);
    expect(open.requestLossS).toBeCloseTo(d / 3, 6);
  });
});
