// The bench's report: one table row per figure (value, target, met?), then
// each figure's details (spread, method, side-by-side numbers).
import type {Figure} from './figures.js';

function met(figure: Figure): string {
	if (figure.skipped !== undefined) {
		return 'skipped';
	}

	return figure.met ? 'yes' : 'NO';
}

export function formatTable(figures: readonly Figure[]): string {
	const rows = figures.map(figure => [String(figure.number), figure.title, figure.value ?? '-', figure.target, met(figure)]);
	const header = ['#', 'figure', 'value', 'target', 'met'];
	const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map(row => row[column]!.length)));
	const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
	const out = [line(header), `|${widths.map(width => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(row => line(row)), ''];
	for (const figure of figures) {
		out.push(`${figure.number}. ${figure.title}`);
		if (figure.skipped !== undefined) {
			out.push(`   skipped: ${figure.skipped}`);
		}

		for (const detail of figure.details) {
			out.push(`   ${detail}`);
		}
	}

	return `${out.join('\n')}\n`;
}
