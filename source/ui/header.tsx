import {memo} from 'react';
import {Box} from 'ink';
import {Text} from './text.js';
import type {DeviceSnapshot} from '../sources/source.js';
import {channelsText, featuresText, headerLinkText, ringsText, vfPathText} from '../views/device-summary.js';
import {mainView, views} from '../views/registry.js';

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
	/** The kind of a kept change not yet made to last ("vf-rss"): marked in the title line until persisted (p) or dismissed. */
	readonly notPersisted?: string;
};

/** The view named in the title line: every view but the main one, by its registry title. */
function viewTitle(view: string | undefined): string | undefined {
	if (view === undefined || view === mainView.name) {
		return undefined;
	}

	return views.find(v => v.name === view)?.title ?? view;
}

/** What the header shows, as plain values: equal values, no re-render. */
type HeaderLinesProps = {
	readonly host: string;
	readonly sourceLabel: string;
	readonly isModel: boolean;
	readonly viewTitle: string | undefined;
	readonly paused: boolean;
	readonly intervalMs: number;
	readonly notPersisted: string | undefined;
	readonly device: string;
	readonly driver: string;
	readonly link: string | undefined;
	readonly linkBad: boolean;
	readonly details: string;
	readonly sizes: string;
	/** The VF's path (driver, channels, rings) when the source reads it; '' without. */
	readonly vfPath: string;
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
			{props.notPersisted ? <Text color='yellow'>{`  kept, not persisted: ${props.notPersisted} (p)`}</Text> : null}
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
		{props.vfPath
			? (
				<Text wrap='truncate-end'>
					{`${props.vfPath}  `}
					<Text dimColor>{`offloads: ${props.features}`}</Text>
				</Text>
			)
			: (
				<Text wrap='truncate-end' dimColor>
					{`offloads: ${props.features}`}
				</Text>
			)}
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
			viewTitle={viewTitle(props.view)}
			paused={props.paused}
			intervalMs={props.intervalMs}
			notPersisted={props.notPersisted}
			device={`${name}${position}`}
			driver={snapshot?.info.ok ? snapshot.info.value.driver : '?'}
			link={snapshot ? headerLinkText(snapshot) : undefined}
			linkBad={snapshot ? !(snapshot.link.up && snapshot.link.carrier) : false}
			details={`${snapshot?.vf ? `  VF ${snapshot.vf}` : ''}${snapshot ? `  ${snapshot.vcpus} vCPU` : ''}`}
			sizes={snapshot ? `${channelsText(snapshot)}  ${ringsText(snapshot)}` : ' '}
			vfPath={snapshot?.vfDevice ? vfPathText(snapshot.vfDevice) : ''}
			features={featuresText(snapshot)}
		/>
	);
}
