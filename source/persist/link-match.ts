// Does a .link file's [Match] section match a device, the way udev's
// net_setup_link decides it (systemd.link(5), [Match]): every condition
// given must hold; list keys hold when any entry matches; a list whose
// first value starts with "!" is inverted; an empty assignment resets it;
// a file with no condition at all is ignored. Conditions hvtop cannot
// evaluate here (Property=, Host=, KernelCommandLine=, …) make the answer
// "maybe": such a file is reported, never silently skipped.
import type {UnitEntry} from './unit-file.js';

/** What udev knows of a network device when it picks its .link file. */
export type DeviceFacts = {
	readonly name: string;
	/** ID_NET_DRIVER (the driver `ethtool -i` names). */
	readonly driver: string;
	/** The current hardware address, lower case. */
	readonly mac: string;
	/** The permanent address; null when the device has none (veth), undefined when unknown. */
	readonly permanentMac?: string | null;
	/** The kernel's name before any rename; undefined when the device was renamed (unknown). */
	readonly originalName?: string;
	/** "ether", "wlan", … as networkctl shows it. */
	readonly type: string;
	/** ID_PATH: null when the device has none (a virtual device), undefined when unknown. */
	readonly path?: string | null;
	/** The netlink kind (veth, bond, …); undefined for a hardware device. */
	readonly linkKind?: string;
};

export type Verdict = 'yes' | 'no' | 'maybe';

export type MatchResult = {readonly verdict: Verdict; readonly unknown: readonly string[]};

/** fnmatch(3) without flags: * ? and [...] (with ! or ^ to negate). */
export function globMatches(pattern: string, text: string): boolean {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i]!;
		if (char === '*') {
			source += '.*';
		} else if (char === '?') {
			source += '.';
		} else if (char === '[') {
			const close = pattern.indexOf(']', i + 2);
			if (close === -1) {
				source += '\\[';
			} else {
				let body = pattern.slice(i + 1, close);
				body = body.startsWith('!') || body.startsWith('^') ? `^${body.slice(1)}` : body;
				source += `[${body.replaceAll('\\', '\\\\')}]`;
				i = close;
			}
		} else {
			source += char.replace(/[.+^${}()|\\/]/g, '\\$&');
		}
	}

	return new RegExp(`^${source}$`, 's').test(text);
}

const normalizeMac = (mac: string): string => mac.toLowerCase().replaceAll('-', ':');

type ListCondition = {values: string[]; invert: boolean};

// One condition per key: values accumulate over lines; "" resets; a leading "!" inverts the list.
function conditions(entries: readonly UnitEntry[]): Map<string, ListCondition> {
	const found = new Map<string, ListCondition>();
	for (const {section, key, value} of entries) {
		if (section !== 'Match') {
			continue;
		}

		if (value === '') {
			found.delete(key);
			continue;
		}

		const condition = found.get(key) ?? {values: [], invert: false};
		const words = value.split(/\s+/);
		if (condition.values.length === 0 && words[0]!.startsWith('!')) {
			condition.invert = true;
			words[0] = words[0]!.slice(1);
		}

		condition.values.push(...words.filter(word => word !== ''));
		found.set(key, condition);
	}

	return found;
}

const globKeys: Readonly<Record<string, (facts: DeviceFacts) => string | null | undefined>> = {
	OriginalName: facts => facts.originalName,
	Driver: facts => facts.driver,
	Type: facts => facts.type,
	Path: facts => facts.path,
	Kind: facts => facts.linkKind ?? '',
};

function holds(key: string, condition: ListCondition, facts: DeviceFacts): boolean | undefined {
	if (key === 'MACAddress') {
		return condition.values.map(value => normalizeMac(value)).includes(facts.mac);
	}

	if (key === 'PermanentMACAddress') {
		if (facts.permanentMac === undefined) {
			return undefined;
		}

		return facts.permanentMac !== null && condition.values.map(value => normalizeMac(value)).includes(facts.permanentMac);
	}

	const read = globKeys[key];
	const value = read?.(facts);
	if (value === undefined) {
		// "*" matches whatever the unknown value is (99-default.link's OriginalName=*).
		return read && !condition.invert && condition.values.includes('*') ? true : undefined;
	}

	// Udev's net_condition_test_strv: a property the device lacks matches no pattern.
	if (value === null) {
		return condition.invert;
	}

	const any = condition.values.some(pattern => globMatches(pattern, value));
	return condition.invert ? !any : any;
}

/** Whether a .link file (its entries, drop-ins included) applies to the device. */
export function matchLink(entries: readonly UnitEntry[], facts: DeviceFacts): MatchResult {
	const found = conditions(entries);
	if (found.size === 0) {
		// Udev ignores a .link file without conditions ("add OriginalName=* to match all").
		return {verdict: 'no', unknown: []};
	}

	const unknown: string[] = [];
	for (const [key, condition] of found) {
		const result = holds(key, condition, facts);
		if (result === false) {
			return {verdict: 'no', unknown: []};
		}

		if (result === undefined) {
			unknown.push(key);
		}
	}

	return {verdict: unknown.length > 0 ? 'maybe' : 'yes', unknown};
}
