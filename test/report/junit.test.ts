import { describe, expect, it } from 'vitest';
import { escapeXml, renderJunit } from '../../src/report/junit.ts';
import { EVIL, syntheticReport } from './fixtures.ts';

describe('renderJunit', () => {
  const xml = renderJunit(syntheticReport());

  it('has one test case per SLO per scenario, and a skipped case for a scenario without SLO', () => {
    expect(xml.match(/<testcase /g)?.length).toBe(3);
    expect(xml).toMatch(/<testsuites [^>]*tests="3" failures="1" errors="0" skipped="1"/);
    expect(xml.match(/<skipped /g)?.length).toBe(1);
  });

  it('fails the unmet SLO with the numbers in the message', () => {
    const failure = /<testcase classname="single-node" name="api SLO 99.9900%"[^>]*><failure message="([^"]*)"/.exec(
      xml,
    );
    expect(failure).not.toBeNull();
    expect(failure![1]).toContain('CI lower bound');
    expect(failure![1]).toContain('&lt; target 99.9900%');
    expect(xml).toMatch(/<testcase classname="stacked-3" name="api SLO 99.9900%" time="0"><system-out>met: /);
  });

  it('escapes scenario names', () => {
    expect(xml).not.toContain('<img');
    expect(xml).toContain(escapeXml(EVIL));
    expect(escapeXml('a"b\'c<d>&\u0001')).toBe('a&quot;b&apos;c&lt;d&gt;&amp;\ufffd');
  });
});
