// What the live source remembers about each device between snapshots, and
// every rule that makes it forget: the cache of slow reads (`-i -l -g -k -x`,
// rules in slow-reads.ts), the epoch that tells stats a counter restarted,
// ifindex / queue-count / carrier / `-S` name changes made behind our back,
// the one snapshot in flight per device, and what a set through this source
// invalidates. "Why did the epoch bump?" and "why was `-l` re-read?" are both
// answered here and nowhere else.
import {driverFacts} from '../../drivers/index.js';
import {failWith} from '../../errors.js';
import type {Result} from '../../types.js';
import type {DeviceSnapshot, QueueCounters} from '../source.js';
import {queuesRestarted} from './queues.js';
import {isStale, slowKeys, type SlowKey, type SlowRules, type SlowState, type SlowValues} from './slow-reads.js';
import type {SysfsDevice} from './sysfs.js';

export type DeviceState = {
	slow: SlowState;
	/** The slow values this device reads; default slowKeys (a VF reads `-l -g`, and `-c` on mana). */
	keys?: readonly SlowKey[];
	ifindex?: number;
	rxQueues?: number;
	txQueues?: number;
	carrierChanges?: number;
	/** Queue indices seen in the last `-S`, joined. */
	queueKey?: string;
	/** Last non-empty queue list, to notice restarts. */
	lastQueues?: readonly QueueCounters[];
	epoch: number;
	inFlight?: Promise<Result<DeviceSnapshot>>;
};

/** Reads one slow value of a device with the given driver (an ethtool child). */
export type SlowReader = (key: SlowKey, device: string, driver: string | undefined) => Promise<Result<SlowValues[SlowKey]>>;

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export class DeviceTracker {
	readonly #states = new Map<string, DeviceState>();
	// A device that vanished and comes back is a new device: its epoch moves on.
	readonly #retired = new Map<string, number>();
	/** Watched device → the VF read with it, so the VF is kept, tuned and forgotten with it. */
	readonly #vfs = new Map<string, string>();
	readonly #readSlow: SlowReader;
	readonly #rules: SlowRules;

	constructor(readSlow: SlowReader, rules: SlowRules) {
		this.#readSlow = readSlow;
		this.#rules = rules;
	}

	/** The device's state, made (with the next epoch if it was seen before) when there is none. */
	stateOf(name: string): DeviceState {
		let state = this.#states.get(name);
		if (state === undefined) {
			state = {slow: {}, epoch: this.#retired.get(name) ?? 0};
			this.#states.set(name, state);
		}

		return state;
	}

	/** The device vanished: drop what we know (and of its VF), and remember to move its epoch on. */
	forget(name: string): void {
		const state = this.#states.get(name);
		if (state !== undefined) {
			this.#retired.set(name, state.epoch + 1);
			this.#states.delete(name);
		}

		const vf = this.#vfs.get(name);
		if (vf !== undefined) {
			this.#vfs.delete(name);
			this.forget(vf);
		}
	}

	/** Forget every device not in `known`, except the VFs of those that are. */
	keepOnly(known: readonly string[]): void {
		const vfs = new Set(known.map(name => this.#vfs.get(name)).filter(vf => vf !== undefined));
		for (const name of [...this.#states.keys()]) {
			if (!known.includes(name) && !vfs.has(name)) {
				this.forget(name);
			}
		}
	}

	/** The VF `device` pairs with now (undefined: none, or gone in a servicing: its state is forgotten). */
	noteVf(device: string, vf: string | undefined): void {
		const previous = this.#vfs.get(device);
		if (previous !== undefined && previous !== vf) {
			this.#vfs.delete(device);
			this.forget(previous);
		}

		if (vf !== undefined) {
			this.#vfs.set(device, vf);
		}
	}

	clear(): void {
		this.#states.clear();
		this.#vfs.clear();
	}

	/**
	 * At most one snapshot per device at a time: asking again while one is in
	 * flight (ethtool hanging until its timeout) returns that one's result
	 * rather than piling up children. A throw becomes EIO.
	 */
	async once(name: string, read: () => Promise<Result<DeviceSnapshot>>): Promise<Result<DeviceSnapshot>> {
		const running = this.#states.get(name)?.inFlight;
		if (running !== undefined) {
			return running;
		}

		const state = this.stateOf(name);
		const pending = read().catch((error: unknown) => failWith<DeviceSnapshot>('EIO', `reading ${name} failed: ${String(error)}`));
		state.inFlight = pending;
		try {
			return await pending;
		} finally {
			const after = this.#states.get(name);
			if (after?.inFlight === pending) {
				after.inFlight = undefined;
			}
		}
	}

	/** Notice changes made behind our back (sysfs); returns the device's state. */
	track(device: SysfsDevice): DeviceState {
		const state = this.stateOf(device.name);

		if (state.ifindex !== undefined && device.ifindex !== state.ifindex) {
			// Same name, new device (VF re-added, driver rebound): nothing carries over.
			state.slow = {};
			state.epoch++;
		} else if ((state.rxQueues !== undefined && device.rxQueues !== state.rxQueues)
			|| (state.txQueues !== undefined && device.txQueues !== state.txQueues)
			|| (state.carrierChanges !== undefined && device.carrierChanges !== state.carrierChanges)) {
			state.slow = {};
		}

		state.rxQueues = device.rxQueues;
		state.txQueues = device.txQueues;
		if (device.ifindex !== undefined) {
			state.ifindex = device.ifindex;
		}

		if (device.carrierChanges !== undefined) {
			state.carrierChanges = device.carrierChanges;
		}

		return state;
	}

	/** Re-read the slow values that are stale at `now`. */
	async refreshSlow(device: string, state: DeviceState, now: number, driver: string | undefined): Promise<void> {
		const stale = (state.keys ?? slowKeys).filter(key => isStale(key, state.slow[key], now, this.#rules));
		const results = await Promise.all(stale.map(async key => this.#readSlow(key, device, driver)));
		for (const [index, key] of stale.entries()) {
			(state.slow as Record<SlowKey, unknown>)[key] = {result: results[index], at: now};
		}
	}

	/**
	 * After `-S`: a new set of per-queue names means the channels changed (here
	 * or elsewhere), so the slow panels are re-read. hv_netvsc re-creates every
	 * queue on such a change, so its counters restarted (new epoch); other
	 * drivers may keep them, and a fall in any queue's counters tells.
	 */
	async noteQueues(device: SysfsDevice, state: DeviceState, queueKey: string | undefined, queues: readonly QueueCounters[], now: number): Promise<void> {
		const reshaped = queueKey !== undefined && state.queueKey !== undefined && queueKey !== state.queueKey;
		if (reshaped && state.slow.channels?.at !== now) {
			state.slow = {};
			await this.refreshSlow(device.name, state, now, device.driver);
		}

		if (queueKey !== undefined) {
			state.queueKey = queueKey;
		}

		if ((reshaped && driverFacts(device.driver).recreatesQueues) || queuesRestarted(state.lastQueues, queues)) {
			state.epoch++;
		}

		if (queues.length > 0) {
			state.lastQueues = queues;
		}
	}

	/**
	 * After a set: forget cached reads, keep the read-back (under `key`, when
	 * the change has a slow read). When something changed on a driver that
	 * re-creates its queues (hv_netvsc: detach/attach), bump the epoch now —
	 * the first counters after the change may already exceed the old ones and
	 * would pass for an increase. Other drivers keep or reset counters as they
	 * like; a decrease at the next snapshot tells.
	 */
	afterSet(device: SysfsDevice, key: SlowKey | undefined, before: unknown, after: Result<unknown>, now: number): void {
		const state = this.#states.get(device.name);
		if (state === undefined) {
			return;
		}

		state.slow = {};
		if (key !== undefined) {
			(state.slow as Record<SlowKey, unknown>)[key] = {result: after, at: now};
		}

		// A flow hash change (-N) only picks transmit queues: the queues and their counters stay.
		if (key !== 'flowHash' && driverFacts(device.driver).recreatesQueues && (!after.ok || !sameJson(before, after.value))) {
			state.epoch++;
			state.lastQueues = undefined;
			state.queueKey = undefined;
		}
	}

	/** A slow value as last read; EAGAIN before the first read. */
	static slowResult<K extends SlowKey>(state: DeviceState, key: K): Result<SlowValues[K]> {
		return state.slow[key]?.result ?? failWith('EAGAIN', 'not read yet');
	}
}
