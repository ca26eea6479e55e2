// node_exporter's textfile collector reads DIR/*.prom: write ours under a
// temporary name and rename it in place, so it never reads half a file.
import path from 'node:path';
import {writeAtomic} from '../atomic-write.js';
import type {Exposition} from './registry.js';

export const textfileName = 'hvtop.prom';

/** Scrapes now and writes DIR/hvtop.prom atomically; the path written. */
export async function writeTextfile(exposition: Exposition, dir: string): Promise<string> {
	const file = path.join(dir, textfileName);
	await writeAtomic(file, await exposition.render('text'), {mode: 0o644});
	return file;
}
