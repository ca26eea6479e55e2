// `ethtool -d DEV` for a driver ethtool has no pretty-printer for (hv_netvsc):
// its hex dump, `Offset\t\tValues`, `------\t\t------`, then rows of
// `0x%04x:\t\t` and up to sixteen `%02x ` bytes, each row starting where the
// last one ended. What the bytes mean is the driver's (drivers/*.ts).
import {ok, type Result} from '../types.js';
import {parseFailure, toLines} from './text.js';

const header = /^Offset\s+Values$/;
const rule = /^-+\s+-+$/;
const row = /^0x([\da-f]{4,8}):\s+((?:[\da-f]{2} ?){1,16})$/i;
/** Far more than any driver dumps through this path (hv_netvsc: 64 bytes); a longer dump is not ours to read. */
const maxBytes = 65_536;

export function parseRegisterDump(stdout: string): Result<readonly number[]> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool -d: no output');
	}

	const lines = toLines(stdout).map(line => line.trim()).filter(line => line !== '');
	if (lines.length < 2 || !header.test(lines[0]!) || !rule.test(lines[1]!)) {
		return parseFailure('ethtool -d: not a hex dump (no "Offset Values" header)');
	}

	const bytes: number[] = [];
	for (const line of lines.slice(2)) {
		const match = row.exec(line);
		if (!match || Number.parseInt(match[1]!, 16) !== bytes.length) {
			return parseFailure(`ethtool -d: unexpected line at byte ${bytes.length}`);
		}

		for (const pair of match[2]!.trim().split(' ')) {
			bytes.push(Number.parseInt(pair, 16));
		}

		if (bytes.length > maxBytes) {
			return parseFailure(`ethtool -d: more than ${maxBytes} bytes`);
		}
	}

	return ok(bytes);
}
