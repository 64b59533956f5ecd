/**
 * The sweep report (`sweep --json`): the grid, each variant's fate, the Pareto frontier,
 * the cheapest variant meeting its SLOs, and the run report of every variant that ran
 * (scenario names are the variant names).
 */
import type { Sli } from '../scenario/types.ts';
import type { Report } from '../report/report-types.ts';

/** One variant of the grid. */
export type SweepVariant =
  | {
      readonly status: 'ran';
      readonly name: string;
      readonly settings: readonly { readonly path: string; readonly value: string }[];
      /** Index into `report.scenarios`. */
      readonly scenario: number;
      readonly paretoOptimal: boolean;
    }
  | {
      readonly status: 'skipped';
      readonly name: string;
      readonly settings: readonly { readonly path: string; readonly value: string }[];
      /** Why the variant is not a valid scenario (the loader's message). */
      readonly message: string;
    };

/** The whole sweep. */
export interface SweepReport {
  readonly schemaVersion: 1;
  readonly kind: 'sweep';
  readonly generator: string;
  readonly base: { readonly name: string; readonly file: string };
  readonly axes: readonly { readonly path: string; readonly values: readonly string[] }[];
  readonly variants: readonly SweepVariant[];
  /** The SLI that ranks variants with equal machine counts (API unless only others have SLOs). */
  readonly rankSli: Sli;
  /** Names on the Pareto frontier of machines against API downtime, cheapest first. */
  readonly paretoFront: readonly string[];
  /** The cheapest variant meeting every SLO with 95% confidence, or null. */
  readonly cheapest: string | null;
  /** One sentence: the answer, or why there is none. */
  readonly answer: string;
  /** docs/scenario-format.md: `sweep --cost` weights and each variant's cost; absent = cost is the machine count. */
  readonly cost?: {
    readonly weights: { readonly host: number; readonly etcd: number; readonly lb: number };
    readonly byVariant: Readonly<Record<string, number>>;
  };
  readonly report: Report;
}
