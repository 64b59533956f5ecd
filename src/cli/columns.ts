/**
 * The width text output is fitted to: the terminal's own width when the stream is a
 * terminal; else the COLUMNS environment variable (so `COLUMNS=80 k8s-ha-sim run … | less`
 * and CI logs can choose); else DEFAULT_COLUMNS (100).
 */
import { DEFAULT_COLUMNS } from '../report/terminal.ts';

/** Columns to fit output written to `stream` (stdout by default) into. */
export function terminalColumns(stream: NodeJS.WriteStream = process.stdout): number {
  if (stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  const env = Number(process.env['COLUMNS']);
  if (Number.isInteger(env) && env > 0) return env;
  return DEFAULT_COLUMNS;
}
