// The model's /proc/stat: per online CPU, time in USER_HZ ticks, derived only
// from the load the datapath computed (datapath.ts: each packet and byte has a
// documented CPU cost, so a CPU's softirq share is its packets' cost per
// second) and the machine's background work. Rules, per simulated step:
//
// - softirq = the network work's share of the step, capped at 100 % (softirqs
//   run before anything else; past 100 % the datapath drops the excess);
// - the background (MachineSpec.backgroundLoad) takes what is left, up to its
//   share, split user 3 : system 1 (an application's own work and its system
//   calls);
// - the rest is idle. No iowait, hard-irq or steal time is modelled.
//
// Pure: ticks accumulate as fractions and are read as whole ticks.
import type {CpuTimes} from '../types.js';

/** USER_HZ: /proc/stat counts in 1/100 s on every Linux architecture hvtop runs on. */
export const userHz = 100;
/** Of the background work, the part spent in the kernel (system calls). */
export const backgroundSystemPart = 0.25;

const slots = 4;
const slot = {softirq: 0, system: 1, user: 2, idle: 3} as const;

export type CpuLoad = {
	readonly cpu: number;
	/** Network softirq work over the last step relative to the CPU (> 1: more than it can do). */
	readonly softirq: number;
	/** softirq + background, capped at 1. */
	readonly busy: number;
};

export type CpuTimeModel = {
	/** Adds one step of `seconds` in which CPU c had network work load[c] (1 = all of it). */
	step(load: Float64Array, seconds: number): void;
	/** Each online CPU's time so far. */
	times(): readonly CpuTimes[];
};

export function createCpuTimeModel(online: readonly number[], background: number): CpuTimeModel {
	const ticks = new Float64Array(online.length * slots);
	const backgroundShare = Number.isFinite(background) ? Math.min(1, Math.max(0, background)) : 0;
	let cached: readonly CpuTimes[] | undefined;
	return {
		step(load, seconds) {
			const span = seconds * userHz;
			for (const [i, cpu] of online.entries()) {
				const network = Math.min(1, Math.max(0, load[cpu] ?? 0));
				const rest = Math.min(backgroundShare, 1 - network);
				ticks[(i * slots) + slot.softirq]! += network * span;
				ticks[(i * slots) + slot.system]! += rest * backgroundSystemPart * span;
				ticks[(i * slots) + slot.user]! += rest * (1 - backgroundSystemPart) * span;
				ticks[(i * slots) + slot.idle]! += (1 - network - rest) * span;
			}

			cached = undefined;
		},
		times() {
			const whole = (i: number, kind: keyof typeof slot): bigint => BigInt(Math.floor(ticks[(i * slots) + slot[kind]]!));
			cached ??= Object.freeze(online.map((cpu, i) => Object.freeze({
				cpu, user: whole(i, 'user'), nice: 0n, system: whole(i, 'system'), idle: whole(i, 'idle'), iowait: 0n, irq: 0n, softirq: whole(i, 'softirq'), steal: 0n,
			})));
			return cached;
		},
	};
}
