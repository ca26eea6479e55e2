// Preferences that last between runs (units, the view to start in, the
// interval, the device), in $XDG_CONFIG_HOME/hvtop/config.json (by default
// ~/.config/hvtop/config.json). Flags given on the command line win. A file
// that cannot be used is said so in one line and ignored: a broken config
// must not keep an admin from the dashboard during an incident.
import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {writeAtomic} from './atomic-write.js';
import type {Units} from './format.js';
import type {RawFlags} from './options.js';
import {isViewName, type ViewName} from './views/registry.js';

export type Preferences = {
	readonly units?: Units;
	readonly view?: ViewName;
	/** Seconds, as --interval takes them. */
	readonly interval?: number;
	readonly device?: string;
};

/** Bigger than any config hvtop writes: anything larger is not ours. */
const maxBytes = 64 * 1024;

/** Where the file is: XDG_CONFIG_HOME, else ~/.config (the XDG Base Directory default). */
export function preferencesPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
	const base = env['XDG_CONFIG_HOME'] && path.isAbsolute(env['XDG_CONFIG_HOME']) ? env['XDG_CONFIG_HOME'] : path.join(home, '.config');
	return path.join(base, 'hvtop', 'config.json');
}

type Parsed = {readonly preferences: Preferences; readonly problems: readonly string[]};

const keyProblems: Readonly<Record<keyof Preferences, (value: unknown) => string | undefined>> = {
	units: value => (value === 'bits' || value === 'bytes' ? undefined : 'units is "bits" or "bytes"'),
	view: value => (typeof value === 'string' && isViewName(value) ? undefined : 'view is one of the view names of --view'),
	interval: value => (typeof value === 'number' && value >= 0.1 && value <= 3600 ? undefined : 'interval is seconds between 0.1 and 3600'),
	device: value => (typeof value === 'string' && /^[^\s/]{1,15}$/.test(value) ? undefined : 'device is an interface name (at most 15 characters)'),
};

/** The preferences in a file's text; what is wrong in it, key by key (the rest is used). */
export function parsePreferences(text: string): Parsed {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return {preferences: {}, problems: [`not JSON (${(error as Error).message})`]};
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return {preferences: {}, problems: ['not a JSON object of preferences']};
	}

	const preferences: Record<string, unknown> = {};
	const problems: string[] = [];
	for (const [key, entry] of Object.entries(value)) {
		const check = Object.hasOwn(keyProblems, key) ? keyProblems[key as keyof Preferences] : undefined;
		const problem = check ? check(entry) : `unknown key "${key}" (known: ${Object.keys(keyProblems).join(', ')})`;
		if (problem) {
			problems.push(problem);
		} else {
			preferences[key] = entry;
		}
	}

	return {preferences, problems};
}

/**
 * The flags the preferences stand for, under those given (which win). The
 * device is not one of them: --device chooses what to watch, a preferred
 * device only which one the dashboard opens on (main passes it as such).
 */
export function withPreferences(flags: RawFlags, preferences: Preferences): RawFlags {
	return {
		...(preferences.interval === undefined ? {} : {interval: String(preferences.interval)}),
		...(preferences.view === undefined ? {} : {view: preferences.view}),
		...Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)),
	};
}

/** Reads the file; a missing one is no preferences, an unusable one is a one-line warning. */
export async function readPreferences(file: string): Promise<Parsed> {
	let text: string;
	try {
		const data = await readFile(file);
		if (data.length > maxBytes) {
			return {preferences: {}, problems: [`larger than ${maxBytes} bytes`]};
		}

		text = data.toString('utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? {preferences: {}, problems: []} : {preferences: {}, problems: [`cannot be read (${code ?? (error as Error).message})`]};
	}

	return parsePreferences(text);
}

/** The line the dashboard shows after W. */
export const savedLine = (file: string, p: Preferences): string =>
	`preferences saved to ${file}: ${[p.units, p.view && `view ${p.view}`, p.device && `device ${p.device}`, p.interval && `every ${p.interval} s`].filter(Boolean).join(', ')}`;

/** Writes them atomically (a crash leaves the old file or the new one, never half). */
export async function writePreferences(file: string, preferences: Preferences): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true});
	await writeAtomic(file, `${JSON.stringify(preferences, undefined, '\t')}\n`, {mode: 0o644});
}
