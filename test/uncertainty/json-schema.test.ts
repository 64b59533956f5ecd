/**
 * Editors read scenarios/scenario.schema.json: every duration and percentage there also takes
 * the uncertain-quantity forms the loader accepts (docs/uncertainty.md), so a range is not
 * flagged as an error in an editor while `validate` and `run` accept it.
 */
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario/schema.ts';

const DURATION = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w|y))+$';

describe('JSON Schema and uncertain quantities', () => {
  const schema = scenarioJsonSchema() as { $defs: { uncertain: { oneOf: { required: string[] }[] } } };

  it('defines the four forms once', () => {
    expect(schema.$defs.uncertain.oneOf.map((f) => f.required.join('+'))).toEqual([
      'range',
      'loguniform',
      'lognormal',
      'events+over',
    ]);
  });

  it('offers the forms beside every duration (no duration leaf without them)', () => {
    let widened = 0;
    let bare = 0;
    const walk = (o: unknown, inAnyOfWithRef: boolean): void => {
      if (o === null || typeof o !== 'object') return;
      const node = o as Record<string, unknown>;
      if (node.pattern === DURATION) inAnyOfWithRef ? widened++ : bare++;
      const anyOf = node.anyOf as unknown[] | undefined;
      const hasRef = anyOf?.some((b) => (b as { $ref?: string }).$ref === '#/$defs/uncertain') ?? false;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'anyOf' && Array.isArray(v)) for (const b of v) walk(b, hasRef);
        else walk(v, false);
      }
    };
    walk(schema, false);
    expect(widened).toBeGreaterThan(100);
    expect(bare).toBe(0);
  });
});
