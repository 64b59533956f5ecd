/** The scenario language: public surface (YAML text -> validated, resolved Scenario). */
export {
  loadScenarioText,
  parseKeyPath,
  MAX_PROBLEMS,
  EXTENSION_PREFIX,
  type LoadOptions,
  type LoadedScenario,
  type Override,
} from './load.ts';
export {
  formatProblem,
  formatPath,
  closest,
  levenshtein,
  type Problem,
  type Result,
  type Severity,
  type KeyPath,
  type PathProblem,
} from './problems.ts';
export {
  scenarioJsonSchema,
  scenarioFileSchema,
  MAX_HORIZON_MS,
  MAX_REPLICATIONS,
  type ScenarioFile,
} from './schema.ts';
export { parseDurationMs, MAX_DURATION_MS } from './duration.ts';
export { DEFAULT_TIMING, IDEAL_TIMING, DEFAULT_SIMULATION, componentCount } from './resolve.ts';
export { zoneNames } from './resolve-topology.ts';
export { TARGET_KINDS, SELECTORS } from './resolve-faults.ts';
export { MAX_FILE_BYTES, MAX_ALIAS_COUNT } from './yaml-source.ts';
export * from './types.ts';
