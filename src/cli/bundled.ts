/**
 * The scenarios shipped with the package (scenarios/, scenarios/operations/,
 * scenarios/teaching/), usable by name from any directory: `run stacked-3`,
 * `explain etcd-leader-killed`. A scenario argument is a file when such a file exists,
 * else a bundled scenario's `name:` (or its file's base name), else a missing file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (the same from src/cli and dist/cli). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One bundled scenario. */
export interface BundledScenarioFile {
  readonly name: string;
  readonly group: 'bundled' | 'operations' | 'teaching';
  /** Path inside the package, e.g. scenarios/teaching/etcd-leader-killed.yaml. */
  readonly file: string;
  /** Absolute path. */
  readonly path: string;
  readonly description: string;
}

const GROUPS: readonly { dir: string; group: BundledScenarioFile['group'] }[] = [
  { dir: 'scenarios', group: 'bundled' },
  { dir: 'scenarios/operations', group: 'operations' },
  { dir: 'scenarios/teaching', group: 'teaching' },
];

/** A top-level `key: value` of a YAML file, quotes removed (no YAML parser needed). */
function topLevel(yaml: string, key: string): string | undefined {
  const raw = new RegExp(`^${key}:[ \\t]*(.+?)[ \\t]*$`, 'm').exec(yaml)?.[1];
  if (raw === undefined) return undefined;
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw;
    }
  }
  return raw.replace(/^'(.*)'$/, '$1');
}

/** Every bundled scenario, in group then file order. */
export function bundledScenarios(): BundledScenarioFile[] {
  return GROUPS.flatMap(({ dir, group }) => {
    const abs = join(ROOT, dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => {
        const yaml = readFileSync(join(abs, f), 'utf8');
        return {
          name: topLevel(yaml, 'name') ?? basename(f, '.yaml'),
          group,
          file: `${dir}/${f}`,
          path: join(abs, f),
          description: topLevel(yaml, 'description') ?? '',
        };
      });
  });
}

/**
 * The path to read for a scenario argument: itself when it exists (or is `-` or a
 * path with a directory), else the bundled scenario of that name (`stacked-3`,
 * `stacked-3-ops`, `etcd-leader-killed`; `.yaml` optional), else itself.
 */
export function resolveScenarioPath(arg: string): string {
  if (arg === '-' || existsSync(arg) || arg.includes('/') || arg.includes('\\')) return arg;
  const name = arg.endsWith('.yaml') ? arg.slice(0, -'.yaml'.length) : arg;
  const all = bundledScenarios();
  const hit =
    all.find((s) => s.name === name) ?? all.find((s) => s.group === 'bundled' && basename(s.file, '.yaml') === name);
  return hit?.path ?? arg;
}
