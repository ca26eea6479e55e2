// `ethtool -i DEV` (always ioctl, no JSON): ten `key: value` lines. Values are
// opaque (netvsc's `version:` is the kernel release cut to 31 characters) and
// may be empty (`bus-info: `); unknown keys are ignored.
import {ok, type DriverInfo, type Result} from '../types.js';
import {parseFailure, toLines} from './text.js';

const keys = new Map<string, keyof DriverInfo>([
	['driver', 'driver'],
	['version', 'version'],
	['firmware-version', 'firmwareVersion'],
	['bus-info', 'busInfo'],
]);

export function parseDriverInfo(stdout: string): Result<DriverInfo> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool -i: no output');
	}

	const found = new Map<keyof DriverInfo, string>();
	for (const line of toLines(stdout)) {
		// Split at the first colon: values may contain colons (a PCI bus-info).
		const match = /^\s*([a-z-]+):(.*)$/.exec(line);
		const field = keys.get(match?.[1] ?? '');
		if (field && !found.has(field)) {
			found.set(field, (match?.[2] ?? '').trim());
		}
	}

	const driver = found.get('driver');
	if (!driver) {
		return parseFailure('ethtool -i: no driver name');
	}

	return ok({
		driver,
		version: found.get('version') ?? '',
		firmwareVersion: found.get('firmwareVersion') ?? '',
		busInfo: found.get('busInfo') ?? '',
	});
}
