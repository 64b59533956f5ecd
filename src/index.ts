/**
 * k8s-ha-sim as a library: load a scenario, run one narrated replication or a Monte
 * Carlo study, analyse it exactly, render reports. The CLI (src/cli) is a thin layer over
 * these exports.
 */
export { loadScenarioText, type LoadOptions, type LoadedScenario, type Override } from './scenario/load.ts';
export { formatProblem, type Problem, type Result } from './scenario/problems.ts';
export { scenarioJsonSchema } from './scenario/schema.ts';
export {
  SLIS,
  type Scenario,
  type Sli,
  type ResolvedFault,
  type ResolvedHost,
  type ResolvedTopology,
  type ResolvedTiming,
} from './scenario/types.ts';
export { runReplication, createCluster, checkInvariants, InvariantError, type RunOptions } from './model/index.ts';
export type { ReplicationResult, SliTimeline } from './model/result.ts';
export {
  runMonteCarlo,
  type MonteCarloOptions,
  type MonteCarloResult,
  type Progress,
  type ScenarioRun,
} from './montecarlo/run.ts';
export type { Comparison, ScenarioStats, SliStats } from './montecarlo/aggregate.ts';
export {
  analyzeScenario,
  spofReport,
  structureFunctions,
  findCutSets,
  type ExactAnalysis,
  type SpofReport,
} from './analysis/index.ts';
export { buildReport, reportJson, allSlosMet, scenarioHash, type AnalysisExtras } from './report/json.ts';
export type { Report, ScenarioReport, SloVerdict, TopologySummary } from './report/report-types.ts';
export { renderMarkdown } from './report/markdown.ts';
export { renderHtml } from './report/html.ts';
export { renderJunit } from './report/junit.ts';
export { renderTerminal } from './report/terminal.ts';
export { recordTimeline, TimelineRecorder } from './timeline/index.ts';
export { renderTimelineHtml } from './report/timeline-html.ts';
export { ArrayTrace, type TraceEntry, type TraceSink } from './engine/trace.ts';
export { buildSweepReport, type PlannedVariant } from './sweep/build.ts';
export { cartesian, variantName, type Setting, type SweepAxis } from './sweep/grid.ts';
export type { SweepReport, SweepVariant } from './sweep/types.ts';
export { sweepJson, renderSweepMarkdown, renderSweepTerminal } from './report/sweep-text.ts';
export { renderSweepHtml } from './report/sweep-html.ts';
export {
  runMonteCarloShard,
  assembleResult,
  shardRange,
  type Shard,
  type ShardScenarioPart,
} from './montecarlo/run.ts';
export { ScenarioAccumulator } from './montecarlo/aggregate.ts';
export { encodeValue, decodeValue, type Encoded } from './montecarlo/codec.ts';
// docs/uncertainty.md: decisions under uncertain inputs (docs/uncertainty.md).
export { scenarioLoader, type ScenarioLoader } from './scenario/load.ts';
export type { UncertainInput, UncertainLaw } from './scenario/uncertain.ts';
export {
  robustStudy,
  simulateShard,
  mergeShards,
  parseObserved,
  StudyError,
  type StudyOptions,
  type StudySubject,
  type StudyShard,
  type RobustReport,
} from './uncertainty/index.ts';
export { renderRobustTerminal } from './report/robust-text.ts';
export { renderRobustHtml } from './report/robust-html.ts';
// docs/architecture.md: the commands' pipelines as library functions (src/study).
export {
  InputError,
  analysisExtras,
  reportOf,
  simulate,
  planVariants,
  checkSweepAxes,
  costWeights,
  sweepReportOf,
  explainScenario,
  explainTimeline,
  worstWindow,
  runShardPartial,
  decodePartial,
  mergePartials,
  partialProblems,
  compareTopologies,
  compareStackedVsExternal,
  BUNDLED_COMPARISON,
  OPERATIONAL_COMPARISON,
  STACKED_VS_EXTERNAL,
  COMPARISON_REPLICATIONS,
  type ComparisonLoader,
  type TopologyComparison,
  type RunStudyOptions,
  type RunStudyHooks,
  type PlannedSweep,
  type SweepPlan,
  type VariantLoader,
  type ExplainOptions,
  type PartialResult,
  type ShardCommand,
} from './study/index.ts';
