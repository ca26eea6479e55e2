// The live world behind the Source interface: a real (or captured, or
// synthetic) machine read through sysfs, procfs and ethtool child processes.
// Nothing here throws at the caller: every failure is a Result, per panel
// where it can be (rings not supported on veth leaves the rest working).
//
// Cost per snapshot in steady state: one `ethtool -S` child plus ~20 small
// file reads; the slower-changing reads follow the rule in slow-reads.ts.
// At most one snapshot per device runs at a time: asking again while one is
// in flight (ethtool hanging until its timeout) returns that one's result
// rather than piling up children.
import {
	argv,
	isValidDeviceName,
	parseChannels,
	parseDriverInfo,
	parseFeatures,
	parseRings,
	parseRss,
	parseStats,
} from '../../ethtool/index.js';
import {fail, ok, type ChannelRequest, type Channels, type OpError, type Result, type RingRequest, type Rings, type Stat} from '../../types.js';
import {splitCounters} from '../counters.js';
import type {DeviceSnapshot, QueueCounters, SoftirqCounters, Source} from '../source.js';
import {findNetvscDevices} from './detect.js';
import {ethtoolRead, ethtoolSet} from './ethtool-call.js';
import {readOnlineCpus, readSoftirqCounters} from './procfs.js';
import {queuesFor, queuesRestarted} from './queues.js';
import {defaultTimeoutMs, type RunOptions} from './run-ethtool.js';
import {isStale, slowKeys, type SlowKey, type SlowState, type SlowValues} from './slow-reads.js';
import {deviceExists, findVfPartner, linkOf, listNetDevices, netvscDriver, readDevice, readTotals, type DeviceTotals, type SysfsDevice} from './sysfs.js';
import {normalizeMachine} from '../../tuning/scope.js';
import {readChannelCpus} from './vmbus.js';

export type LiveSourceOptions = {
	/** Root of the sysfs tree; default '/sys'. */
	readonly sysfsRoot?: string;
	/** Root of the procfs tree; default '/proc'. */
	readonly procfsRoot?: string;
	/** ethtool binary; default /usr/sbin/ethtool, /sbin/ethtool, then PATH. */
	readonly ethtool?: string;
	/** Watch exactly these devices, any driver (`--device`); default: every hv_netvsc device. */
	readonly devices?: readonly string[];
	/** Timeout of each read (`-S -l -g -k -x -i`), ms; default 3000. */
	readonly timeoutMs?: number;
	/** Timeout of `-L`/`-G`, ms; default 30000 (netvsc sub-channel setup takes seconds). */
	readonly setTimeoutMs?: number;
	/** Re-read `-l -g -k -x` at least this often, ms; default 60000. */
	readonly refreshMs?: number;
	/** Retry a failed read after this long, ms; default 5000. */
	readonly retryMs?: number;
};

type DeviceState = {
	slow: SlowState;
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

type MachineWide = {vcpus: number; softirqs: SoftirqCounters[]};

const sysfsErrorNames = ['rx_dropped', 'tx_dropped', 'rx_errors', 'tx_errors'] as const;
const maxCount = 0xFF_FF_FF_FF;

const invalid = (message: string): OpError => ({code: 'EINVAL', errno: 22, message});

function positiveMs(value: number | undefined, fallback: number, name: string): number | OpError {
	if (value === undefined) {
		return fallback;
	}

	return Number.isFinite(value) && value > 0 && value <= 3_600_000 ? value : invalid(`${name} must be a number of milliseconds in (0, 3600000], got ${String(value)}`);
}

/** Counts of a set request: known keys only, integers 0 … 2^32-1, at least one. */
function checkRequest(request: object, keys: readonly string[], what: string): OpError | undefined {
	const entries = Object.entries(request as Record<string, unknown>).filter(([, value]) => value !== undefined);
	if (entries.length === 0) {
		return invalid(`empty ${what} request: nothing to change`);
	}

	for (const [key, value] of entries) {
		if (!keys.includes(key)) {
			return invalid(`unknown ${what} field ${JSON.stringify(key)}`);
		}

		if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > maxCount) {
			return invalid(`${what} ${key} must be an integer from 0 to ${maxCount}, got ${String(value)}`);
		}
	}

	return undefined;
}

const channelsUnchanged = (current: Channels, request: ChannelRequest): boolean =>
	(['rx', 'tx', 'other', 'combined'] as const).every(key => request[key] === undefined || request[key] === current[key]);

const ringsUnchanged = (current: Rings, request: RingRequest): boolean =>
	request.rxMini === undefined && request.rxJumbo === undefined && request.rxBufLen === undefined
	&& (request.rx === undefined || request.rx === current.rx)
	&& (request.tx === undefined || request.tx === current.tx);

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function sysfsErrors(totals: DeviceTotals | undefined): Stat[] {
	if (totals === undefined) {
		return [];
	}

	const values = {rx_dropped: totals.rxDropped, tx_dropped: totals.txDropped, rx_errors: totals.rxErrors, tx_errors: totals.txErrors};
	return sysfsErrorNames.map(name => [name, values[name]] as const);
}

export async function createLiveSource(options: LiveSourceOptions = {}): Promise<Result<Source>> {
	const sysfsRoot = options.sysfsRoot ?? '/sys';
	const procfsRoot = options.procfsRoot ?? '/proc';
	const timeoutMs = positiveMs(options.timeoutMs, defaultTimeoutMs, 'timeoutMs');
	const setTimeoutMs = positiveMs(options.setTimeoutMs, 30_000, 'setTimeoutMs');
	const refreshMs = positiveMs(options.refreshMs, 60_000, 'refreshMs');
	const retryMs = positiveMs(options.retryMs, 5000, 'retryMs');
	for (const value of [timeoutMs, setTimeoutMs, refreshMs, retryMs]) {
		if (typeof value !== 'number') {
			return fail(value);
		}
	}

	const rules = {refreshMs: refreshMs as number, retryMs: retryMs as number};
	const readOptions: RunOptions = {...(options.ethtool === undefined ? {} : {ethtool: options.ethtool}), timeoutMs: timeoutMs as number};
	const setOptions: RunOptions = {...readOptions, timeoutMs: setTimeoutMs as number};

	const present = await listNetDevices(sysfsRoot);
	if (!present.ok) {
		return present;
	}

	const requested = options.devices === undefined ? undefined : [...new Set(options.devices)];
	for (const name of requested ?? []) {
		if (!isValidDeviceName(name)) {
			return fail(invalid(`invalid device name ${JSON.stringify(name)}`));
		}

		if (!present.value.includes(name)) {
			return fail({code: 'ENODEV', errno: 19, message: `no such device: ${name} (not in ${sysfsRoot}/class/net)`});
		}
	}

	let known: readonly string[] = requested ?? await findNetvscDevices({sysfsRoot});
	const states = new Map<string, DeviceState>();
	// A device that vanished and comes back is a new device: its epoch moves on.
	const retired = new Map<string, number>();
	const forget = (name: string): void => {
		const state = states.get(name);
		if (state !== undefined) {
			retired.set(name, state.epoch + 1);
			states.delete(name);
		}
	};

	const newState = (name: string): DeviceState => {
		const state: DeviceState = {slow: {}, epoch: retired.get(name) ?? 0};
		states.set(name, state);
		return state;
	};
	let machine: {now: number; value: Promise<MachineWide>} | undefined;
	let closed = false;

	const read = async <T>(args: readonly string[], parse: (stdout: string) => Result<T>): Promise<Result<T>> => ethtoolRead(args, parse, readOptions);

	// CPU-wide reads are shared by every device polled with the same `now`.
	const machineWide = async (now: number): Promise<MachineWide> => {
		if (machine?.now !== now) {
			machine = {
				now,
				value: (async () => {
					const online = await readOnlineCpus({sysfsRoot, procfsRoot});
					return {vcpus: online.length, softirqs: await readSoftirqCounters(procfsRoot, online)};
				})(),
			};
		}

		return machine.value;
	};

	const readSlow = async (key: SlowKey, device: string, driver: string | undefined): Promise<Result<SlowValues[SlowKey]>> => {
		switch (key) {
			case 'info': {
				return read(argv.driverInfo(device), parseDriverInfo);
			}

			case 'channels': {
				return read(argv.channels(device), parseChannels);
			}

			case 'rings': {
				return read(argv.rings(device), stdout => parseRings(stdout, driver === undefined ? {} : {driver}));
			}

			case 'features': {
				return read(argv.features(device), parseFeatures);
			}

			case 'rss': {
				return read(argv.rss(device), parseRss);
			}
		}
	};

	const refreshSlow = async (device: string, state: DeviceState, now: number, driver: string | undefined): Promise<void> => {
		const stale = slowKeys.filter(key => isStale(key, state.slow[key], now, rules));
		const results = await Promise.all(stale.map(async key => readSlow(key, device, driver)));
		for (const [index, key] of stale.entries()) {
			(state.slow as Record<SlowKey, unknown>)[key] = {result: results[index], at: now};
		}
	};

	const slowResult = <K extends SlowKey>(state: DeviceState, key: K): Result<SlowValues[K]> =>
		state.slow[key]?.result ?? fail({code: 'EAGAIN', errno: 11, message: 'not read yet'});

	/** Notice changes made behind our back; returns the device's state. */
	const track = (device: SysfsDevice): DeviceState => {
		const state = states.get(device.name) ?? newState(device.name);

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
	};

	const poll = async (name: string, now: number): Promise<Result<DeviceSnapshot>> => {
		const sysfs = await readDevice(sysfsRoot, name);
		if (!sysfs.ok) {
			forget(name);
			return sysfs;
		}

		const device = sysfs.value;
		const state = track(device);
		const isNetvsc = device.driver === netvscDriver;
		const [stats, totals, vf, channelCpu, wide] = await Promise.all([
			read(argv.stats(name), parseStats),
			readTotals(sysfsRoot, name),
			isNetvsc ? findVfPartner(sysfsRoot, device) : Promise.resolve(undefined),
			isNetvsc ? readChannelCpus(sysfsRoot, name, device.busDevice) : Promise.resolve([]),
			machineWide(now),
			refreshSlow(name, state, now, device.driver),
		]);

		if (!stats.ok && stats.error.code === 'ENODEV' && !(await deviceExists(sysfsRoot, name))) {
			forget(name);
			return fail({code: 'ENODEV', errno: 19, message: `${name} vanished while it was being read (hot-removed?)`});
		}

		const split = stats.ok ? splitCounters(stats.value) : undefined;
		const queues = queuesFor(split?.queues, totals.ok ? totals.value : undefined, isNetvsc);
		const perQueue = (split?.queues.length ?? 0) > 0 || queues.length === 0;

		// A new set of per-queue names means the channels changed (here or
		// elsewhere): re-read the slow panels. hv_netvsc re-creates every queue
		// on such a change, so its counters restarted; other drivers may keep them.
		const queueKey = split?.queues.map(queue => queue.index).join(',');
		const reshaped = queueKey !== undefined && state.queueKey !== undefined && queueKey !== state.queueKey;
		if (reshaped && state.slow.channels?.at !== now) {
			state.slow = {};
			await refreshSlow(name, state, now, device.driver);
		}

		if (queueKey !== undefined) {
			state.queueKey = queueKey;
		}

		if ((reshaped && isNetvsc) || queuesRestarted(state.lastQueues, queues)) {
			state.epoch++;
		}

		if (queues.length > 0) {
			state.lastQueues = queues;
		}

		return ok({
			name,
			at: now,
			info: slowResult(state, 'info'),
			link: linkOf(device),
			...(vf === undefined ? {} : {vf}),
			vcpus: wide.vcpus,
			channels: slowResult(state, 'channels'),
			rings: slowResult(state, 'rings'),
			features: slowResult(state, 'features'),
			rss: slowResult(state, 'rss'),
			stats,
			queues,
			perQueue,
			cpus: split?.cpus ?? [],
			// netvsc: its global error counters; other drivers: sysfs drops/errors.
			errors: isNetvsc ? (split?.errors ?? []) : sysfsErrors(totals.ok ? totals.value : undefined),
			...(split?.vfTraffic === undefined ? {} : {vfTraffic: split.vfTraffic}),
			channelCpu,
			softirqs: wide.softirqs,
			epoch: state.epoch,
		});
	};

	/** A device this source may act on: valid name, present, watched. */
	const checkTarget = async (name: string): Promise<Result<SysfsDevice>> => {
		if (closed) {
			return fail({code: 'EBADF', errno: 9, message: 'the live source is closed'});
		}

		if (!isValidDeviceName(name)) {
			return fail(invalid(`invalid device name ${JSON.stringify(name)}`));
		}

		const sysfs = await readDevice(sysfsRoot, name);
		if (!sysfs.ok) {
			return sysfs;
		}

		const watched = requested === undefined ? sysfs.value.driver === netvscDriver : requested.includes(name);
		return watched ? sysfs : fail({code: 'ENODEV', errno: 19, message: `${name} is not a device hvtop watches (use --device ${name})`});
	};

	/**
	 * After a set: forget cached reads, keep the read-back. When something
	 * changed on hv_netvsc the queues were re-created (detach/attach), so bump
	 * the epoch now — the first counters after the change may already exceed
	 * the old ones and would pass for an increase. Other drivers keep or reset
	 * counters as they like; a decrease at the next snapshot tells.
	 */
	const afterSet = <K extends 'channels' | 'rings'>(device: SysfsDevice, key: K, before: SlowValues[K], after: Result<SlowValues[K]>, now: number): void => {
		const state = states.get(device.name);
		if (state === undefined) {
			return;
		}

		state.slow = {};
		(state.slow as Record<SlowKey, unknown>)[key] = {result: after, at: now};
		if (device.driver === netvscDriver && (!after.ok || !sameJson(before, after.value))) {
			state.epoch++;
			state.lastQueues = undefined;
			state.queueKey = undefined;
		}
	};

	const source: Source = {
		kind: 'live',
		origin: normalizeMachine({sysfsRoot, procfsRoot, ...(options.ethtool === undefined ? {} : {ethtool: options.ethtool})}),
		get label() {
			if (requested !== undefined) {
				return `LIVE — ${requested.join(', ')} (--live)`;
			}

			return known.length === 0
				? 'LIVE — no hv_netvsc device found'
				: `LIVE — ${known.length} hv_netvsc device${known.length === 1 ? '' : 's'}`;
		},

		async devices() {
			if (closed) {
				return [];
			}

			if (requested === undefined) {
				known = await findNetvscDevices({sysfsRoot});
			} else {
				const exists = await Promise.all(requested.map(async name => deviceExists(sysfsRoot, name)));
				known = requested.filter((_, index) => exists[index]);
			}

			for (const name of [...states.keys()]) {
				if (!known.includes(name)) {
					forget(name);
				}
			}

			return known;
		},

		async snapshot(device, now) {
			if (closed) {
				return fail({code: 'EBADF', errno: 9, message: 'the live source is closed'});
			}

			if (!isValidDeviceName(device)) {
				return fail(invalid(`invalid device name ${JSON.stringify(device)}`));
			}

			const running = states.get(device)?.inFlight;
			if (running !== undefined) {
				return running;
			}

			const state = states.get(device) ?? newState(device);

			const pending = poll(device, now).catch((error: unknown) => fail<DeviceSnapshot>({code: 'EIO', errno: 5, message: `reading ${device} failed: ${String(error)}`}));
			state.inFlight = pending;

			try {
				return await pending;
			} finally {
				const after = states.get(device);
				if (after?.inFlight === pending) {
					after.inFlight = undefined;
				}
			}
		},

		async setChannels(device, request, now) {
			const bad = checkRequest(request, ['rx', 'tx', 'other', 'combined'], 'channel');
			if (bad !== undefined) {
				return fail(bad);
			}

			const target = await checkTarget(device);
			if (!target.ok) {
				return target;
			}

			// Read before write: a no-op -L is EPERM as non-root on netlink, chatty on ioctl.
			const before = await read(argv.channels(device), parseChannels);
			if (!before.ok || channelsUnchanged(before.value, request)) {
				return before;
			}

			const set = await ethtoolSet(argv.setChannels(device, request), setOptions);
			const after = await read(argv.channels(device), parseChannels);
			afterSet(target.value, 'channels', before.value, after, now);
			return set.ok ? after : set;
		},

		async setRings(device, request, now) {
			const bad = checkRequest(request, ['rx', 'tx', 'rxMini', 'rxJumbo', 'rxBufLen'], 'ring');
			if (bad !== undefined) {
				return fail(bad);
			}

			const target = await checkTarget(device);
			if (!target.ok) {
				return target;
			}

			const driverName = target.value.driver;
			const parse = (stdout: string): Result<Rings> => parseRings(stdout, driverName === undefined ? {} : {driver: driverName});
			const before = await read(argv.rings(device), parse);
			if (!before.ok || ringsUnchanged(before.value, request)) {
				return before;
			}

			const set = await ethtoolSet(argv.setRings(device, request), setOptions);
			const after = await read(argv.rings(device), parse);
			afterSet(target.value, 'rings', before.value, after, now);
			return set.ok ? after : set;
		},

		async close() {
			closed = true;
			states.clear();
		},
	};

	return ok(source);
}
