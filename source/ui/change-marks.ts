// The tuning controller's changes as marks on the history view's time axis:
// when each was applied, kept or reverted. The times are the controller's
// clock, which is the app's clock the samples are taken on.
import type {ChangeView} from '../tuning/types.js';
import type {ChangeMark} from '../views/history-axis.js';

const markOf: Partial<Record<ChangeView['state'], ChangeMark['kind']>> = {APPLYING: 'applied', KEPT: 'kept', REVERTED: 'reverted'};

/** Every step of the session's changes to `device` that the axis marks, oldest first. */
export function changeMarksFor(changes: readonly ChangeView[], device: string | undefined): ChangeMark[] {
	const marks: ChangeMark[] = [];
	for (const change of changes) {
		if (change.dev !== device) {
			continue;
		}

		for (const step of change.history) {
			const kind = markOf[step.state];
			if (kind) {
				marks.push({at: step.at, kind});
			}
		}
	}

	return marks.sort((a, b) => a.at - b.at);
}
