/** The lossless JSON reader: 64-bit etcd ids survive, errors say where. */
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, asId, idHex, parseJsonLossless } from '../../src/import/json.ts';

describe('parseJsonLossless', () => {
  it('keeps 64-bit integers exact where JSON.parse rounds them', () => {
    const text = '{"members":[{"ID":10501334649042878790},{"ID":10501334649042878791}]}';
    const lossy = JSON.parse(text) as { members: { ID: number }[] };
    // the bug this guards against: two members, one id
    expect(lossy.members[0]!.ID).toBe(lossy.members[1]!.ID);
    const v = parseJsonLossless(text) as { members: { ID: bigint }[] };
    expect(v.members[0]!.ID).toBe(10501334649042878790n);
    expect(v.members[1]!.ID).toBe(10501334649042878791n);
    expect(idHex(v.members[0]!.ID)).toBe('91bc3c398fb3c146');
  });

  it('agrees with JSON.parse on everything else', () => {
    const text = '{"a":[1,-2.5,3e2,0,true,false,null,"x\\u00e9\\n"],"b":{"c":9007199254740991},"d":-0.0}';
    expect(JSON.stringify(parseJsonLossless(text))).toBe(JSON.stringify(JSON.parse(text)));
    expect(parseJsonLossless('9007199254740992')).toBe(9007199254740992n);
    expect(parseJsonLossless('-9007199254740993')).toBe(-9007199254740993n);
  });

  it('treats __proto__ as a plain key', () => {
    const v = parseJsonLossless('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(null);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(v)).toEqual(['__proto__']);
  });

  it.each([
    ['{"a":1,}', 1, 8],
    ['[1 2]', 1, 4],
    ['{\n  "a": tru\n}', 2, 8],
    ['"abc', 1, 5],
    ['{"a":01}', 1, 7],
    ['NAME STATUS', 1, 1],
    ['', 1, 1],
  ])('rejects %j at line %i col %i', (text, line, col) => {
    try {
      parseJsonLossless(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonSyntaxError);
      expect([(e as JsonSyntaxError).line, (e as JsonSyntaxError).col]).toEqual([line, col]);
    }
  });

  it('reads ids given as numbers, bigints, decimal or hex strings', () => {
    expect(asId(42)).toBe(42n);
    expect(asId(18224960327839713395n)).toBe(18224960327839713395n);
    expect(asId('18224960327839713395')).toBe(18224960327839713395n);
    expect(asId('fcec10dbb2790873')).toBe(18224960327839713395n);
    expect(asId(-1)).toBe(null);
    expect(asId(1.5)).toBe(null);
  });
});
