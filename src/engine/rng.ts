/**
 * Seeded random streams. A stream is named by (seed, replication, component name) and
 * derived from that triple alone, so creating streams in another order, or adding a
 * component, never shifts another stream's draws (common random numbers across
 * scenarios and replications). Built on seedrandom's Alea generator, which is fast and
 * passes BigCrush; draws use 53 bits.
 */
import seedrandom from 'seedrandom';

/** A source of uniform doubles in [0, 1). */
export interface RandomStream {
  /** Next uniform draw in [0, 1), 53-bit resolution. */
  next(): number;
}

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Two independent 32-bit hashes of a stream name (cyrb53's two lanes), cached. */
function nameHash(name: string): readonly [number, number] {
  let h = NAME_HASHES.get(name);
  if (h === undefined) {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < name.length; i++) {
      const ch = name.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    h = [h1 >>> 0, h2 >>> 0];
    if (NAME_HASHES.size < 100_000) NAME_HASHES.set(name, h);
  }
  return h;
}
const NAME_HASHES = new Map<string, readonly [number, number]>();

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** Alea's generator state: three 32-bit fractions in [0, 1) and a carry. */
export interface AleaState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/**
 * The initial Alea state of stream (seed, replication, name): the name's two 32-bit
 * hashes, the seed and the replication mixed through murmur3's finaliser into three
 * 32-bit fractions — the same form as Alea's own string seeding (Mash) produces, at a
 * tenth of its cost. A model creates a few dozen streams per replication, so this matters.
 */
export function streamState(seed: number, replication: number, name: string): AleaState {
  const [n1, n2] = nameHash(name);
  const sr = fmix32(
    fmix32((seed >>> 0) ^ 0x9e3779b9) ^ Math.imul(replication >>> 0, 0x85ebca6b) ^ ((seed / 4294967296) >>> 0),
  );
  const r = fmix32(sr ^ ((replication / 4294967296) >>> 0));
  const a = fmix32(r ^ n1);
  const b = fmix32(a ^ n2 ^ 0x27d4eb2f);
  const c = fmix32(b ^ r ^ 0x165667b1);
  return { c: 1, s0: a * TWO_POW_MINUS_32, s1: b * TWO_POW_MINUS_32, s2: c * TWO_POW_MINUS_32 };
}

/** A new stream for (seed, replication, name): seedrandom's Alea from `streamState`. */
export function createStream(seed: number, replication: number, name: string): RandomStream {
  const prng = seedrandom.alea('', { state: streamState(seed, replication, name) });
  const double = prng.double;
  return { next: double };
}

/**
 * Streams of one replication, created on first use and cached by name. Forking never
 * consumes draws from an existing stream.
 */
export class StreamFactory {
  readonly seed: number;
  readonly replication: number;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: number, replication: number) {
    this.seed = seed;
    this.replication = replication;
  }

  /** The stream called `name` in this replication. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = createStream(this.seed, this.replication, name);
      this.streams.set(name, s);
    }
    return s;
  }
}
