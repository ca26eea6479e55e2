// Fixture access for the ethtool parser tests.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtureDir = path.join(projectRoot, 'test', 'fixtures', 'ethtool');
/** Real public captures kept beside the project, never copied into it. */
export const sharedDir = path.resolve(projectRoot, '..', 'shared', 'fixtures', 'ethtool');
export const hasShared = existsSync(sharedDir);

/** `fixture('6.1/veth/l')` → the text of test/fixtures/ethtool/6.1/veth/l.txt. */
export function fixture(name: string): string {
	return readFileSync(path.join(fixtureDir, `${name}.txt`), 'utf8');
}

export type Run = {
	readonly exitCode: number;
	readonly stdout: string;
	readonly stderr: string;
};

/** A `<case>.run.txt`: `exit N`, `--- stdout`, …, `--- stderr`, …. */
export function run(name: string): Run {
	const text = fixture(`${name}.run`);
	const match = /^exit (\d+)\n--- stdout\n([\s\S]*?)--- stderr\n([\s\S]*)$/.exec(text);
	if (!match) {
		throw new Error(`Malformed run fixture ${name}`);
	}

	return {exitCode: Number(match[1]), stdout: match[2] ?? '', stderr: match[3] ?? ''};
}

/** Every fixture name (relative, without `.txt`), e.g. '6.1/veth/l', '5.4/hv_netvsc/G-unchanged.run'. */
export function allFixtures(): string[] {
	const out: string[] = [];
	const walk = (dir: string, prefix: string) => {
		for (const entry of readdirSync(dir, {withFileTypes: true})) {
			const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
			if (entry.isDirectory()) {
				walk(path.join(dir, entry.name), rel);
			} else if (entry.name.endsWith('.txt')) {
				out.push(rel.slice(0, -'.txt'.length));
			}
		}
	};

	walk(fixtureDir, '');
	return out.sort();
}

/** Shared capture by base name (without `.txt`). */
export function shared(name: string): string {
	return readFileSync(path.join(sharedDir, `${name}.txt`), 'utf8');
}

export function sharedNames(): string[] {
	return hasShared
		? readdirSync(sharedDir).filter(name => name.endsWith('.txt')).map(name => name.slice(0, -4)).sort()
		: [];
}
