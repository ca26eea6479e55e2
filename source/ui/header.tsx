import {Box, Text} from 'ink';
import type {DeviceSnapshot} from '../sources/source.js';
import {featuresSummary} from './features-summary.js';
import {formatBytes} from './format.js';

export type HeaderProps = {
	readonly host: string;
	readonly sourceLabel: string;
	readonly isModel: boolean;
	readonly devices: readonly string[];
	readonly deviceIndex: number;
	readonly snapshot: DeviceSnapshot | undefined;
	readonly paused: boolean;
	readonly intervalMs: number;
	/** The view on screen, named in the title line when it is not the queue table. */
	readonly view?: string;
};

const viewTitles: Readonly<Record<string, string>> = {cpus: 'CPUs', rss: 'RSS table', vf: 'VF split'};

function channelsText(snapshot: DeviceSnapshot): string {
	if (!snapshot.channels.ok) {
		return `channels: ${snapshot.channels.error.code === 'EOPNOTSUPP' ? 'not supported' : snapshot.channels.error.message}`;
	}

	const c = snapshot.channels.value;
	if (c.maxCombined > 0) {
		return `channels ${c.combined}/${c.maxCombined}`;
	}

	return `channels rx ${c.rx}/${c.maxRx} tx ${c.tx}/${c.maxTx}`;
}

function ringsText(snapshot: DeviceSnapshot): string {
	if (!snapshot.rings.ok) {
		return `rings: ${snapshot.rings.error.code === 'EOPNOTSUPP' ? 'not supported' : snapshot.rings.error.message}`;
	}

	const r = snapshot.rings.value;
	const sizes = r.rxSectionBytes && r.txSectionBytes
		? ` (${formatBytes(r.rx * r.rxSectionBytes)}/${formatBytes(r.tx * r.txSectionBytes)})`
		: '';
	return `rings rx ${r.rx}/${r.rxMax} tx ${r.tx}/${r.txMax} ${r.unit}${sizes}`;
}

function linkText(snapshot: DeviceSnapshot): string {
	const {link} = snapshot;
	if (!link.up) {
		return 'link down (admin)';
	}

	if (!link.carrier) {
		return 'no carrier';
	}

	return link.speedMbps ? `link up ${link.speedMbps >= 1000 ? `${link.speedMbps / 1000}G` : `${link.speedMbps}M`}` : 'link up';
}

export default function Header(props: HeaderProps) {
	const {snapshot} = props;
	const name = props.devices[props.deviceIndex] ?? '-';
	const driver = snapshot?.info.ok ? snapshot.info.value.driver : '?';
	const position = props.devices.length > 1 ? ` ${props.deviceIndex + 1}/${props.devices.length}` : '';
	const features = snapshot?.features.ok ? featuresSummary(snapshot.features.value) : 'features n/a';
	return (
		<Box flexDirection='column'>
			<Text wrap='truncate-end'>
				<Text bold>hvtop</Text>
				{` ${props.host}  `}
				<Text color={props.isModel ? 'yellow' : 'green'}>{props.sourceLabel}</Text>
				{props.view && props.view !== 'queues' ? <Text bold>{`  [${viewTitles[props.view] ?? props.view}]`}</Text> : null}
				{props.paused ? <Text inverse> PAUSED </Text> : <Text dimColor>{`  every ${props.intervalMs / 1000}s`}</Text>}
			</Text>
			<Text wrap='truncate-end'>
				<Text bold color='cyan'>{`${name}${position}`}</Text>
				{`  ${driver}  `}
				{snapshot ? <Text color={snapshot.link.up && snapshot.link.carrier ? undefined : 'red'}>{linkText(snapshot)}</Text> : 'reading…'}
				{snapshot?.vf ? `  VF ${snapshot.vf}` : ''}
				{snapshot ? `  ${snapshot.vcpus} vCPU` : ''}
			</Text>
			<Text wrap='truncate-end'>
				{snapshot ? `${channelsText(snapshot)}  ${ringsText(snapshot)}` : ' '}
			</Text>
			<Text wrap='truncate-end' dimColor>
				{`offloads: ${features}`}
			</Text>
		</Box>
	);
}
