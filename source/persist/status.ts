// What the next boot (or the VF's next re-add) applies to a device, from the
// .link files on the machine and hvtop's udev rule, against what runs now: per knob, the running
// value, the persisted value and the file it comes from, and drift. Pure.
import {posix} from 'node:path';
import {linkFiles, type ConfigFile, type LinkFile} from './link-files.js';
import {matchLink, type DeviceFacts} from './link-match.js';
import type {KnobValue} from './settings.js';
import {lastValue, parseUnit} from './unit-file.js';
import {rulePath, ruleTags} from './udev-rule.js';
import type {FieldValue, Values} from '../tuning/types.js';

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
	/** hvtop's udev rule for the device, when there is one. */
	readonly rule?: string;
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

/** A value as status prints it: a long list (an RSS table) by its first entries and its length. */
export function shownValue(value: FieldValue): string {
	if (!Array.isArray(value)) {
		return String(value as number | string);
	}

	const list = value as readonly number[];
	return list.length > 8 ? `${list.slice(0, 8).join(',')},… (${list.length} entries)` : list.join(',');
}

/**
 * Per knob: a .link key's value from the file udev applies (and its drop-ins); any other
 * knob's from hvtop's udev rule for the device (its tags). A field the rule leaves out on
 * purpose (the channels' relids, numbered anew at each boot) is not shown.
 */
export function deviceStatus(files: readonly ConfigFile[], facts: DeviceFacts, knobs: readonly KnobValue[], rules: ReadonlyMap<string, string> = new Map()): DeviceStatus {
	const {file, uncertain} = applyingLink(files, facts);
	const path = rulePath(facts);
	const rule = rules.get(path);
	const tags = rule === undefined ? new Map<string, Values>() : ruleTags(rule);
	return {
		facts,
		...(file ? {file: file.path} : {}),
		uncertain,
		...(rule === undefined ? {} : {rule: path}),
		knobs: knobs.flatMap(knob => {
			const tagged = tags.get(knob.kind) as Readonly<Record<string, FieldValue | undefined>> | undefined;
			if (knob.linkKey === undefined && tagged && tagged[knob.field] === undefined) {
				return [];
			}

			const fromRule = tagged?.[knob.field];
			const next = knob.linkKey === undefined
				? (fromRule === undefined ? undefined : {value: shownValue(fromRule), from: path, same: JSON.stringify(fromRule) === JSON.stringify(knob.value)})
				: (file ? keySource(file, knob.linkKey) : undefined);
			// "max" means the driver's maximum: compared as text it would always drift, so it is left as it says.
			const drift = next !== undefined && ('same' in next ? !next.same : next.value !== 'max' && next.value !== String(knob.value));
			return [{...knob, ...(next ? {next: {value: next.value, from: next.from}} : {}), drift}];
		}),
	};
}

/** "eth0 channels combined: running 4, next boot 8 (50-hvtop-….link) — DRIFT". */
export function statusLines(status: DeviceStatus): string[] {
	const rule = status.rule ? `; udev runs ${status.rule}` : '';
	const lines = [`${status.facts.name} (${status.facts.driver}): ${status.file ? `udev applies ${status.file}` : 'no .link file matches (udev applies none)'}${rule}`];
	for (const path of status.uncertain) {
		lines.push(`  ? ${path} comes first and may match (conditions hvtop cannot evaluate)`);
	}

	for (const knob of status.knobs) {
		const next = knob.next ? `${knob.next.value} (${posix.basename(knob.next.from)})` : 'the driver\'s default (not persisted)';
		lines.push(`  ${knob.kind} ${knob.field}: running ${shownValue(knob.value)}, next boot ${next}${knob.drift ? ' — DRIFT' : ''}`);
	}

	return lines;
}
