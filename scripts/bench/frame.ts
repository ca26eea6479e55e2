// What counts as the first complete frame: the queue table is on screen,
// with rates (not the "measuring…" frame of zeros that precedes them).

const tableHeader = /^\s*Q\s+CPU\s+rx pps\s+rx rate\s+tx pps\s+tx rate\b/;
// "  0    0    39.0k    304 Mb/s     122k   4.39 Gb/s   3.7% …"
const queueRow = /^\s*\d+\s+(?:\d+|-)\s+([\d.]+[kMGTP]?)\s+[\d.]+ [kMGTP]?[bB]\/s\s+([\d.]+[kMGTP]?)\s+[\d.]+ [kMGTP]?[bB]\/s\s+[\d.]+%/;

/** The screen shows the queue table, every visible queue row parses, and some queue has a non-zero rate. */
export function isCompleteFrame(lines: readonly string[]): boolean {
	const header = lines.findIndex(line => tableHeader.test(line));
	if (header < 0 || lines.some(line => line.includes('measuring…'))) {
		return false;
	}

	const rows: RegExpExecArray[] = [];
	for (const line of lines.slice(header + 1)) {
		const row = queueRow.exec(line);
		if (!row) {
			break;
		}

		rows.push(row);
	}

	return rows.length > 0 && rows.some(row => row[1] !== '0' || row[2] !== '0');
}
