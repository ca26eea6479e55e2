// How a device is described above its numbers: channels, rings, link, VF,
// vCPUs and offloads. One wording for the dashboard header and --once (which
// adds the interval and warnings below it).
import {formatBytes, formatPps, formatRate} from '../format.js';
import type {DeviceSnapshot} from '../sources/source.js';
import type {VfDeviceSnapshot} from '../types.js';
import {trafficError, trafficErrorText} from '../sources/traffic-error.js';
import type {DeviceReading} from '../stats/reading.js';
import {featuresSummary} from './features.js';
import {vfServicingNote} from './vf-notice.js';

/** "channels 4/16" (combined) or rx and tx apart; why not, when they cannot be read. */
export function channelsText(snapshot: Pick<DeviceSnapshot, 'channels'>): string {
	if (!snapshot.channels.ok) {
		return `channels: ${snapshot.channels.error.code === 'EOPNOTSUPP' ? 'not supported' : snapshot.channels.error.message}`;
	}

	const c = snapshot.channels.value;
	if (c.maxCombined > 0) {
		return `channels ${c.combined}/${c.maxCombined}`;
	}

	return `channels rx ${c.rx}/${c.maxRx} tx ${c.tx}/${c.maxTx}`;
}

/** Ring sizes, with the buffer bytes they make when the driver says its section size. */
export function ringsText(snapshot: Pick<DeviceSnapshot, 'rings'>): string {
	if (!snapshot.rings.ok) {
		return `rings: ${snapshot.rings.error.code === 'EOPNOTSUPP' ? 'not supported' : snapshot.rings.error.message}`;
	}

	const r = snapshot.rings.value;
	const sizes = r.rxSectionBytes && r.txSectionBytes
		? ` (${formatBytes(r.rx * r.rxSectionBytes)}/${formatBytes(r.tx * r.txSectionBytes)})`
		: '';
	return `rings rx ${r.rx}/${r.rxMax} tx ${r.tx}/${r.txMax} ${r.unit}${sizes}`;
}

/** The VF read through its own driver, as the header's second path: "VF mana  channels 16/64  rings rx 1024/8192 tx 256/16384  rx-cqe-frames 1". */
export function vfPathText(vf: VfDeviceSnapshot, options: {readonly name?: boolean; readonly unit?: boolean} = {}): string {
	const rings = ringsText(vf);
	const coalesce = vf.coalesce?.ok ? `  rx-cqe-frames ${vf.coalesce.value.rxCqeFrames}` : '';
	return `VF ${options.name ? `${vf.name} ` : ''}${vf.driver}  ${channelsText(vf)}  ${options.unit || !vf.rings.ok ? rings : rings.replace(/ descriptors$/, '')}${coalesce}`;
}

/** The dashboard header's short link: "link up 10G", "link down (admin)". */
export function headerLinkText(snapshot: DeviceSnapshot): string {
	const {link} = snapshot;
	if (!link.up) {
		return 'link down (admin)';
	}

	if (!link.carrier) {
		return 'no carrier';
	}

	return link.speedMbps ? `link up ${link.speedMbps >= 1000 ? `${link.speedMbps / 1000}G` : `${link.speedMbps}M`}` : 'link up';
}

/** The header's offloads line. */
export const featuresText = (snapshot: DeviceSnapshot | undefined): string =>
	(snapshot?.features.ok ? featuresSummary(snapshot.features.value) : 'features n/a');

/** --once's lines above a device's table: driver, link, sizes, offloads, the interval and warnings. */
export function deviceSummary(reading: DeviceReading): string[] {
	const {snapshot, rates} = reading;
	if (!snapshot || !rates) {
		return [`${reading.name}: ${reading.error?.message ?? 'no data'}`];
	}

	const driver = snapshot.info.ok ? `${snapshot.info.value.driver} ${snapshot.info.value.version}` : 'driver unknown';
	const link = snapshot.link.up ? (snapshot.link.carrier ? `link up${snapshot.link.speedMbps ? ` ${snapshot.link.speedMbps}Mb/s` : ''}` : 'no carrier') : 'link down';
	const channels = channelsText(snapshot);
	const rings = ringsText(snapshot);
	const failed = trafficError(snapshot);
	return [
		`${reading.name}  ${driver}  ${link}${snapshot.vf ? `  VF ${snapshot.vf}` : ''}  ${snapshot.vcpus} vCPU`,
		`${channels}  ${rings}`,
		...(snapshot.vfDevice ? [vfPathText(snapshot.vfDevice, {name: true, unit: true})] : []),
		`offloads: ${snapshot.features.ok ? featuresSummary(snapshot.features.value) : 'n/a'}`,
		failed
			? trafficErrorText(failed)
			: snapshot.perQueue === false
				? `over ${rates.elapsedSeconds.toFixed(1)}s: ${snapshot.info.ok ? snapshot.info.value.driver : 'this driver'} has no per-queue counters hvtop reads; the row is the device's total`
				: `over ${rates.elapsedSeconds.toFixed(1)}s: imbalance ${rates.imbalance.toFixed(2)}× (max/mean of queue packet rates)${rates.reset ? '  queues re-created' : ''}`,
		// Only for a device with a VF partner (or VF traffic seen): no "VF path" line on a device that has none.
		...(rates.vf && (snapshot.vf !== undefined || rates.vf.rxPps + rates.vf.txPps > 0) ? [`VF path: rx ${formatPps(rates.vf.rxPps)} pps ${formatRate(rates.vf.rxBps, 'bits')}, tx ${formatPps(rates.vf.txPps)} pps ${formatRate(rates.vf.txBps, 'bits')} (synthetic queues below carry the rest)`] : []),
		...(vfServicingNote(rates) ? [vfServicingNote(rates)] : []),
		...(reading.error ? [`warning: ${reading.error.message}`] : []),
	];
}
