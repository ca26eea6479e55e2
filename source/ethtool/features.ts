// `ethtool -k DEV` (text) and `ethtool --json -k DEV` (ethtool ≥ 5.17). Text
// lines are `name: on|off` with an optional ` [fixed]`, ` [requested on]` or
// ` [requested off]`; members of a legacy group are TAB-indented under it and
// are returned in order, flat, like their group lines.
import {ok, type Feature, type Result} from '../types.js';
import {firstJsonObject, looksLikeJson, parseFailure, toLines} from './text.js';

const featureLine = /^\s*([^\s:]+):\s+(on|off)(?:\s+\[([^\]]*)\])?$/;

export function parseFeatures(stdout: string): Result<Feature[]> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool -k: no output');
	}

	const features = looksLikeJson(stdout) ? fromJson(stdout) : fromText(stdout);
	// Every device has features; none means this is not -k output.
	return features.length > 0 ? ok(features) : parseFailure('ethtool -k: no features found');
}

function fromText(stdout: string): Feature[] {
	const features: Feature[] = [];
	for (const line of toLines(stdout)) {
		const match = featureLine.exec(line);
		if (match?.[1]) {
			features.push({name: match[1], on: match[2] === 'on', fixed: match[3] === 'fixed'});
		}
	}

	return features;
}

// `{ "ifname": "a", "rx-checksumming": {"active": true, "fixed": false, "requested": true}, … }`;
// legacy group entries have `null` for fixed/requested.
function fromJson(stdout: string): Feature[] {
	const object = firstJsonObject(stdout) ?? {};
	const features: Feature[] = [];
	for (const [name, entry] of Object.entries(object)) {
		if (typeof entry !== 'object' || entry === null) {
			continue;
		}

		const {active, fixed} = entry as {active?: unknown; fixed?: unknown};
		if (typeof active === 'boolean') {
			features.push({name, on: active, fixed: fixed === true});
		}
	}

	return features;
}
