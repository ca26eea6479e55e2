// `--fault KIND[:VALUE][@DEVICE]`: arm one of the model's host/driver faults
// from the command line, so every path of a change (refusal, fewer channels
// than asked, a failed re-add the driver restores from) can be shown in a demo
// or tried by hand. Model only; each fault is used up by the next change.
import {faultKinds, type Fault, type FaultKind} from './netvsc/faults.js';
import {failWith} from './errors.js';
import type {Result} from './types.js';

export type FaultSpec = {readonly fault: Fault; readonly device?: string};

const needsValue: ReadonlySet<FaultKind> = new Set(['grant-fewer', 'slow']);

export function parseFaultSpec(text: string): Result<FaultSpec> {
	const problem = (message: string): Result<FaultSpec> => failWith('EUSAGE', message);
	const match = /^([a-z-]+)(?::(\d+))?(?:@([\w.@+-]+))?$/.exec(text.trim());
	if (!match) {
		return problem(`--fault takes KIND[:VALUE][@DEVICE] (kinds: ${faultKinds.join(', ')}), not '${text}'`);
	}

	const kind = match[1] as FaultKind;
	const value = match[2] === undefined ? undefined : Number(match[2]);
	const device = match[3];
	if (!faultKinds.includes(kind)) {
		return problem(`unknown fault '${match[1]!}' (kinds: ${faultKinds.join(', ')})`);
	}

	if (needsValue.has(kind) && value === undefined) {
		return problem(`--fault ${kind} needs a value: ${kind === 'slow' ? 'slow:MILLISECONDS' : 'grant-fewer:SUBCHANNELS'}`);
	}

	const limit = kind === 'grant-fewer' ? 64 : 600_000;
	if (value !== undefined && value > limit) {
		return problem(`--fault ${kind} takes at most ${limit}${kind === 'grant-fewer' ? ' sub-channels' : ' ms'}, not ${match[2]!}`);
	}

	if (!needsValue.has(kind) && kind !== 'drain-timeout' && value !== undefined) {
		return problem(`--fault ${kind} takes no value`);
	}

	let fault: Fault;
	switch (kind) {
		case 'grant-fewer': {
			fault = {kind, subChannels: value!};
			break;
		}

		case 'slow': {
			fault = {kind, durationMs: value!};
			break;
		}

		case 'drain-timeout': {
			fault = value === undefined ? {kind} : {kind, durationMs: value};
			break;
		}

		default: {
			fault = {kind};
		}
	}

	return {ok: true, value: device === undefined ? {fault} : {fault, device}};
}
