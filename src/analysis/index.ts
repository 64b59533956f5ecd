/** Exact structural analysis (docs/spec.md §8): availability, structure functions, cut sets, SPOFs. */
export {
  analyzeScenario,
  sliUnavailability,
  MAX_DP_COST,
  MAX_SPOF_WORK,
  type AnalysisResult,
  type ComponentAvailability,
  type ExactAnalysis,
} from './exact.ts';
export { capacityReport, formatCapacity, type CapacityCase, type CapacityReport } from './capacity.ts';
export { structureFunctions, type StructureFunctions } from './structure.ts';
export { findCutSets, MAX_CUT_SEARCH_COST, type CutSets } from './cut-sets.ts';
export { spofReport, type SpofOptions, type SpofReport, type SpofSli } from './spof.ts';
export { compileTopology, type ComponentInfo, type ComponentKind } from './topology.ts';
export {
  analyzeJsonEntry,
  formatAnalyzeTable,
  formatSpofReport,
  type AnalyzeJson,
  type AnalyzeJsonEntry,
} from './format.ts';
