/**
 * `-o json|yaml` for commands that print data: one option, one serialiser, so every
 * command's machine-readable output looks the same (JSON pretty-printed, YAML via the
 * yaml package; both end in a newline).
 */
import { Option } from 'commander';
import { stringify } from 'yaml';

/** The formats a data-printing command accepts; `text` is its human-readable default. */
export type DataFormat = 'text' | 'json' | 'yaml';

/** The `-o, --output <format>` option. */
export function outputFormatOption(): Option {
  return new Option('-o, --output <format>', 'print as text, json or yaml')
    .choices(['text', 'json', 'yaml'])
    .default('text');
}

/** `value` as JSON or YAML text. */
export function formatData(value: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value);
}
