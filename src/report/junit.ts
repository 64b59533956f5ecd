/**
 * `--junit FILE`: JUnit XML for CI test tabs. One test case per SLO per scenario
 * (classname = scenario, name = SLI); a case fails when the lower bound of the 95% CI is
 * below the target, with the numbers in the failure message. A scenario without SLOs
 * becomes one skipped case, so it shows up instead of vanishing. No timestamps: the same
 * report gives the same bytes.
 */
import { MINUTES_PER_YEAR } from '../engine/time.ts';
import { SLO_KEYS, type Sli } from '../scenario/types.ts';
import { formatAvailability, formatAvailabilityCi, formatMinutes } from '../units/format.ts';
import type { Report, ScenarioReport, SloVerdict } from './report-types.ts';
import { breachRiskText, meanVerdictText } from './verdict.ts';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(s: string): string {
  return s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function cases(s: ScenarioReport): { xml: string; failed: boolean; skipped: boolean }[] {
  const cls = escapeXml(s.name);
  const out = SLO_KEYS.flatMap((sli) => {
    const v = s.slo[sli];
    if (v === undefined) return [];
    const name = escapeXml(`${sli} SLO ${formatAvailability(v.target)}`);
    const st = sli === 'requestSuccess' || sli === 'badMinutes' ? s.apiRequestSlis?.[sli] : s.slis[sli as Sli];
    if (st === undefined) return [];
    const numbers =
      `availability ${formatAvailability(v.availability)}, 95% CI ${formatAvailabilityCi(st.ci95[0], st.ci95[1])}, ` +
      `target ${formatAvailability(v.target)}; downtime ` +
      `${formatMinutes(st.downtimeMinutesPerYear)}/yr (CI upper ` +
      `${formatMinutes((1 - v.lowerBound) * MINUTES_PER_YEAR)}) ` +
      `against a budget of ${formatMinutes((1 - v.target) * MINUTES_PER_YEAR)}/yr; mean ` +
      `${meanVerdictText(v)}; breach risk ${breachRiskText(v)}; ` +
      `estimator ${st.estimator}; ${s.replications} replications, seed ${s.seed}`;
    const body = v.met
      ? `<system-out>${escapeXml(`met: ${numbers}`)}</system-out>`
      : `<failure message="${escapeXml(failureMessage(sli, v))}" type="${failureType(v)}">${escapeXml(numbers)}</failure>`;
    return [
      {
        xml: `    <testcase classname="${cls}" name="${name}" time="0">${body}</testcase>`,
        failed: !v.met,
        skipped: false,
      },
    ];
  });
  if (out.length > 0) return out;
  return [
    {
      xml:
        `    <testcase classname="${cls}" name="no SLO" time="0"><skipped message="the ` +
        `scenario sets no SLO"/></testcase>`,
      failed: false,
      skipped: true,
    },
  ];
}

function failureType(v: SloVerdict): string {
  if (v.status === 'not-met') return 'SloNotMet';
  return v.status === 'insufficient-evidence' ? 'InsufficientEvidence' : 'BreachRiskOverLimit';
}

function failureMessage(sli: string, v: SloVerdict): string {
  if (v.status === 'not-met')
    return (
      `${sli} SLO not met with 95% confidence: CI lower bound ` +
      `${formatAvailability(v.lowerBound)} < target ${formatAvailability(v.target)}`
    );
  if (v.status === 'insufficient-evidence')
    return (
      `${sli} SLO: insufficient evidence: fewer than ` +
      `10 replications with an outage; add replications or a longer horizon`
    );
  return `${sli} SLO: breach risk ${breachRiskText(v)}`;
}

/** The JUnit XML document of a report. */
export function renderJunit(r: Report): string {
  const suites = r.scenarios.map((s) => {
    const cs = cases(s);
    const failures = cs.filter((c) => c.failed).length;
    const skipped = cs.filter((c) => c.skipped).length;
    return {
      xml:
        `  <testsuite name="${escapeXml(s.name)}" tests="${cs.length}" ` +
        `failures="${failures}" errors="0" skipped="${skipped}" ` +
        `time="0">\n${cs.map((c) => c.xml).join('\n')}\n  </testsuite>`,
      tests: cs.length,
      failures,
      skipped,
    };
  });
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const skipped = suites.reduce((n, s) => n + s.skipped, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(r.generator)} SLO check" tests="${tests}" failures="${failures}" ` +
      `errors="0" skipped="${skipped}" time="0">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
