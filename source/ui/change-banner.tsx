// The change as it happens: each state passed, the keep countdown, and the
// outcome with its reason and the driver's own message.
import {Box} from 'ink';
import {Text} from './text.js';
import {outcomeLine, retrying, secondsLeft, stateLabels} from '../tuning/describe.js';
import {describeValues} from '../tuning/plan.js';
import {isTerminal, type ChangeState, type ChangeView} from '../tuning/types.js';
import {hintLine} from './keymap.js';

export type ChangeBannerProps = {
	readonly change?: ChangeView;
	/** Monotonic ms on the same clock as change.deadline. */
	readonly now: number;
	readonly columns: number;
	/** One-off lines (recovery findings, refusals). */
	readonly notices?: readonly string[];
};

const outcomeColor = (state: ChangeState): string | undefined => {
	switch (state) {
		case 'KEPT': {
			return 'green';
		}

		case 'REVERTED':
		case 'UNCHANGED':
		case 'ABORTED':
		case 'SUPERSEDED': {
			return 'yellow';
		}

		case 'REVERT_FAILED':
		case 'DIVERGED': {
			return 'red';
		}

		default: {
			return undefined;
		}
	}
};

// Shown for the path so far; the first two are bookkeeping before anything runs.
const shown = new Set<ChangeState>(['JOURNALED', 'ARMED', 'APPLYING', 'APPLY_FAILED', 'VERIFYING', 'AWAIT_CONFIRM', 'REVERTING']);

export default function ChangeBanner({change, now, columns, notices = []}: ChangeBannerProps) {
	if (!change && notices.length === 0) {
		return null;
	}

	return (
		<Box flexDirection='column' width={columns}>
			{notices.map(line => (
				<Text key={line} color={line.startsWith('REVERT FAILED') ? 'red' : 'yellow'} bold={line.startsWith('REVERT FAILED')} wrap='wrap'>{line}</Text>
			))}
			{change && <ChangeLines change={change} now={now}/>}
		</Box>
	);
}

function ChangeLines({change, now}: {readonly change: ChangeView; readonly now: number}) {
	const done = isTerminal(change.state);
	// The current state is shown in bold after the path, not twice.
	const passed = done ? change.history : change.history.slice(0, -1);
	const path = passed.filter(h => shown.has(h.state)).map(h => stateLabels[h.state]);
	const left = secondsLeft(change, now);
	const color = outcomeColor(change.state);
	return (
		<Box flexDirection='column'>
			<Text wrap='truncate-end'>
				<Text bold>{`change ${change.id} `}</Text>
				{`${change.dev} ${change.kind} ${describeValues(change.before)} → ${describeValues(change.after)}`}
			</Text>
			<Text wrap='wrap'>
				<Text dimColor>{`  ${path.join(' → ')}`}</Text>
				{!done && <Text bold>{`${path.length > 0 ? ' → ' : ''}${stateLabels[change.state]}`}</Text>}
			</Text>
			{change.state === 'AWAIT_CONFIRM' && (
				<Text wrap='truncate-end'>
					<Text bold color={left !== undefined && left <= 5 ? 'red' : 'cyan'}>{`keep? ${left ?? '?'} s left `}</Text>
					{`now ${describeValues(change.readback)}${change.clamped ? ' (clamped by the driver)' : ''}; per-queue counters restarted.  `}
					<Text dimColor>{hintLine(['waiting'])}</Text>
				</Text>
			)}
			{(done || retrying(change)) && (
				// The outcome (with its reason and the driver's words) in one line; a retrying revert: the attempt and the next.
				<Text color={color} bold={change.state === 'REVERT_FAILED'} wrap='wrap'>{outcomeLine(change, now)}</Text>
			)}
		</Box>
	);
}
