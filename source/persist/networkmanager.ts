// NetworkManager's side: where it manages a device it applies its profile's
// ethtool.* settings when the profile activates (after udev's .link), so a
// profile that sets them wins. hvtop never edits a profile it did not write:
// it shows the keyfile [ethtool] section and the nmcli command that adds the
// same values, with the NetworkManager version each key needs (rings 1.26,
// channels 1.46). Azure images leave the VF unmanaged. Pure.
import {kindOf} from '../tuning/kinds/index.js';
import type {KnobValue} from './settings.js';
import {renderUnit} from './unit-file.js';

/** What /run/NetworkManager says of a device: not running, unmanaged, or managed by a profile. */
export type NmState = {readonly managed: false; readonly why: string} | {readonly managed: true; readonly uuid?: string};

/** /run/NetworkManager/devices/IFINDEX, a keyfile NetworkManager writes per device. */
export function nmStateOf(running: boolean, deviceFile: string | undefined): NmState {
	if (!running) {
		return {managed: false, why: 'NetworkManager is not running (no /run/NetworkManager)'};
	}

	const managed = /^managed=(\w+)$/m.exec(deviceFile ?? '')?.[1];
	if (managed !== 'true') {
		return {managed: false, why: 'NetworkManager does not manage it'};
	}

	const uuid = /^connection-uuid=([\w-]+)$/m.exec(deviceFile ?? '')?.[1];
	return {managed: true, ...(uuid ? {uuid} : {})};
}

export type NmPlan = {
	/** The keyfile's [ethtool] section with these values. */
	readonly section: string;
	/** `nmcli connection modify UUID ethtool.… …` as argv. */
	readonly nmcli: readonly string[];
	/** Keys and the version that has them. */
	readonly needs: ReadonlyArray<{readonly key: string; readonly since: string}>;
};

export function planNetworkManager(knobs: readonly KnobValue[], uuid: string | undefined): NmPlan | undefined {
	const pairs: Array<[string, string]> = [];
	const needs: Array<{key: string; since: string}> = [];
	for (const knob of knobs) {
		const nm = kindOf(knob.kind).persist?.networkManager;
		const key = nm?.keys[knob.field];
		if (nm && key) {
			pairs.push([key, String(knob.value)]);
			needs.push({key, since: nm.since});
		}
	}

	if (pairs.length === 0) {
		return undefined;
	}

	return {
		// In a keyfile the setting is the section and the property the key: ethtool.ring-rx is [ethtool] ring-rx=.
		section: renderUnit([], [{name: 'ethtool', entries: pairs.map(([key, value]) => [key.replace(/^ethtool\./, ''), value] as const)}]),
		nmcli: ['nmcli', 'connection', 'modify', uuid ?? 'PROFILE', ...pairs.flat()],
		needs,
	};
}

/** The lines the plan shows for a managed device. */
export function nmLines(name: string, state: NmState, plan: NmPlan | undefined): string[] {
	if (!state.managed || !plan) {
		return [];
	}

	const versions = [...new Set(plan.needs.map(need => need.since))].sort().map(since => `${plan.needs.filter(need => need.since === since).map(need => need.key).join(', ')} since ${since}`);
	return [
		`  ! NetworkManager manages ${name}: at activation its profile's ethtool settings apply after udev and win; hvtop does not edit the profile. To keep the same values there (NetworkManager: ${versions.join('; ')}):`,
		`    ${plan.nmcli.join(' ')}`,
		...plan.section.trimEnd().split('\n').map(line => `    ${line}`),
	];
}
