// What the VF rules share: the VF the snapshot read (its driver's facts, its
// rates only when they are of this VF instance), the kernel files advice
// cites for each VF driver, and the note that tells the two rings apart.
import {formatBytes} from '../format.js';
import {defaultRxSections, rxSectionBytes} from '../drivers/hv-netvsc.js';
import {vfDriverFacts, type VfDriverFacts} from '../drivers/index.js';
import type {DeviceSnapshot} from '../sources/source.js';
import type {VfDeviceRates} from '../stats/rates.js';
import type {Channels, Rings, VfDeviceSnapshot} from '../types.js';
import {maxTitleLength, type AdviceInput} from './types.js';

export type VfInView = {
	readonly device: VfDeviceSnapshot;
	readonly facts: VfDriverFacts;
	/** Undefined on the first reading, and when the VF was replaced (servicing): its counters restarted. */
	readonly rates?: VfDeviceRates;
};

/** The VF the source read, when its driver is a known Azure VF driver. */
export function vfInView({snapshot, rates}: Pick<AdviceInput, 'snapshot' | 'rates'>): VfInView | undefined {
	const device = snapshot.vfDevice;
	const facts = vfDriverFacts(device?.driver);
	if (!device || !facts) {
		return undefined;
	}

	const own = rates.vfDevice;
	const current = own !== undefined && !own.replaced && own.instance === device.instance && own.name === device.name && rates.elapsedSeconds > 0;
	return current ? {device, facts, rates: own} : {device, facts};
}

export const vfChannelsOf = (device: VfDeviceSnapshot): Channels | undefined =>
	device.channels.ok && device.channels.value.maxCombined > 0 ? device.channels.value : undefined;

export const vfRingsOf = (device: VfDeviceSnapshot): Rings | undefined =>
	device.rings.ok && device.rings.value.unit === 'descriptors' ? device.rings.value : undefined;

/** The first title that fits on the advice line (VF names vary in length); the last one otherwise. */
export const fittingTitle = (...titles: readonly string[]): string => titles.find(t => t.length <= maxTitleLength) ?? titles.at(-1)!;

/** Per second, 0 when the VF driver has no such counter. */
export const vfRisingRate = (rates: VfDeviceRates, name: string): number => rates.errors.find(e => e.name === name)?.rate ?? 0;

/** The channel count the VF driver picks at probe: its default, bounded by what the VF offers (online vCPUs). */
export function vfDefaultChannels(facts: VfDriverFacts, channels: Channels | undefined, vcpus: number): number {
	const offered = channels?.maxCombined ?? (vcpus > 0 ? vcpus : facts.hwMaxChannels);
	return Math.max(1, Math.min(facts.defaultChannels, offered, facts.hwMaxChannels));
}

/** The kernel files advice names for a VF driver's defaults and its counters. */
export const vfKernelFiles: Readonly<Record<VfDriverFacts['name'], {readonly defaults: string; readonly stats: string}>> = {
	mana: {defaults: 'include/net/mana/mana.h', stats: 'drivers/net/ethernet/microsoft/mana/mana_ethtool.c'},
	mlx5_core: {defaults: 'drivers/net/ethernet/mellanox/mlx5/core/en.h', stats: 'drivers/net/ethernet/mellanox/mlx5/core/en_stats.c'},
};

/** The rx value guides give for every device alike (Microsoft's network-throughput guide among them). */
export const genericGuideRx = 1024;

/** How many times smaller than netvsc's default receive buffer `rx 1024` makes it: 9709 / 1024 ≈ 9.5. */
export const genericRxShrink = defaultRxSections / genericGuideRx;

/**
 * For ring advice on the synthetic device when a VF is paired (named, read or
 * not): which ring the advice is about, and why the generic `rx 1024` means
 * two different things. Empty without a VF.
 */
export function syntheticRingNote(snapshot: DeviceSnapshot, direction: 'rx' | 'tx'): string {
	const vf = snapshot.vfDevice;
	const name = vf?.name ?? snapshot.vf;
	if (name === undefined) {
		return '';
	}

	const rings = vf ? vfRingsOf(vf) : undefined;
	const now = rings ? `, now ${direction === 'rx' ? rings.rx : rings.tx}` : '';
	const own = ` This is the synthetic ${direction === 'rx' ? 'receive' : 'send'} buffer of ${snapshot.name}, in sections; `
		+ `its VF ${name}${vf ? ` (${vf.driver})` : ''} has its own ${direction} ring, counted in descriptors${now}, `
		+ `sized with \`ethtool -G ${name} ${direction} N\`.`;
	if (direction === 'tx') {
		return own;
	}

	const sectionBytes = (snapshot.rings.ok ? snapshot.rings.value.rxSectionBytes : undefined) ?? rxSectionBytes;
	return `${own} A generic \`ethtool -G <dev> rx ${genericGuideRx}\` means ${genericGuideRx} descriptors on ${name} but `
		+ `${genericGuideRx} sections of ${sectionBytes} B (${formatBytes(genericGuideRx * sectionBytes)}) on ${snapshot.name}: `
		+ `${genericRxShrink.toFixed(1)}× smaller than its default ${defaultRxSections} (drivers/net/hyperv/hyperv_net.h).`;
}
