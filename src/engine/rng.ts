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

/** The seed string of a stream; exported so tests can pin the derivation. */
export function streamKey(seed: number, replication: number, name: string): string {
  return `${seed}:${replication}:${name}`;
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
