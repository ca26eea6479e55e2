// The .link file (or drop-in) that makes a device's settings last, planned
// from the files on the machine: it matches that one device (Driver= and its
// permanent MAC: a VF shares its MAC with the netvsc device, so the MAC alone
// would match both), it must be the first matching file in udev's order, and
// it never replaces a file hvtop did not write. A matching file that sorts
// before it (netplan's 10-netplan-*.link, an admin's own) would win instead:
// that is reported, and a drop-in on that file offered. Pure.
import {posix} from 'node:path';
import {adminLinkDir, byName, linkFiles, type ConfigFile, type LinkFile} from './link-files.js';
import {matchLink, type DeviceFacts, type Verdict} from './link-match.js';
import {isHvtopFile, markerLine, safeWord} from './marker.js';
import {renderUnit} from './unit-file.js';

export type LinkSetting = readonly [key: string, value: string];

export type LinkPlanInput = {
	/** The device whose settings are made to last (the netvsc device or its VF). */
	readonly facts: DeviceFacts;
	/** Every other network device on the machine: a drop-in must not reach them unnoticed. */
	readonly others: readonly DeviceFacts[];
	/** The [Link] keys to set. */
	readonly settings: readonly LinkSetting[];
	/** The keys hvtop manages: kept from its own earlier file unless set again. */
	readonly managedKeys: readonly string[];
	/** The .link files and drop-ins on the machine (io.ts reads them). */
	readonly files: readonly ConfigFile[];
	/** The admin chose the drop-in on the file that would shadow hvtop's. */
	readonly dropIn?: boolean;
	/** `udevadm --version`, when known: older systemd ignores keys it does not have. */
	readonly udevVersion?: number;
};

export type FileWrite = {readonly path: string; readonly before: string | undefined; readonly after: string};

export type LinkPlan =
	| {readonly kind: 'write'; readonly write: FileWrite; readonly mechanism: readonly string[]; readonly warnings: readonly string[]}
	| {readonly kind: 'unchanged'; readonly path: string; readonly mechanism: readonly string[]}
	| {readonly kind: 'shadowed'; readonly by: string; readonly verdict: Verdict; readonly dropInPath: string; readonly message: string}
	| {readonly kind: 'foreign'; readonly path: string; readonly message: string};

/** The name hvtop's own file gets: by what it matches, so a VF re-added under another name keeps it. */
export const ownLinkName = (facts: DeviceFacts): string => `50-hvtop-${safeWord(facts.driver)}-${facts.mac.replaceAll(':', '')}.link`;

export const dropInPath = (file: LinkFile | string): string => posix.join(adminLinkDir, `${typeof file === 'string' ? file : file.name}.d`, 'hvtop.conf');

/** The [Match] lines that pick out this one device. */
export function matchLines(facts: DeviceFacts): LinkSetting[] {
	return [['Driver', facts.driver], facts.permanentMac ? ['PermanentMACAddress', facts.permanentMac] : ['MACAddress', facts.mac]];
}

// Since which systemd version udev has each key (systemd.link(5)).
const keySince: Readonly<Record<string, number>> = {
	RxChannels: 239, TxChannels: 239, OtherChannels: 239, CombinedChannels: 239, RxBufferSize: 244, TxBufferSize: 244, PermanentMACAddress: 245,
};

function versionWarnings(keys: readonly string[], version: number | undefined): string[] {
	if (version === undefined) {
		return [];
	}

	return keys.filter(key => (keySince[key] ?? 0) > version).map(key => `${key}= needs systemd ${keySince[key]!}; this machine's udev is ${version} and ignores it`);
}

const matching = (files: readonly LinkFile[], facts: DeviceFacts) => files.flatMap(file => {
	const result = matchLink(file.entries, facts);
	return result.verdict === 'no' ? [] : [{file, ...result}];
});

function mechanismWords(facts: DeviceFacts, path: string, others: readonly DeviceFacts[]): string[] {
	const lines = [
		`udev's net_setup_link applies ${path} when ${facts.name} is added: at every boot, and each time the device is re-added (host servicing re-adds the VF)`,
		`it matches ${facts.name} alone: ${matchLines(facts).map(([key, value]) => `${key}=${value}`).join(' and ')}`,
	];
	const sharing = others.filter(other => other.mac === facts.mac);
	if (sharing.length > 0) {
		lines.push(`${sharing.map(other => other.name).join(', ')} ${sharing.length === 1 ? 'shares' : 'share'} the MAC; Driver= keeps ${sharing.length === 1 ? 'it' : 'them'} out`);
	}

	return lines;
}

function ownFile(input: LinkPlanInput, existing: LinkFile | undefined, fallback: LinkFile | undefined): string {
	const {facts, settings, managedKeys} = input;
	const setKeys = new Set(settings.map(([key]) => key));
	const kept = existing?.entries.filter(entry => entry.section === 'Link' && managedKeys.includes(entry.key) && !setKeys.has(entry.key))
		.map(entry => [entry.key, entry.value] as const) ?? [];
	// Winning over the file that applies now replaces its [Link] section: carry its naming and MAC policy.
	const carried = fallback?.entries.filter(entry => entry.section === 'Link' && !managedKeys.includes(entry.key)).map(entry => [entry.key, entry.value] as const) ?? [];
	const comments = [markerLine, `For ${facts.name} (${facts.driver}).`];
	if (fallback) {
		comments.push(`Comes before ${fallback.path}, which applied before; its [Link] settings are carried over.`);
	}

	return renderUnit(comments, [{name: 'Match', entries: matchLines(facts)}, {name: 'Link', entries: [...carried, ...kept, ...settings]}]);
}

function dropInFile(input: LinkPlanInput, existing: ConfigFile | undefined, host: LinkFile): string {
	const setKeys = new Set(input.settings.map(([key]) => key));
	const kept = existing?.text ? linkFiles([{path: posix.join(adminLinkDir, 'x.link'), text: existing.text}])[0]?.entries ?? [] : [];
	const keep = kept.filter(entry => entry.section === 'Link' && input.managedKeys.includes(entry.key) && !setKeys.has(entry.key)).map(entry => [entry.key, entry.value] as const);
	return renderUnit([markerLine, `For ${input.facts.name} (${input.facts.driver}), added to ${host.path}, the first .link file that matches it.`], [{name: 'Link', entries: [...keep, ...input.settings]}]);
}

function write(path: string, before: string | undefined, after: string, mechanism: string[], warnings: string[]): LinkPlan {
	return before === after ? {kind: 'unchanged', path, mechanism} : {kind: 'write', write: {path, before, after}, mechanism, warnings};
}

export function planLink(input: LinkPlanInput): LinkPlan {
	const {facts, files} = input;
	const links = linkFiles(files);
	const name = ownLinkName(facts);
	const ownPath = posix.join(adminLinkDir, name);
	const atOwnPath = files.find(file => file.path === ownPath);
	if (atOwnPath?.text && !isHvtopFile(atOwnPath.text)) {
		return {kind: 'foreign', path: ownPath, message: `${ownPath} exists and hvtop did not write it: left alone, nothing written`};
	}

	const existing = links.find(file => file.name === name && isHvtopFile(file.text));
	const others = matching(links.filter(file => file.name !== name), facts);
	const before = others.filter(({file}) => byName(file.name, name) < 0);
	const warnings = versionWarnings([...input.settings.map(([key]) => key), ...matchLines(facts).map(([key]) => key)], input.udevVersion);
	const first = before[0];
	if (first) {
		const path = dropInPath(first.file);
		const ours = files.find(file => file.path === path);
		if (ours?.text && !isHvtopFile(ours.text)) {
			return {kind: 'foreign', path, message: `${path} exists and hvtop did not write it: left alone, nothing written`};
		}

		if (!input.dropIn && !ours?.text) {
			const may = first.verdict === 'maybe' ? ` may match ${facts.name} (hvtop cannot evaluate ${first.unknown.map(key => `${key}=`).join(', ')})` : ` matches ${facts.name}`;
			return {kind: 'shadowed', by: first.file.path, verdict: first.verdict, dropInPath: path,
				message: `${first.file.path}${may} and comes before ${name}: udev applies only the first matching file, so hvtop's would never apply. Use --drop-in to add ${path} to it instead`};
		}

		const reach = input.others.filter(other => matchLink(first.file.entries, other).verdict !== 'no').map(other => other.name);
		const mechanism = [`udev's net_setup_link applies ${first.file.path} and its drop-ins when ${facts.name} is added (at boot and at every re-add); hvtop adds its keys as ${path}`];
		return write(path, ours?.text ?? undefined, dropInFile(input, ours, first.file), mechanism, [
			...warnings,
			...(reach.length > 0 ? [`${first.file.path} also matches ${reach.join(', ')}: the drop-in applies to ${reach.length === 1 ? 'it' : 'them'} too`] : []),
		]);
	}

	// Carry the settings of the file that surely applies now; one that only may (a condition
	// hvtop cannot evaluate) is named, not copied: its NamePolicy= could rename the device.
	const after = others.filter(({file}) => byName(file.name, name) > 0);
	const fallback = after.find(({verdict}) => verdict === 'yes') ?? after[0];
	for (const unsure of after.filter(({file, verdict}) => verdict === 'maybe' && (!fallback || byName(file.name, fallback.file.name) <= 0))) {
		warnings.push(unsure === fallback
			? `${unsure.file.path} may apply to ${facts.name} now (hvtop cannot evaluate ${unsure.unknown.join(', ')}); its [Link] settings are carried over`
			: `${unsure.file.path} may apply to ${facts.name} now (hvtop cannot evaluate ${unsure.unknown.join(', ')}); its [Link] settings are not carried over${fallback ? ` (${fallback.file.name}'s are)` : ''}`);
	}

	const mechanism = mechanismWords(facts, ownPath, input.others);
	if (fallback) {
		mechanism.push(`${name} sorts before ${fallback.file.name}, the file that applies now, and carries its [Link] settings (naming, MAC policy)`);
	}

	return write(ownPath, existing?.text, ownFile(input, existing, fallback?.file), mechanism, warnings);
}
