/**
 * A small JSON parser that keeps integers exact. `etcdctl ... -w json` prints 64-bit
 * member and cluster ids as bare JSON numbers (e.g. 10501334649042878790), which
 * `JSON.parse` rounds to the nearest double: two members can get the same id, and the
 * leader id of `endpoint status` stops matching any member. `JSON.parse`'s reviver only
 * sees the source text from Node 21 on (`context.source`); on Node 20 the only correct
 * way is to read the numbers ourselves. Integers outside the safe range become `bigint`,
 * everything else is what `JSON.parse` would give. Objects have no prototype, so a
 * `__proto__` key is just a key.
 */

/** A parsed JSON value; integers beyond Number.MAX_SAFE_INTEGER are bigints. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
/** A JSON object (null prototype). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Where and why the text is not JSON. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 512;

/** Parses JSON text; throws JsonSyntaxError (with line and column) on bad input. */
export function parseJsonLossless(text: string): JsonValue {
  const p = new Parser(text);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (p.i < text.length) p.fail('unexpected text after the JSON value');
  return v;
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(msg: string): never {
    const before = this.s.slice(0, this.i);
    const line = before.split('\n').length;
    const col = this.i - before.lastIndexOf('\n');
    throw new JsonSyntaxError(msg, line, col);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t' || s[this.i] === '\n' || s[this.i] === '\r'))
      this.i++;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
  }

  private object(depth: number): JsonObject {
    const o = Object.create(null) as JsonObject;
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return o;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a string key');
      const k = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      this.ws();
      o[k] = this.value(depth + 1);
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return o;
      if (c !== ',') {
        this.i--;
        this.fail('expected "," or "}"');
      }
    }
  }

  private array(depth: number): JsonValue[] {
    const a: JsonValue[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return a;
    }
    for (;;) {
      this.ws();
      a.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return a;
      if (c !== ',') {
        this.i--;
        this.fail('expected "," or "]"');
      }
    }
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') break;
      if (c === '\\') this.i++;
      else if (c < ' ') this.fail('control character in a string');
      this.i++;
    }
    this.i++;
    try {
      return JSON.parse(this.s.slice(start, this.i)) as string;
    } catch {
      this.i = start;
      return this.fail('bad escape in a string');
    }
  }

  private number(): number | bigint {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (m === null) this.fail('bad number');
    const src = m[0];
    this.i += src.length;
    if (m[2] === undefined && m[3] === undefined) {
      const n = Number(src);
      return Number.isSafeInteger(n) ? n : BigInt(src);
    }
    return Number(src);
  }
}

/** An etcd id (number, bigint, or decimal/hex string) as a bigint, or null. */
export function asId(v: JsonValue | undefined): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^[0-9]+$/.test(v)) return BigInt(v);
  if (typeof v === 'string' && /^[0-9a-fA-F]{1,16}$/.test(v)) return BigInt(`0x${v}`);
  return null;
}

/** An id the way etcdctl prints it in table form (`%x`). */
export function idHex(id: bigint): string {
  return id.toString(16);
}
