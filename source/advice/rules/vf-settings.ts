// A VF setting that differs from its driver's default lives only as long as
// this VF: host servicing removes the VF and adds a new netdev, which probes
// with the driver's defaults (its RSS table too). The advice names what differs,
// `hvtop persist` that writes it, and the mechanisms underneath (a systemd .link
// file, a udev rule) for admins who keep their own.
import {vfDriverFacts, type VfDriverFacts} from '../../drivers/index.js';
import type {VfDeviceSnapshot} from '../../types.js';
import {isDefaultTable} from '../../stats/rss-table.js';
import {fittingTitle, vfChannelsOf, vfDefaultChannels, vfKernelFiles, vfRingsOf} from '../vf-facts.js';
import type {Advice, AdviceInput, AdviceRule} from '../types.js';
import {references} from '../references.js';

export const vfSettingsNotPersistentId = 'vf-settings-not-persistent';

export type VfSettingChange = {
	/** As ethtool names it: combined, rx, tx, rx-cqe-frames; `table` for the RSS indirection table. */
	readonly name: string;
	readonly value: number | string;
	readonly driverDefault: number | string;
	/** The systemd .link key that sets it; undefined when .link has none (a udev rule then). */
	readonly linkKey?: string;
};

/** The VF's settings that differ from what its driver sets at probe, in ethtool's order. */
export function vfChangedSettings(device: VfDeviceSnapshot, facts: VfDriverFacts, vcpus: number): VfSettingChange[] {
	const changed: VfSettingChange[] = [];
	const channels = vfChannelsOf(device);
	if (channels) {
		const driverDefault = vfDefaultChannels(facts, channels, vcpus);
		if (channels.combined !== driverDefault) {
			changed.push({name: 'combined', value: channels.combined, driverDefault, linkKey: 'CombinedChannels'});
		}
	}

	const rings = vfRingsOf(device);
	if (rings && rings.rx !== facts.rxRing.default) {
		changed.push({name: 'rx', value: rings.rx, driverDefault: facts.rxRing.default, linkKey: 'RxBufferSize'});
	}

	if (rings && rings.tx !== facts.txRing.default) {
		changed.push({name: 'tx', value: rings.tx, driverDefault: facts.txRing.default, linkKey: 'TxBufferSize'});
	}

	const cqeDefault = facts.rxCqeFrames[0];
	if (device.coalesce?.ok && cqeDefault !== undefined && device.coalesce.value.rxCqeFrames !== cqeDefault) {
		changed.push({name: 'rx-cqe-frames', value: device.coalesce.value.rxCqeFrames, driverDefault: cqeDefault});
	}

	// The driver spreads a new VF's table equally over its channels (ethtool_rxfh_indir_default).
	const table = device.rss?.ok ? device.rss.value.table : undefined;
	if (table && table.length > 0 && channels && (device.rss?.ok && device.rss.value.configured === true || !isDefaultTable(table, channels.combined))) {
		changed.push({name: 'table', value: 'custom', driverDefault: `equal over ${channels.combined}`});
	}

	return changed;
}

const settingText = (s: VfSettingChange): string => `${s.name} ${s.value} (default ${s.driverDefault})`;

/** How to re-apply the settings at every VF add, for the keys each way can express. */
function persistHint(device: VfDeviceSnapshot, changed: readonly VfSettingChange[]): string {
	const linkKeys = changed.flatMap(s => (s.linkKey ? [`${s.linkKey}=${s.value}`] : []));
	const udevOnly = changed.filter(s => !s.linkKey);
	const link = linkKeys.length > 0
		? `a systemd .link file matching Driver=${device.driver} with ${linkKeys.join(' ')} (systemd.link(5)), applied by udev at each add`
		: '';
	const udev = udevOnly.length > 0 || linkKeys.length === 0
		? `a udev rule on ACTION=="add" for ENV{ID_NET_DRIVER}=="${device.driver}" that runs ethtool`
			+ (udevOnly.length > 0 ? ` (${udevOnly.map(s => `${s.name} has no .link key`).join(', ')})` : '')
		: '';
	return [link, udev].filter(Boolean).join(', or ');
}

export function vfSettingsNotPersistent({snapshot}: AdviceInput): Advice | undefined {
	const device = snapshot.vfDevice;
	const facts = vfDriverFacts(device?.driver);
	if (!device || !facts) {
		return undefined;
	}

	const changed = vfChangedSettings(device, facts, snapshot.vcpus);
	const first = changed[0];
	if (!first) {
		return undefined;
	}

	const names = changed.map(s => s.name);
	return {
		id: vfSettingsNotPersistentId,
		severity: 'info',
		title: changed.length === 1 && first.name === 'table'
			? fittingTitle(`VF ${device.name} RSS table set by hand: lost at host servicing`, 'VF RSS table set by hand: lost at host servicing')
			: changed.length === 1
				? fittingTitle(
					`VF ${device.name} ${first.name} ${first.value} ≠ default ${first.driverDefault}: lost at host servicing`,
					`VF ${first.name} ${first.value} ≠ default ${first.driverDefault}: lost at host servicing`,
				)
				: fittingTitle(
					`VF ${device.name} ${names.join(', ')} ≠ defaults: lost at host servicing`,
					`VF ${device.name} settings ≠ ${facts.name} defaults: lost at host servicing`,
					`VF settings ≠ ${facts.name} defaults: lost at host servicing`,
				),
		reason: `${device.name} runs with ${changed.map(s => settingText(s)).join(', ')}; ${facts.name}'s defaults are in `
			+ `${vfKernelFiles[facts.name].defaults}. Host servicing removes the VF and adds a new one with the defaults, so `
			+ `${changed.length === 1 ? 'this setting is' : 'these settings are'} lost then, unless something re-applies `
			+ `${changed.length === 1 ? 'it' : 'them'}. \`hvtop persist ${snapshot.name}\` (or p after a kept change) writes `
			+ `what makes ${changed.length === 1 ? 'it' : 'them'} last and shows the file first; by hand: `
			+ `${persistHint(device, changed)}, as Microsoft's network-throughput guide does for rings. `
			+ 'Skip this if such a rule is already in place (hvtop persist --status tells).',
		source: `${references.optimizeBandwidth}; ${references.systemdLink}; the VF is re-added at servicing: ${references.anHowItWorks}`,
	};
}

export const vfSettingsRule: AdviceRule = {
	id: vfSettingsNotPersistentId,
	when: 'a VF channel, ring or CQE-coalescing setting differs from its driver\'s default (lost at host servicing)',
	check: vfSettingsNotPersistent,
	netvscOnly: true,
};
