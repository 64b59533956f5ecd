/** The robustness study under uncertain inputs (docs/uncertainty.md): the part's public surface. */
export {
  robustStudy,
  simulateSets,
  simulateShard,
  mergeShards,
  mcDesign,
  studyInputs,
  type StudyOptions,
  type StudyShard,
} from './study.ts';
export { StudyError, type StudySubject, type McSet } from './model.ts';
export { applyObserved, parseObserved, gammaOfRate, type ObservedCount, type ObservedUpdate } from './observed.ts';
export { latinHypercube, pickFreeze, type PickFreeze } from './design.ts';
export { sobolIndices, quantileCi, shareOf, type SobolIndex, type QuantileCi, type Share } from './stats.ts';
export type * from './types.ts';
