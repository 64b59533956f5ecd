/** The program's version, read from package.json (its own module so commands need not import main). */
import { readFileSync } from 'node:fs';

/** The package version, read from package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
