/** `report.html`: a self-contained HTML view of report.json (placeholder, being written). */
import type { Report } from './report-types.ts';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The HTML report: one self-contained file. */
export function renderHtml(report: Report): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>k8s-ha-sim report</title></head><body><h1>k8s-ha-sim report</h1><ul>${report.scenarios.map((s) => `<li>${esc(s.name)}</li>`).join('')}</ul></body></html>\n`;
}
