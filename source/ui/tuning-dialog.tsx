// The change dialog: current → proposed, the bounds the driver allows, what
// will happen, and its own keys. Nothing changes until y/Enter.
import {Box} from 'ink';
import {Text} from './text.js';
import {describeValues} from '../tuning/plan.js';
import type {DialogState} from '../tuning/dialog.js';
import {hintLine} from './keys.js';
import {dialogKeys} from './use-tuning.js';

export type TuningDialogProps = {
	readonly dialog: DialogState;
	readonly columns: number;
};

const fieldLabel = (dialog: DialogState, field: string): string =>
	dialog.kind === 'channels' ? (field === 'combined' ? 'combined channels' : 'rx/tx channels') : `${field} ring`;

export default function TuningDialog({dialog, columns}: TuningDialogProps) {
	const {plan} = dialog;
	const title = `Change ${dialog.kind} of ${dialog.device}`;
	const width = Math.max(40, Math.min(columns, 90));
	return (
		<Box flexDirection='column' borderStyle='round' borderColor='cyan' paddingX={1} width={width}>
			<Text bold>{title}</Text>
			{dialog.fields.map(field => {
				const focused = field === dialog.field;
				const now = dialog.current[field];
				const next = dialog.proposed[field];
				const max = dialog.max[field];
				return (
					<Text key={field} wrap='truncate-end'>
						{`${focused ? '›' : ' '} ${fieldLabel(dialog, field).padEnd(18)} ${String(now ?? '?').padStart(6)} → `}
						<Text bold inverse={focused}>{` ${next ?? '?'}${focused && dialog.typed !== '' ? '_' : ''} `}</Text>
						<Text dimColor>{`   allowed 1 … ${max ?? '?'}`}</Text>
					</Text>
				);
			})}
			{plan.ok
				? (
					<Box flexDirection='column' marginTop={1}>
						<Text>{`${describeValues(plan.plan.before)} → ${describeValues(plan.plan.after)}: what will happen`}</Text>
						{plan.plan.effects.map(effect => <Text key={effect} wrap='wrap'>{`  • ${effect}`}</Text>)}
						<Text wrap='wrap'>{`  • reverted unless you keep it within ${Math.round(dialog.keepTimeoutMs / 1000)} s`}</Text>
						{plan.plan.warnings.map(warning => <Text key={warning} color='yellow' wrap='wrap'>{`  ! ${warning}`}</Text>)}
					</Box>
				)
				: <Box marginTop={1}><Text color={plan.problem.kind === 'unchanged' ? undefined : 'red'} wrap='wrap'>{plan.problem.message}</Text></Box>}
			<Box marginTop={1}>
				<Text dimColor wrap='truncate-end'>{hintLine(dialogKeys)}</Text>
			</Box>
		</Box>
	);
}
