// /proc/net/snmp counters → per-second rates by the kernel's names, the way
// every other counter becomes a rate: exact BigInt deltas, a counter that fell
// to near zero (a namespace re-created, a replayed capture) restarts rather
// than counting 2^64 events, a name missing on either side has no rate.
import type {SnmpCounters} from '../types.js';

export type SnmpRates = {
	/** Per second, by `Ip:` name (ReasmFails, ReasmReqds, FragCreates, …). */
	readonly ip: Readonly<Record<string, number>>;
	/** Per second, by `Udp:` name (InDatagrams, RcvbufErrors, InErrors). */
	readonly udp: Readonly<Record<string, number>>;
};

/** One counter's rate between two readings (rates.ts supplies it: 0 without a usable interval). */
export type CounterRate = (before: bigint | undefined, after: bigint) => number;

function groupRates(before: Readonly<Record<string, bigint>> | undefined, after: Readonly<Record<string, bigint>>, rate: CounterRate): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [name, value] of Object.entries(after)) {
		const previous = before === undefined || !Object.hasOwn(before, name) ? undefined : before[name];
		out[name] = previous === undefined ? 0 : rate(previous, value);
	}

	return out;
}

export function snmpRates(before: SnmpCounters | undefined, after: SnmpCounters, rate: CounterRate): SnmpRates {
	return {ip: groupRates(before?.ip, after.ip, rate), udp: groupRates(before?.udp, after.udp, rate)};
}
