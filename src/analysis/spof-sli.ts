/**
 * One SLI's single points of failure, cut sets and importances: its own file, so
 * recommend.ts and spof.ts need not import each other.
 */
/** What `spof` reports for one SLI. */
export interface SpofSli {
  /** Minimal cut sets of order 1, flattened, in canonical component order. */
  readonly spof: string[];
  /** Every minimal cut set of order 1 to 3 (order 1 included), by order then canonical order. */
  readonly cutSets: string[][];
  /**
   * Birnbaum importance I_B(c) = P(SLI up | c up) - P(SLI up | c down) of every component,
   * keyed by component id in canonical order.
   */
  readonly importance: Record<string, number>;
}
