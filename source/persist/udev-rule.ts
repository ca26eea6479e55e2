// A udev rule for what no .link key expresses (MANA's rx-cqe-frames today;
// RSS, flow hash and CPU placement when their kinds declare udevArgs): on
// every add of the one device (its driver and MAC), RUN+= ethtool by absolute
// path with the values to keep. Idempotent: setting a value a device already
// has changes nothing. Named after 80-net-setup-link.rules, which sets
// ID_NET_DRIVER. Pure.
import {posix} from 'node:path';
import type {DeviceFacts} from './link-match.js';
import type {FileWrite} from './link-plan.js';
import {isHvtopFile, markerLine, safeWord} from './marker.js';

export const rulesDir = '/etc/udev/rules.d';

export type RuleRun = {readonly kind: string; readonly argv: readonly string[]};

export type RulePlan =
	| {readonly kind: 'write'; readonly write: FileWrite; readonly warnings: readonly string[]}
	| {readonly kind: 'unchanged'; readonly path: string}
	| {readonly kind: 'foreign'; readonly path: string; readonly message: string};

export const ruleName = (facts: DeviceFacts): string => `85-hvtop-${safeWord(facts.driver)}-${facts.mac.replaceAll(':', '')}.rules`;

// Udev's own quoting: a value is in double quotes; hvtop's values are words and numbers only.
const quotable = (word: string): boolean => /^[\w.:/+-]+$/.test(word);

/**
 * The RUN+= arguments: `ethtool OPTION $name ARGS…` for each kind's udevArgs
 * (option first), by the absolute path of ethtool.
 */
export function ruleText(facts: DeviceFacts, runs: readonly RuleRun[], ethtool: string): string {
	const lines = [`# ${markerLine}`, `# For ${facts.name} (${facts.driver}): what no .link key can set, each time the device is added.`];
	for (const run of runs) {
		const [option, ...rest] = run.argv;
		const words = [ethtool, option!, '$name', ...rest];
		lines.push(`ACTION=="add", SUBSYSTEM=="net", ENV{ID_NET_DRIVER}=="${facts.driver}", ATTR{address}=="${facts.mac}", RUN+="${words.join(' ')}"`);
	}

	return `${lines.join('\n')}\n`;
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

export function planRule(facts: DeviceFacts, runs: readonly RuleRun[], files: ReadonlyMap<string, string>, ethtool: string, osRelease?: string): RulePlan {
	const path = posix.join(rulesDir, ruleName(facts));
	const before = files.get(path);
	if (before !== undefined && !isHvtopFile(before)) {
		return {kind: 'foreign', path, message: `${path} exists and hvtop did not write it: left alone, nothing written`};
	}

	const bad = runs.flatMap(run => run.argv).find(word => !quotable(word));
	if (bad !== undefined || !quotable(ethtool) || !quotable(facts.driver)) {
		return {kind: 'foreign', path, message: `cannot write a udev rule with ${JSON.stringify(bad ?? ethtool)} in it: nothing written`};
	}

	const after = ruleText(facts, runs, ethtool);
	const caveat = rhelCaveat(osRelease);
	return after === before ? {kind: 'unchanged', path} : {kind: 'write', write: {path, before, after}, warnings: caveat ? [caveat] : []};
}
