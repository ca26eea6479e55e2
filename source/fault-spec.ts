// `--fault KIND[:VALUE][@DEVICE]`: arm one of the model's host/driver faults
// from the command line, so every path of a change (refusal, fewer channels
// than asked, a failed re-add the driver restores from, a request that fails
// with an errno or never returns) can be shown in a demo or tried by hand.
// Model only; each fault is used up by the next change.
import {faultKinds, type Fault, type FaultKind} from './netvsc/faults.js';
import {errnoNumbers, failWith, type ErrnoName} from './errors.js';
import type {Result} from './types.js';

export type FaultSpec = {readonly fault: Fault; readonly device?: string};

/** What VALUE each kind takes: a count, milliseconds, an errno name, or nothing. */
const valueOf: Partial<Record<FaultKind, {readonly needed: boolean; readonly type: 'number' | 'errno'; readonly hint: string}>> = {
	'grant-fewer': {needed: true, type: 'number', hint: 'SUBCHANNELS'},
	slow: {needed: true, type: 'number', hint: 'MILLISECONDS'},
	'drain-timeout': {needed: false, type: 'number', hint: 'MILLISECONDS'},
	fail: {needed: true, type: 'errno', hint: 'ERRNO'},
};

const errnoNames = Object.keys(errnoNumbers) as ErrnoName[];

export function parseFaultSpec(text: string): Result<FaultSpec> {
	const problem = (message: string): Result<FaultSpec> => failWith('EUSAGE', message);
	const match = /^([a-z-]+)(?::(\d+|[A-Z][A-Z\d]*))?(?:@([\w.@+-]+))?$/.exec(text.trim());
	if (!match) {
		return problem(`--fault takes KIND[:VALUE][@DEVICE] (kinds: ${faultKinds.join(', ')}), not '${text}'`);
	}

	const kind = match[1] as FaultKind;
	const raw = match[2];
	const device = match[3];
	if (!faultKinds.includes(kind)) {
		return problem(`unknown fault '${match[1]!}' (kinds: ${faultKinds.join(', ')})`);
	}

	const takes = valueOf[kind];
	if (takes === undefined) {
		return raw === undefined ? made({kind} as Fault, device) : problem(`--fault ${kind} takes no value`);
	}

	if (raw === undefined) {
		return takes.needed
			? problem(`--fault ${kind} needs a value: ${kind}:${takes.hint}${takes.type === 'errno' ? ` (${errnoNames.join(', ')})` : ''}`)
			: made({kind} as Fault, device);
	}

	if (takes.type === 'errno') {
		return (errnoNames as string[]).includes(raw)
			? made({kind: 'fail', errno: raw as ErrnoName}, device)
			: problem(`--fault ${kind} takes an errno name (${errnoNames.join(', ')}), not ${raw}`);
	}

	if (!/^\d+$/.test(raw)) {
		return problem(`--fault ${kind} takes a number, not ${raw}`);
	}

	const value = Number(raw);
	const limit = kind === 'grant-fewer' ? 64 : 600_000;
	if (value > limit) {
		return problem(`--fault ${kind} takes at most ${limit}${kind === 'grant-fewer' ? ' sub-channels' : ' ms'}, not ${raw}`);
	}

	return made(kind === 'grant-fewer' ? {kind, subChannels: value} : {kind: kind as 'slow' | 'drain-timeout', durationMs: value}, device);
}

function made(fault: Fault, device: string | undefined): Result<FaultSpec> {
	return {ok: true, value: device === undefined ? {fault} : {fault, device}};
}
