// The change as it happens: each state passed, the keep countdown, and the
// outcome with its reason and the driver's own message. Drawn from
// bannerLines, the same lines the dashboard counts to make room for it.
import {Box} from 'ink';
import type {ChangeView} from '../tuning/types.js';
import {bannerLines} from './banner-lines.js';
import ViewLines from './view-lines.js';

export type ChangeBannerProps = {
	readonly change?: ChangeView;
	/** Monotonic ms on the same clock as change.deadline. */
	readonly now: number;
	readonly columns: number;
	/** One-off lines (recovery findings, refusals). */
	readonly notices?: readonly string[];
	/** The device's figures before the change against since. */
	readonly comparison?: string;
};

export default function ChangeBanner({change, now, columns, notices = [], comparison}: ChangeBannerProps) {
	const lines = bannerLines(change, notices, columns, now, comparison);
	if (lines.length === 0) {
		return null;
	}

	return (
		<Box flexDirection='column' width={columns}>
			<ViewLines lines={lines}/>
		</Box>
	);
}
