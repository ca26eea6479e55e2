// /proc/net/snmp: each protocol is two lines with the same prefix, the
// kernel's counter names, then their values (`Ip: Forwarding DefaultTTL …` /
// `Ip: 1 64 …`). Columns are taken by name, never by position: kernels add
// names (Ip's OutTransmits in 6.3). Only `Ip:` and `Udp:` are kept, and only
// unsigned decimal values (u64 exact); anything else is left out.
import {join} from 'node:path';
import type {SnmpCounters} from '../../types.js';
import {readText} from './fs-read.js';

/** The file is ~1.5 KiB; a larger one is not the kernel's. */
const maxSnmpBytes = 64 * 1024;
const kept = {'Ip': 'ip', 'Udp': 'udp'} as const;

/** The `Ip:` and `Udp:` counters; undefined when neither pair of lines is there. */
export function parseSnmp(text: string): SnmpCounters | undefined {
	if (typeof text !== 'string') {
		return undefined;
	}

	const out: {ip?: Record<string, bigint>; udp?: Record<string, bigint>} = {};
	const headers = new Map<string, string[]>();
	for (const line of text.split('\n')) {
		const match = /^([A-Za-z]+):\s(.*)$/.exec(line.trimEnd());
		const group = match ? kept[match[1] as keyof typeof kept] : undefined;
		if (!match || group === undefined || out[group] !== undefined) {
			continue;
		}

		const cells = match[2]!.trim().split(/\s+/);
		const names = headers.get(match[1]!);
		if (names === undefined) {
			headers.set(match[1]!, cells);
			continue;
		}

		const values: Record<string, bigint> = {};
		for (const [index, name] of names.entries()) {
			const cell = cells[index];
			if (/^[A-Za-z]\w*$/.test(name) && cell !== undefined && /^\d{1,20}$/.test(cell) && BigInt(cell) < (1n << 64n)) {
				values[name] = BigInt(cell);
			}
		}

		out[group] = values;
	}

	return out.ip === undefined && out.udp === undefined ? undefined : {ip: out.ip ?? {}, udp: out.udp ?? {}};
}

/** `PROCFS/net/snmp`, bounded; undefined when it cannot be read or parsed. */
export async function readSnmp(procfsRoot: string): Promise<SnmpCounters | undefined> {
	const text = await readText(join(procfsRoot, 'net', 'snmp'), maxSnmpBytes);
	return text === undefined ? undefined : parseSnmp(text);
}
