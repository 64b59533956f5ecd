/** The discrete-event kernel: public surface. */
export { Simulation, DEFAULT_PRIORITY, type Handler, type Timer } from './simulation.ts';
export { EventQueue, MAX_PRIORITY } from './queue.ts';
export { createStream, streamState, StreamFactory, type AleaState, type RandomStream } from './rng.ts';
export {
  sample,
  compileSampler,
  mean,
  variance,
  cdf,
  quantile,
  normalCdf,
  normalQuantile,
  logGamma,
  type Distribution,
  type DistributionKind,
  type Sampler,
} from './distributions.ts';
export { ArrayTrace, type TraceEntry, type TraceSink } from './trace.ts';
export { MS_PER, MINUTES_PER_YEAR, type SimTimeMs } from './time.ts';
