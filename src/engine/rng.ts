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

/**
 * A 52-bit hash of a stream name in base 36 (cyrb53), cached: Alea's seeding hashes its
 * seed string three times, so a short key makes stream creation ~3x cheaper, and a model
 * creates a few dozen streams per replication.
 */
function nameTag(name: string): string {
  let tag = NAME_TAGS.get(name);
  if (tag === undefined) {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < name.length; i++) {
      const ch = name.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    tag = (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
    if (NAME_TAGS.size < 100_000) NAME_TAGS.set(name, tag);
  }
  return tag;
}
const NAME_TAGS = new Map<string, string>();

/** The seed string of a stream; exported so tests can pin the derivation. */
export function streamKey(seed: number, replication: number, name: string): string {
  return `${seed}:${replication}:${nameTag(name)}`;
}

/** A new stream for (seed, replication, name). */
export function createStream(seed: number, replication: number, name: string): RandomStream {
  const prng = seedrandom.alea(streamKey(seed, replication, name));
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
