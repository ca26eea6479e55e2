// A udev rule for what no .link key expresses (MANA's rx-cqe-frames, the RSS
// table and key, the flow hash, the channel CPUs): on every add of the one
// device (its driver and MAC), RUN+= ethtool or `hvtop persist-apply` by
// absolute path with the values to keep, each line tagged with them.
// Idempotent: setting a value a device already has changes nothing. Named
// after 80-net-setup-link.rules, which sets ID_NET_DRIVER. Pure.
import {posix} from 'node:path';
import type {DeviceFacts} from './link-match.js';
import type {FileWrite} from './link-plan.js';
import {isHvtopFile, markerLine, safeWord} from './marker.js';
import type {Values} from '../tuning/types.js';

export const rulesDir = '/etc/udev/rules.d';

/** One RUN+= line: the kind and values it keeps, and the argv udev runs (`$name` for the device). */
export type RuleRun = {readonly kind: string; readonly values: Values; readonly argv: readonly string[]};

export type RulePlan =
	| {readonly kind: 'write'; readonly write: FileWrite; readonly warnings: readonly string[]}
	| {readonly kind: 'unchanged'; readonly path: string}
	| {readonly kind: 'foreign'; readonly path: string; readonly message: string};

export const ruleName = (facts: DeviceFacts): string => `85-hvtop-${safeWord(facts.driver)}-${facts.mac.replaceAll(':', '')}.rules`;

// Udev's own quoting: a value is in double quotes and `$`/`%` substitute; hvtop's words are plain.
const quotable = (word: string): boolean => /^[\w.:/+=,-]+$/.test(word);

/** The comment before each RUN line: what it keeps, so `persist --status` reads back what the next add applies. */
const tagPrefix = '# hvtop kind: ';

/**
 * On every add of the one device (its driver and MAC: a VF shares its MAC
 * with the netvsc device), each run by absolute path, after its tag.
 */
export function ruleText(facts: DeviceFacts, runs: readonly RuleRun[]): string {
	const lines = [`# ${markerLine}`, `# For ${facts.name} (${facts.driver}): what no .link key can set, each time the device is added.`];
	for (const run of runs) {
		lines.push(
			`${tagPrefix}${run.kind} ${JSON.stringify(run.values)}`,
			`ACTION=="add", SUBSYSTEM=="net", ENV{ID_NET_DRIVER}=="${facts.driver}", ATTR{address}=="${facts.mac}", RUN+="${run.argv.join(' ')}"`,
		);
	}

	return `${lines.join('\n')}\n`;
}

/** What an hvtop rule keeps, by kind (its tags); a line hvtop cannot read is left out. */
export function ruleTags(text: string): Map<string, Values> {
	const tags = new Map<string, Values>();
	for (const line of text.split('\n')) {
		if (!line.startsWith(tagPrefix)) {
			continue;
		}

		const rest = line.slice(tagPrefix.length);
		const space = rest.indexOf(' ');
		try {
			const values = JSON.parse(rest.slice(space + 1)) as unknown;
			if (space > 0 && typeof values === 'object' && values !== null && !Array.isArray(values)) {
				tags.set(rest.slice(0, space), {...tags.get(rest.slice(0, space)), ...(values as Values)});
			}
		} catch {}
	}

	return tags;
}

/** RHEL 9 before 9.8: its rename-device rule keeps RUN+= rules from running (Microsoft's guidance says so). */
export function rhelCaveat(osRelease: string | undefined): string | undefined {
	const field = (name: string) => new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(osRelease ?? '')?.[1];
	const ids = [field('ID'), ...(field('ID_LIKE')?.split(' ') ?? [])];
	const version = /^9\.(\d+)/.exec(field('VERSION_ID') ?? '');
	if (!ids.includes('rhel') || !version || Number(version[1]) >= 8) {
		return undefined;
	}

	return `this is RHEL ${field('VERSION_ID')!} (before 9.8): its rename-device udev rule can keep RUN+= rules from running; check after the next re-add (hvtop persist --status) or update to 9.8`;
}

export const rulePath = (facts: DeviceFacts): string => posix.join(rulesDir, ruleName(facts));

export function planRule(facts: DeviceFacts, runs: readonly RuleRun[], files: ReadonlyMap<string, string>, osRelease?: string): RulePlan {
	const path = rulePath(facts);
	const before = files.get(path);
	if (before !== undefined && !isHvtopFile(before)) {
		return {kind: 'foreign', path, message: `${path} exists and hvtop did not write it: left alone, nothing written`};
	}

	const bad = [...runs.flatMap(run => run.argv), facts.driver].find(word => word !== '$name' && !quotable(word));
	if (bad !== undefined) {
		return {kind: 'foreign', path, message: `cannot write a udev rule with ${JSON.stringify(bad)} in it (udev would split or substitute it): nothing written`};
	}

	const after = ruleText(facts, runs);
	const caveat = rhelCaveat(osRelease);
	// The rule names hvtop's own files: moved or uninstalled, the run fails at boot (udev logs it).
	const self = runs.find(run => run.argv.includes('persist-apply'));
	const selfWords = self ? [`the rule runs ${self.argv.slice(0, self.argv.indexOf('persist-apply')).join(' ')}: keep hvtop installed there (or hvtop persist --remove first)`] : [];
	return after === before ? {kind: 'unchanged', path} : {kind: 'write', write: {path, before, after}, warnings: [...selfWords, ...(caveat ? [caveat] : [])]};
}
