// Plain text of a headless terminal's visible screen.
import type {Terminal} from '@xterm/headless';

export function screenText(terminal: Terminal): string[] {
	const buffer = terminal.buffer.active;
	const lines: string[] = [];
	for (let row = 0; row < terminal.rows; row++) {
		lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
	}

	return lines;
}
