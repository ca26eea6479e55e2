// Which .link files udev reads, and in which order (systemd.link(5)): all
// directories are sorted together by file name; a name in /etc hides the
// same name in /run, which hides it in /usr/local/lib and /usr/lib; an empty
// file or a link to /dev/null masks the name. Drop-ins FILE.link.d/*.conf
// from every directory follow their file, sorted by name the same way.
// Pure: the files come in as data (io.ts reads them).
import {posix} from 'node:path';
import {parseUnit, type UnitEntry} from './unit-file.js';

/** The directories udev reads .link files from, highest precedence first. */
export const linkDirs = [
	'/etc/systemd/network',
	'/run/systemd/network',
	'/usr/local/lib/systemd/network',
	'/usr/lib/systemd/network',
	'/lib/systemd/network',
] as const;

/** Where hvtop writes: the administrator's directory. */
export const adminLinkDir = linkDirs[0];

/** One file as read: its path on the machine and its text; null text for a masked file. */
export type ConfigFile = {readonly path: string; readonly text: string | null};

export type LinkFile = {
	/** The file udev uses for this name (the highest-precedence one). */
	readonly path: string;
	readonly name: string;
	readonly text: string;
	/** Its drop-ins, in the order udev applies them. */
	readonly dropIns: readonly ConfigFile[];
	/** The file and its drop-ins, parsed in order. */
	readonly entries: readonly UnitEntry[];
};

const dirRank = (dir: string): number => linkDirs.indexOf(dir as (typeof linkDirs)[number]);
const rank = (path: string): number => dirRank(posix.dirname(path));
// A drop-in's rank is its .d directory's parent's.
const dropInRank = (path: string): number => dirRank(posix.dirname(posix.dirname(path)));

// Code-unit order, as systemd compares file names (not the locale's).
const byName = (a: string, b: string): number => (a < b ? -1 : (a > b ? 1 : 0));

/** The highest-precedence file per name, masked ones included (null text), sorted by name. */
function effective(files: readonly ConfigFile[]): Map<string, ConfigFile> {
	const chosen = new Map<string, ConfigFile>();
	for (const file of [...files].sort((a, b) => rank(a.path) - rank(b.path))) {
		const name = posix.basename(file.path);
		if (!chosen.has(name)) {
			chosen.set(name, file);
		}
	}

	return new Map([...chosen].sort(([a], [b]) => byName(a, b)));
}

function dropInsOf(name: string, files: readonly ConfigFile[]): ConfigFile[] {
	const own = files.filter(file => {
		const dir = posix.dirname(file.path);
		return posix.basename(dir) === `${name}.d` && dropInRank(file.path) >= 0 && file.path.endsWith('.conf');
	});
	// Same ranking as files: /etc's hvtop.conf hides /usr/lib's hvtop.conf.
	const chosen = new Map<string, ConfigFile>();
	for (const file of own.sort((a, b) => dropInRank(a.path) - dropInRank(b.path))) {
		const base = posix.basename(file.path);
		if (!chosen.has(base)) {
			chosen.set(base, file);
		}
	}

	return [...chosen].sort(([a], [b]) => byName(a, b)).flatMap(([, file]) => (file.text === null ? [] : [file]));
}

/** The .link files udev would consider, in the order it tries them. */
export function linkFiles(files: readonly ConfigFile[]): LinkFile[] {
	const links = files.filter(file => file.path.endsWith('.link') && rank(file.path) >= 0);
	const result: LinkFile[] = [];
	for (const [name, file] of effective(links)) {
		if (file.text === null) {
			continue;
		}

		const dropIns = dropInsOf(name, files);
		const entries = [file.text, ...dropIns.map(dropIn => dropIn.text!)].flatMap(text => parseUnit(text));
		result.push({path: file.path, name, text: file.text, dropIns, entries});
	}

	return result;
}

export {byName};
