// The transmit send table under the RSS view's receive table: hv_netvsc's 16
// entries the host sets (VRSS_SEND_TAB_SIZE), which `ethtool -d` dumps; the
// guest picks a transmit queue as tx_table[flow hash & 15]. One line, one
// symbol per entry coloured by queue, only for a device that has the table.
import type {DeviceSnapshot} from '../sources/source.js';
import {fit, line, segmentsLine, type Segment, type ViewLine} from './line.js';
import {queueSymbol} from './queue-symbol.js';

/** The send table's line at `columns`: spaced symbols while they fit, else packed, else cut. */
export function sendTableLines(snapshot: DeviceSnapshot, columns: number): ViewLine[] {
	const table = snapshot.sendTable;
	if (!table || table.length === 0) {
		return [];
	}

	const label = `send  ${table.length} entries (host-set, ethtool -d): `;
	const spaced = label.length + (table.length * 2) - 1 <= columns;
	const segments: Segment[] = [{text: label, tone: 'dim'}, ...table.map((queue, i) => ({text: (i > 0 && spaced ? ' ' : '') + queueSymbol(queue), queue}))];
	const text = segments.map(s => s.text).join('');
	return [text.length <= columns ? segmentsLine(segments) : line(fit(text, columns), 'dim')];
}
