/**
 * The npm package as a user gets it: `npm pack`, install the tarball into an empty
 * folder (dependencies from the npm cache when it has them), then `npx k8s-ha-sim run …`
 * and `import { … } from 'k8s-ha-sim'` (JavaScript and type-checked TypeScript) work,
 * with no tsx installed and no test file or screenshot in the tarball; every command runs
 * from the installed package in a folder of its own (bundled scenarios by name, the
 * prebuilt playground, import of the shipped example, job), with no esbuild or full d3
 * installed. Also pins what the Dockerfile relies on: every file it copies exists, it
 * copies everything the build and the package need, its entrypoint is this bin.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAsync, type Ran } from '../cli-async.ts';

const ROOT = resolve('.');
let consumer = '';
let tarFiles: string[] = [];

async function sh(cmd: string, args: string[], cwd: string): Promise<Ran> {
  const r = await runAsync(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

beforeAll(async () => {
  const dest = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-pack-'));
  // dist/ was built by the vitest global setup; --ignore-scripts keeps prepack from
  // rebuilding it under the feet of tests running in parallel.
  const packed = JSON.parse(
    (await sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], ROOT)).stdout,
  ) as { filename: string; files: { path: string }[] }[];
  tarFiles = packed[0]!.files.map((f) => f.path);
  consumer = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-consumer-'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await sh(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dest, packed[0]!.filename)],
    consumer,
  );
}, 300_000);

describe('npm package', () => {
  it('ships compiled code, types, bin, scenarios and docs; no tests, sources or screenshots', async () => {
    expect(tarFiles).toContain('dist/index.js');
    expect(tarFiles).toContain('dist/index.d.ts');
    expect(tarFiles).toContain('dist/cli/main.js');
    expect(tarFiles).toContain('dist/montecarlo/worker.js');
    expect(tarFiles).toContain('bin/k8s-ha-sim');
    expect(tarFiles).toContain('scenarios/stacked-3.yaml');
    // The README's figures under docs/images/ are documentation; test screenshots are not shipped.
    expect(
      tarFiles.filter(
        (f) =>
          f.startsWith('test/') ||
          /screenshot|\.test\./.test(f) ||
          (f.endsWith('.png') && !f.startsWith('docs/images/')),
      ),
    ).toEqual([]);
    expect(tarFiles.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(tarFiles.filter((f) => f.includes('tsbuildinfo') || f.endsWith('.mjs'))).toEqual([]);
    expect(tarFiles).toContain('dist/playground/app.iife.js');
    expect(tarFiles).toContain('LICENSE');
    expect(tarFiles).toContain('examples/import/kubeadm-external-etcd/nodes.json');
    expect(tarFiles).toContain('scenarios/teaching/etcd-leader-killed.yaml');
  });

  it('installs no build-time dependency (esbuild, full d3) and no dist file imports one', async () => {
    const modules = join(consumer, 'node_modules');
    for (const m of ['esbuild', 'd3', 'tsx', 'typescript']) expect(existsSync(join(modules, m)), m).toBe(false);
    for (const m of ['d3-scale', 'd3-shape', 'commander']) expect(existsSync(join(modules, m)), m).toBe(true);
    const dist = join(modules, 'k8s-ha-sim', 'dist');
    const js = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.js'));
    const importsEsbuild = js.filter((f) =>
      /(from\s*|import\s*\(\s*)['"](esbuild|d3)['"]/.test(readFileSync(join(dist, f), 'utf8')),
    );
    expect(importsEsbuild).toEqual([]);
  });

  it('runs every command from the installed package, bundled scenarios by name', async () => {
    const work = mkdtempSync(join(tmpdir(), 'k8s-ha-sim-user-'));
    const bin = join(consumer, 'node_modules', '.bin', 'k8s-ha-sim');
    const ex = join(consumer, 'node_modules', 'k8s-ha-sim', 'examples', 'import', 'kubeadm-external-etcd');
    const k = async (...args: string[]): Promise<Ran> => {
      const r = await runAsync(bin, args, { cwd: work });
      expect(r.code, `k8s-ha-sim ${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r;
    };
    expect((await k('--help')).stdout).toContain('list [options]');
    expect((await k('list')).stdout).toMatch(/^stacked-3 +bundled/m);
    expect(JSON.parse((await k('list', '-o', 'json')).stdout).map((s: { name: string }) => s.name)).toContain(
      'etcd-leader-killed',
    );
    const run = JSON.parse(
      (await k('run', 'stacked-3', '--replications', '20', '--workers', '1', '--json', '-', '--quiet')).stdout,
    );
    expect(run.scenarios[0].name).toBe('stacked-3');
    const check = await k(
      'check',
      'stacked-3',
      '--replications',
      '20',
      '--workers',
      '1',
      '--slo',
      'api=90%',
      '--quiet',
    );
    expect(check.stderr).toContain('check: every SLO is met');
    expect(
      JSON.parse((await k('validate', 'stacked-3-ops', 'etcd-leader-killed', '-o', 'json')).stdout).map(
        (v: { ok: boolean }) => v.ok,
      ),
    ).toEqual([true, true]);
    expect((await k('schema')).stdout).toContain('"$schema"');
    expect(JSON.parse((await k('analyze', 'single-node', '-o', 'json')).stdout).scenarios[0].name).toBe('single-node');
    expect((await k('spof', 'haproxy-single')).stdout).toContain('lb-1');
    await k('explain', 'etcd-leader-killed', '--html', 'explain.html', '--quiet');
    expect(readFileSync(join(work, 'explain.html'), 'utf8')).toContain('<svg');
    await k('play', '--out', 'play.html');
    const page = readFileSync(join(work, 'play.html'), 'utf8');
    expect(page).toContain('etcd-leader-killed');
    expect(page.length).toBeGreaterThan(100_000);
    await k(
      'sweep',
      'stacked-3',
      '--set',
      'topology.controlPlane.count=3,5',
      '--replications',
      '10',
      '--workers',
      '1',
      '--quiet',
    );
    for (const i of ['0/2', '1/2'])
      await k('run', 'stacked-3', '--replications', '20', '--workers', '1', '--shard', i, '--out', 'parts', '--quiet');
    const parts = readdirSync(join(work, 'parts')).map((f) => join('parts', f));
    await k('merge', ...parts, '--out', 'merged', '--quiet');
    expect(existsSync(join(work, 'merged', 'report.html'))).toBe(true);
    await k(
      'import',
      '--nodes',
      join(ex, 'nodes.json'),
      '--pods',
      join(ex, 'pods.json'),
      '--kubeadm-config',
      join(ex, 'kubeadm-config.json'),
      '--etcd-members',
      join(ex, 'etcd-members.json'),
      '--etcd-status',
      join(ex, 'etcd-status.json'),
      '--name',
      'prod',
      '--out',
      'prod.yaml',
    );
    await k('validate', 'prod.yaml');
    expect((await k('job', 'stacked-3', '--image', 'k8s-ha-sim:test', '--shards', '2')).stdout).toContain('kind: Job');
  }, 300_000);

  it('installs without tsx and runs `npx k8s-ha-sim run` with worker threads', async () => {
    expect(existsSync(join(consumer, 'node_modules', 'tsx'))).toBe(false);
    const r = await sh(
      'npx',
      [
        '--no-install',
        'k8s-ha-sim',
        'run',
        'node_modules/k8s-ha-sim/scenarios/stacked-3.yaml',
        '--replications',
        '30',
        '--workers',
        '2',
        '--json',
        '-',
        '--quiet',
      ],
      consumer,
    );
    const report = JSON.parse(r.stdout) as {
      scenarios: { name: string; replications: number; slis: { api: { availability: number } } }[];
    };
    expect(report.scenarios[0]!.name).toBe('stacked-3');
    expect(report.scenarios[0]!.replications).toBe(30);
    expect(report.scenarios[0]!.slis.api.availability).toBeGreaterThan(0.99);
    expect((await sh('npx', ['--no-install', 'k8s-ha-sim', '--version'], consumer)).stdout).toContain(
      JSON.parse(readFileSync('package.json', 'utf8')).version,
    );
  });

  it("`import { … } from 'k8s-ha-sim'` loads, validates, runs, analyses, finds SPOFs and renders", async () => {
    writeFileSync(
      join(consumer, 'use.mjs'),
      `import { readFileSync } from 'node:fs';
import { loadScenarioText, runMonteCarlo, analyzeScenario, spofReport, buildReport, renderMarkdown, formatProblem } from 'k8s-ha-sim';
const file = 'node_modules/k8s-ha-sim/scenarios/stacked-3.yaml';
const bad = loadScenarioText('topology: 3', 'bad.yaml');
const r = loadScenarioText(readFileSync(file, 'utf8'), file, { replications: 20 });
const s = r.value.scenario;
const mc = await runMonteCarlo([s], { workers: 2 });
const a = analyzeScenario(s);
const sp = spofReport(s);
const md = renderMarkdown(buildReport(mc, [{ analytic: a.value.availability, spofBySli: null, cutSets: null, recommendation: null }], 'x'));
console.log(JSON.stringify({ badOk: bad.ok, problem: formatProblem(bad.errors[0]), reps: mc.runs[0].stats.replications, exact: a.value.availability.api, spof: sp.ok, md: md.includes('stacked-3') }));
`,
    );
    const out = JSON.parse((await sh('node', ['use.mjs'], consumer)).stdout);
    expect(out.badOk).toBe(false);
    expect(out.problem).toMatch(/^bad\.yaml:\d+:\d+/);
    expect(out.reps).toBe(20);
    expect(out.exact).toBeGreaterThan(0.99);
    expect(out.exact).toBeLessThan(1);
    expect(out.spof).toBe(true);
    expect(out.md).toBe(true);
  });

  it('its types resolve for a TypeScript consumer (NodeNext, strict)', async () => {
    writeFileSync(
      join(consumer, 'use.ts'),
      `import { loadScenarioText, type Scenario, type MonteCarloResult, runMonteCarlo } from 'k8s-ha-sim';
const r = loadScenarioText('', 'x.yaml');
// Through the re-exports of dist/index.d.ts: a typo'd field must be an error too.
// @ts-expect-error: Scenario has no field 'nope'.
export const bad = (x: Scenario): number => x.nope;
export const s: Scenario | null = r.ok ? r.value.scenario : null;
export const run: (x: readonly Scenario[]) => Promise<MonteCarloResult> = (x) => runMonteCarlo(x);
// @ts-expect-error: a wrong argument type must be an error, or the types are 'any'.
loadScenarioText(42, 'x.yaml');
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          types: [],
          skipLibCheck: true,
          lib: ['ES2022'],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = await runAsync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('Dockerfile', () => {
  const text = readFileSync('Dockerfile', 'utf8');
  it('copies only files that exist, runs Node 20 slim as a non-root user, enters k8s-ha-sim', async () => {
    const copies = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(copies.length).toBeGreaterThan(5);
    for (const f of copies) expect(existsSync(f), f).toBe(true);
    const froms = [...text.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.every((f) => /^node:20(\.\d+)*-slim$/.test(f!))).toBe(true);
    const finalStage = text.slice(text.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/^ENTRYPOINT \["k8s-ha-sim"\]$/m);
    expect(finalStage).toContain('--omit=dev');
  });

  it('copies everything the build (npm pack) and the package need', async () => {
    const copied = new Set(
      [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)]
        .flatMap((m) => m[1]!.split(/\s+/))
        .map((f) => f.replace(/\/$/, '')),
    );
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[]; scripts: { build: string } };
    const shipped = pkg.files
      .filter((f) => !f.startsWith('!') && !f.startsWith('dist'))
      .map((f) => f.replace(/\/$/, ''));
    // The build's inputs: tsc's configs and src/, the scripts `npm run build` runs.
    const built = [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'src',
      ...[...pkg.scripts.build.matchAll(/\b(scripts)\//g)].map((m) => m[1]!),
    ];
    for (const f of [...shipped, ...built]) expect(copied.has(f), `the Dockerfile copies ${f}`).toBe(true);
  });

  it('the entrypoint is the bin an installed tarball provides', async () => {
    const bin = join(consumer, 'node_modules', '.bin', 'k8s-ha-sim');
    const r = await runAsync(bin, ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: k8s-ha-sim');
    expect(readdirSync(join(consumer, 'node_modules', 'k8s-ha-sim'))).not.toContain('src');
  });
});
