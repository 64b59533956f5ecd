/**
 * The study part: the pipelines the commands run, as library functions (no I/O, no
 * clock, no process): simulate and report, sweeps, explain runs, shards and their merge,
 * and `npm start`'s comparison of the bundled topologies.
 */
export { InputError } from './errors.ts';
export {
  analysisExtras,
  reportOf,
  simulate,
  BYTES_PER_REPLICATION,
  MEMORY_BUDGET_BYTES,
  type RunStudyHooks,
  type RunStudyOptions,
} from './simulate.ts';
export {
  checkSweepAxes,
  costWeights,
  planVariants,
  sweepReportOf,
  MAX_VARIANTS,
  type PlannedSweep,
  type SweepPlan,
  type VariantLoader,
} from './sweep.ts';
export {
  CappedTrace,
  explainScenario,
  explainTimeline,
  worstWindow,
  MAX_EXPLAIN_EVENTS,
  MAX_HTML_HOSTS,
  type ExplainOptions,
} from './explain.ts';
export {
  decodePartial,
  identityOf,
  mergePartials,
  partialFileName,
  partialProblems,
  runShardPartial,
  shardSettings,
  PARTIAL_FORMAT,
  PARTIAL_FORMAT_VERSION,
  type PartialExtra,
  type PartialResult,
  type ShardCommand,
  type ShardIdentity,
  type ShardSettings,
} from './shard.ts';
export {
  compareStackedVsExternal,
  compareTopologies,
  BUNDLED_COMPARISON,
  COMPARISON_REPLICATIONS,
  OPERATIONAL_COMPARISON,
  STACKED_VS_EXTERNAL,
  type ComparisonLoader,
  type TopologyComparison,
} from './compare-topologies.ts';
