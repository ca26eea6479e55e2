import {memo} from 'react';
import {Box} from 'ink';
import {Text} from './text.js';
import type {DeviceSnapshot} from '../sources/source.js';
import {featuresSummary} from '../views/features.js';
import {formatBytes} from '../format.js';

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

/** What the header shows, as plain values: equal values, no re-render. */
type HeaderLinesProps = {
	readonly host: string;
	readonly sourceLabel: string;
	readonly isModel: boolean;
	readonly viewTitle: string | undefined;
	readonly paused: boolean;
	readonly intervalMs: number;
	readonly device: string;
	readonly driver: string;
	readonly link: string | undefined;
	readonly linkBad: boolean;
	readonly details: string;
	readonly sizes: string;
	readonly features: string;
};

const HeaderLines = memo((props: HeaderLinesProps) => (
	<Box flexDirection='column'>
		<Text wrap='truncate-end'>
			<Text bold>hvtop</Text>
			{` ${props.host}  `}
			<Text color={props.isModel ? 'yellow' : 'green'}>{props.sourceLabel}</Text>
			{props.viewTitle ? <Text bold>{`  [${props.viewTitle}]`}</Text> : null}
			{props.paused ? <Text inverse> PAUSED </Text> : <Text dimColor>{`  every ${props.intervalMs / 1000}s`}</Text>}
		</Text>
		<Text wrap='truncate-end'>
			<Text bold color='cyan'>{props.device}</Text>
			{`  ${props.driver}  `}
			{props.link === undefined ? 'reading…' : <Text color={props.linkBad ? 'red' : undefined}>{props.link}</Text>}
			{props.details}
		</Text>
		<Text wrap='truncate-end'>
			{props.sizes}
		</Text>
		<Text wrap='truncate-end' dimColor>
			{`offloads: ${props.features}`}
		</Text>
	</Box>
));

export default function Header(props: HeaderProps) {
	const {snapshot} = props;
	const name = props.devices[props.deviceIndex] ?? '-';
	const position = props.devices.length > 1 ? ` ${props.deviceIndex + 1}/${props.devices.length}` : '';
	return (
		<HeaderLines
			host={props.host}
			sourceLabel={props.sourceLabel}
			isModel={props.isModel}
			viewTitle={props.view && props.view !== 'queues' ? viewTitles[props.view] ?? props.view : undefined}
			paused={props.paused}
			intervalMs={props.intervalMs}
			device={`${name}${position}`}
			driver={snapshot?.info.ok ? snapshot.info.value.driver : '?'}
			link={snapshot ? linkText(snapshot) : undefined}
			linkBad={snapshot ? !(snapshot.link.up && snapshot.link.carrier) : false}
			details={`${snapshot?.vf ? `  VF ${snapshot.vf}` : ''}${snapshot ? `  ${snapshot.vcpus} vCPU` : ''}`}
			sizes={snapshot ? `${channelsText(snapshot)}  ${ringsText(snapshot)}` : ' '}
			features={snapshot?.features.ok ? featuresSummary(snapshot.features.value) : 'features n/a'}
		/>
	);
}
