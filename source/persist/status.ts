// What the next boot (or the VF's next re-add) applies to a device, from the
// .link files on the machine, against what runs now: per knob, the running
// value, the persisted value and the file it comes from, and drift. Pure.
import {posix} from 'node:path';
import {linkFiles, type ConfigFile, type LinkFile} from './link-files.js';
import {matchLink, type DeviceFacts} from './link-match.js';
import type {KnobValue} from './settings.js';
import {lastValue, parseUnit} from './unit-file.js';

export type KnobStatus = KnobValue & {
	/** What the next add applies, and from which file; undefined: the driver's default (nothing persisted). */
	readonly next?: {readonly value: string; readonly from: string};
	/** True when the next add applies something other than what runs now. */
	readonly drift: boolean;
};

export type DeviceStatus = {
	readonly facts: DeviceFacts;
	/** The .link file udev applies to the device; undefined when none matches. */
	readonly file?: string;
	/** Files before it that may match (conditions hvtop cannot evaluate). */
	readonly uncertain: readonly string[];
	readonly knobs: readonly KnobStatus[];
};

/** The first .link file that matches, and files before it that only may. */
export function applyingLink(files: readonly ConfigFile[], facts: DeviceFacts): {file?: LinkFile; uncertain: string[]} {
	const uncertain: string[] = [];
	for (const file of linkFiles(files)) {
		const {verdict} = matchLink(file.entries, facts);
		if (verdict === 'yes') {
			return {file, uncertain};
		}

		if (verdict === 'maybe') {
			uncertain.push(file.path);
		}
	}

	return {uncertain};
}

// Which of the file and its drop-ins sets `key` last: that one's path is named.
function keySource(file: LinkFile, key: string): {value: string; from: string} | undefined {
	let found: {value: string; from: string} | undefined;
	for (const part of [{path: file.path, text: file.text}, ...file.dropIns]) {
		const value = lastValue(parseUnit(part.text ?? ''), 'Link', key);
		if (value !== undefined) {
			found = value === '' ? undefined : {value, from: part.path};
		}
	}

	return found;
}

export function deviceStatus(files: readonly ConfigFile[], facts: DeviceFacts, knobs: readonly KnobValue[]): DeviceStatus {
	const {file, uncertain} = applyingLink(files, facts);
	return {
		facts,
		...(file ? {file: file.path} : {}),
		uncertain,
		knobs: knobs.map(knob => {
			const next = file && knob.linkKey ? keySource(file, knob.linkKey) : undefined;
			// "max" means the driver's maximum: compared as text it would always drift, so it is left as it says.
			const drift = next !== undefined && next.value !== 'max' && next.value !== String(knob.value);
			return {...knob, ...(next ? {next} : {}), drift};
		}),
	};
}

/** "eth0 channels combined: running 4, next boot 8 (50-hvtop-….link) — DRIFT". */
export function statusLines(status: DeviceStatus): string[] {
	const lines = [`${status.facts.name} (${status.facts.driver}): ${status.file ? `udev applies ${status.file}` : 'no .link file matches (udev applies none)'}`];
	for (const path of status.uncertain) {
		lines.push(`  ? ${path} comes first and may match (conditions hvtop cannot evaluate)`);
	}

	for (const knob of status.knobs) {
		const next = knob.next ? `${knob.next.value} (${posix.basename(knob.next.from)})` : 'the driver\'s default (not persisted)';
		lines.push(`  ${knob.kind} ${knob.field}: running ${String(knob.value)}, next boot ${next}${knob.drift ? ' — DRIFT' : ''}`);
	}

	return lines;
}
