// `ethtool DEV` (text) and `ethtool --json DEV` (ethtool ≥ 6.10): only Speed,
// Duplex and Link detected are read. `Link detected` is the carrier; whether
// the interface is administratively up is not in this output, so `up` is never
// set (take it from sysfs). `Speed: Unknown!` leaves speedMbps unset.
import {ok, type Link, type Result} from '../types.js';
import {firstJsonObject, jsonCount, looksLikeJson, parseCount, parseFailure, splitLabel, toLines} from './text.js';

type MutableLink = {-readonly [K in keyof Link]?: Link[K]};

export function parseLinkSettings(stdout: string): Result<Partial<Link>> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool: no output');
	}

	const link = looksLikeJson(stdout) ? fromJson(stdout) : fromText(stdout);
	// `No data available` (device gone) and stray text have none of the lines.
	return link ? ok(link) : parseFailure('ethtool: no Speed, Duplex or Link detected line');
}

/** The first Speed/Duplex/Link detected lines; undefined when there is none. */
function fromText(stdout: string): MutableLink | undefined {
	const link: MutableLink = {};
	const seen = new Set<string>();
	for (const line of toLines(stdout)) {
		const pair = splitLabel(line);
		if (!pair || seen.has(pair.label)) {
			continue;
		}

		if (pair.label === 'Speed') {
			const mbps = parseCount(/^(\d+)Mb\/s$/.exec(pair.value)?.[1] ?? '');
			if (mbps !== undefined && mbps > 0) {
				link.speedMbps = mbps;
			}
		} else if (pair.label === 'Duplex') {
			link.duplex = duplexOf(pair.value);
		} else if (pair.label === 'Link detected') {
			link.carrier = pair.value.startsWith('yes');
		} else {
			continue;
		}

		seen.add(pair.label);
	}

	return seen.size > 0 ? link : undefined;
}

function duplexOf(value: string): Link['duplex'] {
	const lower = value.toLowerCase();
	return lower === 'full' ? 'full' : (lower === 'half' ? 'half' : 'unknown');
}

function fromJson(stdout: string): MutableLink | undefined {
	const object = firstJsonObject(stdout);
	if (!object) {
		return undefined;
	}

	const link: MutableLink = {};
	const speed = jsonCount(object['speed']);
	if (speed !== undefined && speed > 0) {
		link.speedMbps = speed;
	}

	if (typeof object['duplex'] === 'string') {
		link.duplex = duplexOf(object['duplex']);
	}

	if (typeof object['link-detected'] === 'boolean') {
		link.carrier = object['link-detected'];
	}

	return ['speed', 'duplex', 'link-detected'].some(key => key in object) ? link : undefined;
}
