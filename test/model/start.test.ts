/**
 * SPEC §5 Start: a run begins in steady operation (every component up, leader and leases
 * on the first host, every backend routed), so there is no outage at t = 0 — checked on
 * every bundled baseline, with its random failures switched off.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../src/model/index.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { SLIS } from '../../src/scenario/types.ts';

const FILES = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `scenarios/${f}`);

describe('start in steady operation', () => {
  it.each(FILES)('%s: no outage and full request success while nothing fails', (file) => {
    const r = loadScenarioText(readFileSync(file, 'utf8'), file, { overrides: [{ path: 'failures', value: '{}' }] });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const res = runReplication(r.value.scenario, 0, { untilMs: 3_600_000, checkInvariants: true });
    for (const sli of SLIS) expect(res.slis[sli].downMs, sli).toBe(0);
    expect(res.apiRequestSuccessMs).toBe(3_600_000);
    // Nothing happens at all: no protocol timer fires in a quiet hour.
    expect(res.events).toBe(0);
  });
});
