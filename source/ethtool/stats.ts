// `ethtool -S DEV`: `     name: value` lines, printed as "%.*s: %llu". Names
// are opaque driver strings that may hold spaces and colons (`[0]: rx_bytes`,
// `rxq0: rx_bytes`), so the value is what follows the LAST ": " and must be
// all digits. Values are u64 and stay exact as BigInt. Names may repeat; the
// driver's order is kept. Indentation is not required, so `-S | grep` output
// and `--all-groups` standard stats (unindented) read the same way.
import {ok, type Result, type Stat} from '../types.js';
import {parseFailure, toLines} from './text.js';

const headers = /^(?:NIC statistics|PHY statistics|Standard stats for .+):$/;
const u64Max = (1n << 64n) - 1n;

export function parseStats(stdout: string): Result<Stat[]> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool -S: no output');
	}

	const stats: Stat[] = [];
	let sawHeader = false;
	for (const line of toLines(stdout)) {
		if (headers.test(line.trim())) {
			sawHeader = true;
			continue;
		}

		const stat = parseStatLine(line);
		if (stat) {
			stats.push(stat);
		}
	}

	// A header alone is a driver with no counters; nothing at all is not -S output.
	return sawHeader || stats.length > 0
		? ok(stats)
		: parseFailure('ethtool -S: no statistics header and no counters');
}

function parseStatLine(line: string): Stat | undefined {
	const colon = line.lastIndexOf(': ');
	if (colon === -1) {
		return undefined;
	}

	const name = line.slice(0, colon).trimStart();
	const digits = line.slice(colon + 2);
	// 20 digits bound the work before BigInt; u64 bounds the value.
	if (name === '' || !/^\d{1,20}$/.test(digits)) {
		return undefined;
	}

	const value = BigInt(digits);
	return value <= u64Max ? [name, value] : undefined;
}
