// Counters → rates, resets, balance and short history. The UI imports from here.
export {
	classifyDelta,
	counterDelta,
	isReset,
	maxCountPerSecond,
	maxDeltaFor,
	perSecond,
	type CounterWidth,
	type Delta,
	type DeltaKind,
	type DeltaOptions,
} from '../sources/counter-delta.js';
export {
	computeRates,
	type CpuRates,
	type DeviceRates,
	type ErrorRate,
	type QueueRates,
	type RateOptions,
	type Totals,
	type VfDeviceRates,
	type VfQueueRates,
} from './rates.js';
export {computeVfRates} from './vf-rates.js';
export {cpuShares, type CpuShares} from './cpu-shares.js';
export {hottestQueue, imbalance, queueImbalance, type QueueLoad} from './imbalance.js';
export {
	createHistory,
	defaultHistoryCapacity,
	historyLength,
	historyQueues,
	imbalanceSeries,
	pushRates,
	markReset,
	samplesBetween,
	type HistorySample,
	queueSeries,
	sampleAt,
	storedQueueSeries,
	timelineOf,
	totalSeries,
	vfShareSeries,
	type RateHistory,
	type RateUnit,
	type StoredSeries,
} from './history.js';
export {timelineCapacity, type Timeline} from './timeline.js';
