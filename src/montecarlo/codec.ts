/**
 * A lossless JSON form for the values a Monte Carlo run passes around (ChunkResult and
 * whatever fields it gains): typed arrays become `{ "$typed": "Float64Array", "base64":
 * "…" }` (the raw little-endian bytes, so every double survives bit for bit, -0 and NaN
 * included), numbers JSON cannot hold become `{ "$number": "NaN" }`, arrays and plain
 * objects are walked. Nothing is listed by field name, so a new ChunkResult field of any
 * of these kinds is carried without changes here.
 */
import { Buffer } from 'node:buffer';

/** The typed-array kinds the codec carries, by constructor name. */
const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  BigInt64Array,
  BigUint64Array,
} as const;

type TypedName = keyof typeof TYPED;

/** True on little-endian hosts (every platform Node ships for today); the format is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A JSON-safe value. */
export type Encoded = null | boolean | number | string | readonly Encoded[] | { readonly [k: string]: Encoded };

/** Encodes `value` (typed arrays, numbers, strings, booleans, null, arrays, plain objects). */
export function encodeValue(value: unknown): Encoded {
  if (!LITTLE_ENDIAN) throw new Error('the partial-result format is little-endian; this host is not');
  return encode(value, '$');
}

function encode(v: unknown, path: string): Encoded {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number')
    return Number.isFinite(v) && !Object.is(v, -0) ? v : { $number: String(Object.is(v, -0) ? '-0' : v) };
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const name = v.constructor.name;
    if (!(name in TYPED)) throw new Error(`${path}: cannot encode a ${name}`);
    return { $typed: name, base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  }
  if (Array.isArray(v)) return v.map((x, i) => encode(x, `${path}[${i}]`));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, Encoded> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encode(x, `${path}.${k}`);
    return out;
  }
  throw new Error(`${path}: cannot encode a ${typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v}`);
}

/** Inverse of `encodeValue`; throws an Error naming the path on anything malformed. */
export function decodeValue(value: unknown): unknown {
  return decode(value, '$');
}

function decode(v: unknown, path: string): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map((x, i) => decode(x, `${path}[${i}]`));
  if (typeof v !== 'object') throw new Error(`${path}: unexpected ${typeof v}`);
  const o = v as Record<string, unknown>;
  if (typeof o.$typed === 'string') return decodeTyped(o.$typed, o.base64, path);
  if (typeof o.$number === 'string') {
    const n = o.$number === '-0' ? -0 : Number(o.$number);
    if (o.$number !== 'NaN' && Number.isNaN(n)) throw new Error(`${path}: bad $number ${JSON.stringify(o.$number)}`);
    return n;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decode(x, `${path}.${k}`);
  return out;
}

function decodeTyped(name: string, base64: unknown, path: string): ArrayBufferView {
  if (!(name in TYPED)) throw new Error(`${path}: unknown typed array ${JSON.stringify(name)}`);
  if (typeof base64 !== 'string') throw new Error(`${path}: base64 missing`);
  const Ctor = TYPED[name as TypedName];
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % Ctor.BYTES_PER_ELEMENT !== 0)
    throw new Error(`${path}: ${bytes.length} bytes ` + `is not a whole number of ${name} elements`);
  // A fresh, aligned buffer (Buffer's pool offset may not be a multiple of 8).
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return new Ctor(copy);
}
