// Bundles a bench entry the way the bin is bundled, into node_modules/.cache,
// so in-process figures run the same production code as `hvtop`.
import {mkdirSync} from 'node:fs';
import {basename} from 'node:path';
import {fileURLToPath} from 'node:url';
import {binEnv, binNodeFlags, bundle, exportEntry} from '../bundle.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cacheDir = `${repoRoot}node_modules/.cache/hvtop-bench`;

export type Compiled = {
	readonly file: string;
	/** Whether any React development build made it into the bundle (it must not). */
	readonly reactDevelopment: boolean;
};

/**
 * `plain` leaves out hvtop's fixes to dependencies (fast width, patches), for
 * before/after figures; `bin` gives the file the bin's `#!` line and flags.
 */
export async function compileBench(entry: string, options: {plain?: boolean; bin?: boolean} = {}): Promise<Compiled> {
	mkdirSync(cacheDir, {recursive: true});
	const name = basename(entry).replace(/\.tsx?$/, '');
	const file = `${cacheDir}/${name}${options.plain ? '-plain' : ''}.js`;
	const metafile = await bundle({
		entry,
		outfile: file,
		...(options.plain ? {fastWidth: false, patches: false} : {}),
		// The bin's launcher runs the exporter's own bundle for `hvtop export`, as dist/ does.
		...(options.bin ? {nodeFlags: binNodeFlags, nodeEnv: binEnv, exportEntry} : {}),
	});
	return {file, reactDevelopment: Object.keys(metafile.inputs).some(input => /react.*\.development\.js$/.test(input))};
}
