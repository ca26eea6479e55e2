// hvtop fleet's readings: the fleet now, again every interval and on `r`, and
// the drilled-into NIC's range queries with it. A failed reading keeps the
// last good rows (the screen marks them stale) and says why; nothing here
// throws or stops the loop.
import {useEffect, useMemo, useRef, useState} from 'react';
import type {Scheduler} from '../clock.js';
import {readDetail, type DetailTarget, type FleetDetail} from '../fleet/detail.js';
import type {Fetch} from '../fleet/prometheus-api.js';
import {readFleet, type FleetReading} from '../fleet/read.js';
import type {FleetRow} from '../fleet/rows.js';

export type FleetData = {
	/** The last good reading's rows. */
	readonly rows: readonly FleetRow[];
	/** Wall ms of the last good reading; undefined before one. */
	readonly goodAt?: number;
	/** Wall ms of the last reading, good or not. */
	readonly triedAt?: number;
	/** The last reading could not reach Prometheus: why. */
	readonly unreachable?: string;
	/** Queries of the last reading that failed. */
	readonly problems: readonly string[];
	readonly detail?: FleetDetail;
	/** Why the detail's last reading failed (its tracks are the last good ones). */
	readonly detailProblem?: string;
};

export type FleetDataOptions = {
	readonly url: string;
	readonly intervalMs: number;
	readonly schedule: Scheduler;
	/** Wall-clock ms (range queries are in Prometheus time). */
	readonly wallNow: () => number;
	readonly fetch?: Fetch;
	readonly detail: DetailTarget | undefined;
	/** The first reading, already asked for while Ink loaded (fleet.ts): the first screen waits for one round trip less. */
	readonly first?: Promise<FleetReading>;
};

const sameTarget = (a: DetailTarget | undefined, b: DetailTarget | undefined): boolean =>
	a?.instance === b?.instance && a?.device === b?.device;

type Update = (change: (previous: FleetData) => FleetData) => void;

/** The reading loop, made once per screen: one reading at a time, the next an interval after it ends. */
function fleetLoop(options: () => FleetDataOptions, update: Update) {
	let running = false;
	let again = false;
	let stopped = false;
	let cancelNext: () => void = () => undefined;
	let first = options().first;

	async function readDetailNow(target: DetailTarget | undefined): Promise<void> {
		const {url, fetch, wallNow} = options();
		if (!target) {
			return;
		}

		const detail = await readDetail(url, target, wallNow(), fetch ? {fetch} : {});
		if (stopped || !sameTarget(target, options().detail)) {
			return;
		}

		update(previous => ('queues' in detail
			? {...previous, detail, detailProblem: undefined}
			: {...previous, detailProblem: detail.problem, ...(sameTarget(previous.detail?.target, target) ? {} : {detail: undefined})}));
	}

	async function readFleetNow(): Promise<void> {
		const {url, fetch, wallNow} = options();
		const reading = await (first ?? readFleet(url, fetch ? {fetch} : {}));
		first = undefined;
		if (stopped) {
			return;
		}

		const at = wallNow();
		update(previous => (reading.unreachable
			? {...previous, triedAt: at, unreachable: reading.unreachable, problems: []}
			: {...previous, rows: reading.rows, goodAt: at, triedAt: at, unreachable: undefined, problems: reading.problems}));
	}

	function refresh(): void {
		if (running) {
			again = true;
			return;
		}

		running = true;
		cancelNext();
		void Promise.all([readFleetNow(), readDetailNow(options().detail)]).finally(() => {
			running = false;
			if (stopped) {
				return;
			}

			if (again) {
				again = false;
				refresh();
				return;
			}

			cancelNext = options().schedule(refresh, options().intervalMs);
		});
	}

	return {
		refresh,
		readDetailNow,
		stop() {
			stopped = true;
			cancelNext();
		},
	};
}

export default function useFleetData(options: FleetDataOptions): {readonly data: FleetData; readonly refresh: () => void} {
	const [data, setData] = useState<FleetData>({rows: [], problems: []});
	const latest = useRef(options);
	useEffect(() => {
		latest.current = options;
	});
	const loop = useMemo(() => fleetLoop(() => latest.current, setData), []);
	useEffect(() => {
		loop.refresh();
		return () => {
			loop.stop();
		};
	}, [loop]);

	// Drilling into a NIC reads its queues at once, not at the next interval.
	const target = options.detail;
	useEffect(() => {
		if (target) {
			latest.current = {...latest.current, detail: target};
			void loop.readDetailNow(target);
		}
	}, [target?.instance, target?.device, loop]); // eslint-disable-line react-hooks/exhaustive-deps

	return {data, refresh: loop.refresh};
}
