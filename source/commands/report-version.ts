// hvtop's own version for `hvtop report`: the bundle's (package-info.ts), else
// the package.json the running files belong to (a few directories up).
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {bundledPackage} from '../package-info.js';

export function hvtopVersion(): string {
	const bundled = bundledPackage?.['version'];
	if (typeof bundled === 'string') {
		return bundled;
	}

	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (let up = 0; up < 4; up++) {
		try {
			const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {name?: unknown; version?: unknown};
			if (json.name === 'hvtop' && typeof json.version === 'string') {
				return json.version;
			}
		} catch {}

		dir = path.dirname(dir);
	}

	return 'unknown';
}
