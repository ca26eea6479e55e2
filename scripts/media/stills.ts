// PNG stills: one frame of a cast as a static SVG, rasterised by rsvg-convert
// (Debian's librsvg2-bin) with DejaVu Sans Mono (fonts-dejavu-core).
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import process from 'node:process';
import {promisify} from 'node:util';
import type {Cast} from './cast.js';
import {replayFrames} from './frames.js';
import {renderStill} from './svg.js';

const run = promisify(execFile);

export const stillPackages = ['librsvg2-bin', 'fonts-dejavu-core'] as const;
const fontFile = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

async function hasRsvg(): Promise<boolean> {
	try {
		await run('rsvg-convert', ['--version'], {timeout: 10_000});
		return true;
	} catch {
		return false;
	}
}

/** rsvg-convert and the font, installed with apt-get when we are root; otherwise a clear error. */
export async function ensureStillTools(log: (line: string) => void): Promise<void> {
	if (await hasRsvg() && existsSync(fontFile)) {
		return;
	}

	const command = `apt-get install -y --no-install-recommends ${stillPackages.join(' ')}`;
	if (process.getuid?.() !== 0) {
		throw new Error(`PNG stills need rsvg-convert and DejaVu Sans Mono: run as root, or first: ${command}`);
	}

	log(`installing ${stillPackages.join(', ')} for the PNG stills (apt-get)`);
	const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
	await run('apt-get', ['update', '-qq'], {timeout: 300_000, env});
	await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=120', ...stillPackages], {timeout: 600_000, env});
	if (!await hasRsvg()) {
		throw new Error(`rsvg-convert is still missing after: ${command}`);
	}
}

export type StillSvg = {readonly name: string; readonly at: number; readonly svg: string};

/** The still SVGs of a cast, at the given virtual times. */
export async function stillSvgs(cast: Cast, stills: ReadonlyArray<{readonly name: string; readonly at: number}>): Promise<StillSvg[]> {
	const frames = await replayFrames(cast, stills.map(still => still.at));
	const byTime = new Map(frames.map(frame => [frame.at, frame]));
	return stills.map(still => ({
		...still,
		svg: renderStill(byTime.get(still.at)!, {cols: cast.header.width, rows: cast.header.height, ...(cast.header.title ? {title: cast.header.title} : {})}),
	}));
}

export async function rasterise(svgFile: string, pngFile: string): Promise<void> {
	await run('rsvg-convert', ['--format', 'png', '--output', pngFile, svgFile], {timeout: 60_000});
}
