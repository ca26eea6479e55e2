// Which of the keymap's modes are in force on hvtop fleet's screen, and its
// help rows: the fleet's keys, then the filter's line. Pure.
import {keymap, type HelpRow, type Mode} from './keymap.js';

export function fleetModesOf(state: {readonly showHelp: boolean; readonly filtering: boolean}): readonly Mode[] {
	if (state.showHelp) {
		return ['always', 'help'];
	}

	return state.filtering ? ['always', 'filter'] : ['always', 'fleet'];
}

export function fleetHelpRows(): HelpRow[] {
	const rows = keymap.fleet.rows.flatMap(row => (row.help ? [{keys: row.keys, help: row.help}] : []));
	return keymap.filter.summary ? [...rows, keymap.filter.summary] : rows;
}
