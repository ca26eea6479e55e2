// The machine's /proc/net/snmp `Ip:` fragmentation/reassembly and `Udp:`
// counters. Every scenario has a little plain UDP (DNS, NTP); a scenario with
// `fragments` adds large datagrams that arrive in fragments. While the
// device's udp4 hash is `sdfn` (L4), the fragments of a datagram leave on
// different queues (the first carries the ports, the rest do not), arrive out
// of order and a share of them never reassembles — the loss the kernel's
// netvsc documentation describes for fragmented UDP on Azure; with `sd` they
// stay together. No randomness: the counters are rates integrated over time.
import type {SnmpCounters} from '../types.js';

export type FragmentSpec = {
	/** The device they arrive on (and whose udp4 hash decides their fate). */
	readonly device: string;
	/** Datagrams per second that arrive in fragments. */
	readonly datagramsPerSec: number;
	/** Fragments per datagram (a 4000-byte datagram at MTU 1500: 3). */
	readonly fragmentsPerDatagram: number;
	/** Share of fragmented datagrams that fail to reassemble while udp4 is hashed on L4 (sdfn). */
	readonly lossWithL4: number;
};

const plainUdpPerSec = 40;
/** Even with sd a few datagrams lose a fragment on the way. */
const lossWithL3 = 0.0005;
/** Failed reassemblies that ended by the 30 s timer rather than by a newer datagram: most of them. */
const timeoutShare = 0.8;

const ipNames = ['ReasmReqds', 'ReasmOKs', 'ReasmFails', 'ReasmTimeout', 'FragOKs', 'FragFails', 'FragCreates'] as const;
const udpNames = ['InDatagrams', 'InErrors', 'RcvbufErrors'] as const;

export type SnmpModel = {
	/** The device the fragmented traffic uses, if any. */
	readonly device: string | undefined;
	/** Simulate `seconds` with udp4 hashed on L4 (sdfn) or not. */
	step(seconds: number, udpL4: boolean): void;
	counters(): SnmpCounters;
};

export function createSnmpModel(fragments: FragmentSpec | undefined): SnmpModel {
	const ip: Record<string, number> = Object.fromEntries(ipNames.map(name => [name, 0]));
	const udp: Record<string, number> = Object.fromEntries(udpNames.map(name => [name, 0]));
	return {
		device: fragments?.device,
		step(seconds, udpL4) {
			udp['InDatagrams']! += plainUdpPerSec * seconds;
			if (!fragments) {
				return;
			}

			const datagrams = fragments.datagramsPerSec * seconds;
			const lost = datagrams * (udpL4 ? fragments.lossWithL4 : lossWithL3);
			ip['ReasmReqds']! += datagrams * fragments.fragmentsPerDatagram;
			ip['ReasmOKs']! += datagrams - lost;
			ip['ReasmFails']! += lost;
			ip['ReasmTimeout']! += lost * timeoutShare;
			// The replies are fragmented too: this guest sends as many as it receives.
			ip['FragOKs']! += datagrams;
			ip['FragCreates']! += datagrams * fragments.fragmentsPerDatagram;
			udp['InDatagrams']! += datagrams - lost;
		},
		counters() {
			const whole = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([name, value]) => [name, BigInt(Math.floor(value))]));
			return {ip: whole(ip), udp: whole(udp)};
		},
	};
}
