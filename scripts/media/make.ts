// `npm run media [-- DEMO…]`: records every demo that is not pending (or the
// ones named) and writes media/<demo>.cast, .svg, -<still>.png and
// media/manifest.json. Needs the built app (npm run media builds it first).
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {formatCast, parseCast} from './cast.js';
import {demos, type Demo} from './demos.js';
import {DemoError, recordDemo} from './record-demo.js';
import {projectRoot} from './recorder.js';
import {manifestAbout, renderDemo, sha256, type Manifest} from './render-demo.js';
import {ensureStillTools, rasterise} from './stills.js';

const mediaDir = path.join(projectRoot, 'media');
const manifestFile = path.join(mediaDir, 'manifest.json');
const log = (line: string) => {
	process.stdout.write(`media: ${line}\n`);
};

function readManifest(): Manifest | undefined {
	return existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest : undefined;
}

async function make(demo: Demo, workDir: string): Promise<Manifest['demos'][string]> {
	const started = Date.now();
	const cast = await recordDemo(demo);
	const castText = formatCast(cast);
	// What the test replays is the file, so render from the file's own reading of it.
	const rendered = await renderDemo(demo, parseCast(castText));
	writeFileSync(path.join(mediaDir, `${demo.name}.cast`), castText);
	writeFileSync(path.join(mediaDir, `${demo.name}.svg`), rendered.svg);
	const stills: Manifest['demos'][string]['stills'] = {};
	for (const still of rendered.stills) {
		const svgFile = path.join(workDir, `${demo.name}-${still.name}.svg`);
		const pngFile = path.join(mediaDir, `${demo.name}-${still.name}.png`);
		writeFileSync(svgFile, still.svg);
		// eslint-disable-next-line no-await-in-loop
		await rasterise(svgFile, pngFile);
		stills[still.name] = {at: still.at, svg: sha256(still.svg), png: sha256(readFileSync(pngFile))};
	}

	const kib = (text: string) => `${Math.round(Buffer.byteLength(text) / 1024)} KiB`;
	log(`${demo.name}: ${cast.events.length} events over ${(cast.events.at(-1)?.[0] ?? 0) / 1000} s (cast ${kib(castText)}, svg ${kib(rendered.svg)}, ${rendered.stills.length} stills) in ${Date.now() - started} ms`);
	return {title: demo.title, cast: sha256(castText), svg: sha256(rendered.svg), stills};
}

/** Files of demos that no longer exist (or stills no longer taken) go. */
function removeStrays(manifest: Manifest): void {
	const keep = new Set(['manifest.json']);
	for (const [name, entry] of Object.entries(manifest.demos)) {
		keep.add(`${name}.cast`).add(`${name}.svg`);
		for (const still of Object.keys(entry.stills)) {
			keep.add(`${name}-${still}.png`);
		}
	}

	for (const file of readdirSync(mediaDir)) {
		if (/\.(?:cast|svg|png)$/.test(file) && !keep.has(file)) {
			log(`removing ${file}`);
			unlinkSync(path.join(mediaDir, file));
		}
	}
}

async function main(): Promise<number> {
	const named = process.argv.slice(2);
	const unknown = named.filter(name => !demos.some(demo => demo.name === name));
	if (unknown.length > 0) {
		process.stderr.write(`media: unknown demo ${unknown.join(', ')} (demos: ${demos.map(demo => demo.name).join(', ')})\n`);
		return 2;
	}

	if (!existsSync(path.join(projectRoot, 'dist/cli.js'))) {
		process.stderr.write('media: dist/cli.js is missing: run npm run build (npm run media does)\n');
		return 2;
	}

	await ensureStillTools(log);
	const chosen = named.length > 0 ? demos.filter(demo => named.includes(demo.name)) : demos.filter(demo => !demo.pending);
	const previous = readManifest();
	const entries: Record<string, Manifest['demos'][string]> = {};
	const workDir = mkdtempSync(path.join(tmpdir(), 'hvtop-media-stills-'));
	let failed = 0;
	try {
		for (const demo of demos) {
			if (chosen.includes(demo)) {
				try {
					// eslint-disable-next-line no-await-in-loop
					entries[demo.name] = await make(demo, workDir);
					continue;
				} catch (error: unknown) {
					if (!(error instanceof DemoError)) {
						throw error;
					}

					failed++;
					process.stderr.write(`media: ${error.message}\n`);
				}
			}

			// Not re-recorded: keep what was there, if its demo is still wanted.
			const old = previous?.demos[demo.name];
			if (old && !demo.pending) {
				entries[demo.name] = old;
			}
		}
	} finally {
		rmSync(workDir, {recursive: true, force: true});
	}

	const pending = Object.fromEntries(demos.filter(demo => demo.pending && !entries[demo.name]).map(demo => [demo.name, demo.pending!]));
	for (const [name, why] of Object.entries(pending)) {
		log(`${name}: pending — ${why}`);
	}

	const manifest: Manifest = {about: manifestAbout, demos: entries, pending};
	writeFileSync(manifestFile, `${JSON.stringify(manifest, undefined, '\t')}\n`);
	removeStrays(manifest);
	return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
