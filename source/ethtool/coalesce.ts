// `ethtool -c DEV` (text) and `ethtool --json -c DEV` (ethtool ≥ 6.2), as far as
// hvtop tunes coalescing: MANA's CQE coalescing, `rx-cqe-frames` and
// `rx-cqe-nsecs` (ETHTOOL_A_COALESCE_RX_CQE_FRAMES/NSECS; ethtool's
// netlink/coalesce.c prints them as `rx-cqe-frames:` TAB TAB value, or `n/a`
// when the driver does not report them, and omits them from JSON then).
// An output that is a coalesce listing without `rx-cqe-frames` means the
// driver or this ethtool has no CQE coalescing: EOPNOTSUPP, not a parse error.
import {failWith} from '../errors.js';
import {ok, type Coalesce, type Result} from '../types.js';
import {firstJsonObject, jsonCount, looksLikeJson, parseCount, parseFailure, splitLabel, toLines} from './text.js';

const header = /^Coalesce parameters for \S+:$/;
const labels = ['rx-cqe-frames', 'rx-cqe-nsecs'] as const;
type Label = typeof labels[number];
type Raw = Partial<Record<Label, number | 'n/a' | 'invalid'>>;

const noCqe = (why: string) => failWith<Coalesce>('EOPNOTSUPP', `ethtool -c: no rx-cqe-frames (${why}): the driver or this ethtool has no CQE coalescing`);

function fromText(stdout: string): Result<Raw> {
	const lines = toLines(stdout);
	if (!lines.some(line => header.test(line.trim()))) {
		return parseFailure('ethtool -c: not a coalesce listing (no "Coalesce parameters for" line)');
	}

	const raw: Raw = {};
	for (const line of lines) {
		const pair = splitLabel(line);
		const label = labels.find(name => name === pair?.label);
		if (pair !== undefined && label !== undefined && raw[label] === undefined) {
			raw[label] = pair.value === 'n/a' ? 'n/a' : parseCount(pair.value) ?? 'invalid';
		}
	}

	return ok(raw);
}

function fromJson(stdout: string): Result<Raw> {
	const object = firstJsonObject(stdout);
	if (object === undefined) {
		return parseFailure('ethtool --json -c: no device object in the JSON output');
	}

	const raw: Raw = {};
	for (const label of labels) {
		if (Object.hasOwn(object, label)) {
			raw[label] = jsonCount(object[label]) ?? 'invalid';
		}
	}

	return ok(raw);
}

const maxU32 = 0xFF_FF_FF_FF;

export function parseCoalesce(stdout: string): Result<Coalesce> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool -c: no output');
	}

	const raw = looksLikeJson(stdout) ? fromJson(stdout) : fromText(stdout);
	if (!raw.ok) {
		return raw;
	}

	const {'rx-cqe-frames': frames, 'rx-cqe-nsecs': nsecs} = raw.value;
	if (frames === 'invalid' || nsecs === 'invalid' || (typeof frames === 'number' && frames > maxU32) || (typeof nsecs === 'number' && nsecs > maxU32)) {
		return parseFailure('ethtool -c: unreadable rx-cqe-frames or rx-cqe-nsecs');
	}

	if (frames === undefined || frames === 'n/a') {
		return noCqe(frames ?? 'not listed');
	}

	return ok({rxCqeFrames: frames, ...(typeof nsecs === 'number' ? {rxCqeNsecs: nsecs} : {})});
}
