// The ini-style syntax of systemd's .link files and their drop-ins
// (systemd.syntax(7)): [Section] headers, Key=Value lines, '#' and ';'
// comments, a trailing backslash continuing a line. Enough of it to read
// what udev reads; hvtop writes only the plain form.

export type UnitEntry = {readonly section: string; readonly key: string; readonly value: string};

export function parseUnit(text: string): UnitEntry[] {
	const entries: UnitEntry[] = [];
	let section = '';
	let pending = '';
	for (const raw of text.split(/\r?\n/)) {
		const line = pending + raw;
		if (line.endsWith('\\')) {
			pending = `${line.slice(0, -1)} `;
			continue;
		}

		pending = '';
		const trimmed = line.trim();
		if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
			continue;
		}

		if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
			section = trimmed.slice(1, -1);
			continue;
		}

		const equals = trimmed.indexOf('=');
		if (equals > 0 && section !== '') {
			entries.push({section, key: trimmed.slice(0, equals).trim(), value: trimmed.slice(equals + 1).trim()});
		}
	}

	return entries;
}

/** The last value of `key` in `section` (a later assignment wins), or undefined. */
export function lastValue(entries: readonly UnitEntry[], section: string, key: string): string | undefined {
	let found: string | undefined;
	for (const entry of entries) {
		if (entry.section === section && entry.key === key) {
			found = entry.value;
		}
	}

	return found;
}

export type Section = {readonly name: string; readonly entries: ReadonlyArray<readonly [key: string, value: string]>};

/** A file of sections, as hvtop writes it: comment lines first, one blank line between sections. */
export function renderUnit(comments: readonly string[], sections: readonly Section[]): string {
	const parts = [comments.map(line => `# ${line}`.trimEnd()).join('\n')];
	for (const section of sections) {
		parts.push([`[${section.name}]`, ...section.entries.map(([key, value]) => `${key}=${value}`)].join('\n'));
	}

	return `${parts.filter(part => part !== '').join('\n\n')}\n`;
}
