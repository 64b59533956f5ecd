/** `play` through the real CLI: one self-contained page, the named scenario first, bad input exit 2. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, type Ran } from '../cli-async.ts';

// Awaited, not spawnSync'ed: a child process must not block the worker's event loop.
function cli(args: string[]): Promise<Ran> {
  return cliAsync(args);
}

describe('k8s-ha-sim play', () => {
  it('writes one page with the bundle, every bundled and teaching scenario, and no external reference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-play-'));
    const out = join(dir, 'p.html');
    const r = await cli(['play', 'stacked-3-two-zones', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('content="default-src &#39;none&#39;;');
    const data = JSON.parse(/<script type="application\/json" id="pg-data">(.*?)<\/script>/s.exec(html)![1]!) as {
      scenarios: { name: string; group: string }[];
      initial: string;
    };
    expect(data.initial).toBe('stacked-3-two-zones');
    expect(data.scenarios.filter((s) => s.group === 'teaching').map((s) => s.name)).toContain('etcd-leader-killed');
    expect(data.scenarios.filter((s) => s.group === 'bundled').length).toBe(10);
    // Nothing the browser would fetch: no src/href attributes, no <link>, no import().
    expect(html).not.toMatch(/<(link|img|iframe)\b|\s(src|href)=["']/i);
  });

  it('embeds a scenario file that is not bundled and opens on it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-play-'));
    const file = join(dir, 'mine.yaml');
    writeFileSync(file, 'name: mine\ntopology: { kind: stacked, zones: 3, controlPlane: { count: 5 } }\n');
    const r = await cli(['play', file, '--out', join(dir, 'p.html')]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'p.html'), 'utf8')).toContain('"initial":"mine"');
  });

  it('rejects a bad scenario with file:line:col and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-play-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\ntopology: { kind: stackd }\n');
    const r = await cli(['play', file, '--out', join(dir, 'p.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:2:\d+ topology\.kind: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
