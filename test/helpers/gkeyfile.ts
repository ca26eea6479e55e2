// A reader of GLib's key files (the format of NetworkManager's keyfile
// profiles, GKeyFile in glib/gkeyfile.c), written from its documented rules
// to check what hvtop shows: `[group]` lines; `key=value` with blanks around
// `=` dropped; `#` comment lines and blank lines ignored; a repeated key's last
// value wins; values unescape `\s \n \t \r \\`; lists split on unescaped `;`;
// integers are decimal, optionally signed, nothing else. A line that is none of
// these is an error, as it is for GLib (NetworkManager then ignores the file).

export type KeyFile = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function parseKeyFile(text: string): KeyFile {
	const groups = new Map<string, Map<string, string>>();
	let group: Map<string, string> | undefined;
	for (const [index, raw] of text.split('\n').entries()) {
		const line = raw.replace(/^[ \t]+/, '');
		if (line === '' || line.startsWith('#')) {
			continue;
		}

		if (line.startsWith('[')) {
			const name = /^\[([^\][\u0000-\u001F]+)][ \t]*$/.exec(line)?.[1];
			if (name === undefined) {
				throw new Error(`line ${index + 1}: not a group header: ${JSON.stringify(raw)}`);
			}

			group = groups.get(name) ?? new Map<string, string>();
			groups.set(name, group);
			continue;
		}

		const equals = line.indexOf('=');
		const key = line.slice(0, Math.max(0, equals)).trimEnd();
		if (equals <= 0 || key === '' || !/^[\w.\-@[\]]+$/.test(key)) {
			throw new Error(`line ${index + 1}: not key=value: ${JSON.stringify(raw)}`);
		}

		if (!group) {
			throw new Error(`line ${index + 1}: a key before any group`);
		}

		group.set(key, line.slice(equals + 1).replace(/^[ \t]+/, ''));
	}

	return groups;
}

/** g_key_file_get_string: the escapes undone; a lone backslash at the end or an unknown escape is an error. */
export function unescapeValue(value: string): string {
	return value.replaceAll(/\\(.?)/g, (_, next: string) => {
		const map: Record<string, string> = {s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\', ';': '\\;', ',': '\\,'};
		const out = map[next];
		if (out === undefined) {
			throw new Error(`invalid escape \\${next} in ${JSON.stringify(value)}`);
		}

		return out;
	});
}

/** g_key_file_get_string_list: split on `;` not escaped, the last empty item dropped. */
export function listValue(value: string): string[] {
	const items: string[] = [];
	let current = '';
	for (let i = 0; i < value.length; i++) {
		const char = value[i]!;
		if (char === '\\' && i + 1 < value.length) {
			current += value[i + 1] === ';' ? ';' : `\\${value[i + 1]!}`;
			i++;
		} else if (char === ';') {
			items.push(unescapeValue(current));
			current = '';
		} else {
			current += char;
		}
	}

	if (current !== '') {
		items.push(unescapeValue(current));
	}

	return items;
}

/** g_key_file_get_integer: decimal digits, an optional sign, blanks around allowed; anything else is an error. */
export function integerValue(value: string): number {
	const match = /^[ \t]*([-+]?\d+)[ \t]*$/.exec(value);
	if (!match) {
		throw new Error(`not an integer: ${JSON.stringify(value)}`);
	}

	return Number(match[1]);
}
