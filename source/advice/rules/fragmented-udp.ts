// UDP datagrams arrive in fragments and fail to reassemble while the device
// hashes UDP on ports (rx-flow-hash udp4/udp6 sdfn): only a datagram's first
// fragment carries the ports, so its fragments can take different queues and
// arrive out of order or not at all. The kernel's netvsc documentation: "On
// Azure, fragmented UDP packets have high loss rate with L4 hashing. Using L3
// hashing is recommended in this case." The counters are machine-wide and
// IPv4's (/proc/net/snmp's Ip:; IPv6 reassembly is in /proc/net/snmp6, not
// read), so the rule is about udp4 and names the counters as machine-wide.
import {hashedFlowTypes} from '../../ethtool/index.js';
import {formatSi} from '../../format.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const fragmentedUdpId = 'fragmented-udp';

/** Reassembly failures per second that are worth a look (a lost fragment now and then is not). */
export const reasmFailsPerSecond = 1;
/** Fragments per second that make the hash matter even before failures show. */
export const reasmReqdsPerSecond = 1000;

export function fragmentedUdp({snapshot, rates}: AdviceInput): Advice | undefined {
	const hash = snapshot.flowHash?.ok ? snapshot.flowHash.value : undefined;
	const snmp = rates.snmp;
	const type = 'udp4';
	if (!snmp || hash?.udp4 !== 'sdfn') {
		return undefined;
	}

	const fails = snmp.ip['ReasmFails'] ?? 0;
	const requests = snmp.ip['ReasmReqds'] ?? 0;
	const udpIn = snmp.udp['InDatagrams'] ?? 0;
	if (udpIn <= 0 || (fails < reasmFailsPerSecond && requests < reasmReqdsPerSecond)) {
		return undefined;
	}

	const rate = (value: number | undefined) => `${formatSi(value ?? 0)}/s`;
	const other = hash.udp6 === 'sdfn' ? ' (and udp6: IPv6 datagrams fragment the same way)' : '';
	const vf = snapshot.vf === undefined ? '' : ` While the VF ${snapshot.vf} carries the traffic its own driver picks the queues, so this helps the synthetic path (and during host servicing).`;
	return {
		id: fragmentedUdpId,
		severity: fails >= reasmFailsPerSecond ? 'warn' : 'info',
		title: fails >= reasmFailsPerSecond
			? `UDP fragments lost: ReasmFails ${rate(fails)} while ${type} hashes sdfn`
			: `UDP arrives fragmented (${rate(requests)}) while ${type} hashes sdfn`,
		reason: `This machine reassembles ${rate(requests)} fragments (ReasmReqds) into ${rate(snmp.ip['ReasmOKs'])} datagrams `
			+ `(ReasmOKs); ${rate(fails)} fail (ReasmFails, ${rate(snmp.ip['ReasmTimeout'])} of them timed out), with `
			+ `${rate(udpIn)} UDP datagrams received (InDatagrams; /proc/net/snmp, machine-wide). ${snapshot.name} hashes `
			+ `${type} on addresses and ports (sdfn)${other}: only a datagram's first fragment carries the ports, so its `
			+ 'fragments can take different queues. The kernel\'s netvsc documentation recommends hashing fragmented UDP on '
			+ `addresses only: \`ethtool -N ${snapshot.name} rx-flow-hash ${type} sd\` (on hv_netvsc this is the transmit hash; `
			+ `nothing is re-created).${vf}`,
		suggestion: {kind: 'flow-hash', value: {flowType: hashedFlowTypes.indexOf(type), hashFields: 0}},
		source: `fragmented UDP and L4 hashing on Azure: ${references.netvscDoc}`,
	};
}

export const fragmentedUdpRule: AdviceRule = {
	id: fragmentedUdpId,
	when: 'IPv4 reassembly fails (or many fragments arrive) with UDP traffic while udp4 is hashed on ports (sdfn)',
	check: fragmentedUdp,
	netvscOnly: true,
};
