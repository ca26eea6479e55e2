// Everything media/ holds for a demo, derived from its cast alone: the
// animated SVG and the still SVGs (rasterised to PNG by make.ts). The media
// test calls this too, so a hand-edited or stale SVG cannot pass.
import {createHash} from 'node:crypto';
import type {Cast} from './cast.js';
import {timeline, type Demo} from './demos.js';
import {replayFrames} from './frames.js';
import {stillSvgs, type StillSvg} from './stills.js';
import {renderAnimation} from './svg.js';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

export type Checkpoint = {readonly at: number; readonly what: string; readonly see: readonly string[]; readonly still?: string};

export function checkpoints(demo: Demo): Checkpoint[] {
	return timeline(demo).flatMap(({at, beat}) => ('see' in beat
		? [{at, what: beat.what, see: beat.see, ...(beat.still ? {still: beat.still} : {})}]
		: []));
}

export type RenderedDemo = {
	readonly svg: string;
	readonly stills: readonly StillSvg[];
};

export async function renderDemo(demo: Demo, cast: Cast): Promise<RenderedDemo> {
	const frames = await replayFrames(cast);
	const options = {cols: cast.header.width, rows: cast.header.height, ...(cast.header.title ? {title: cast.header.title} : {})};
	const svg = renderAnimation(frames, {...options, durationMs: cast.events.at(-1)?.[0] ?? 0});
	const stills = await stillSvgs(cast, checkpoints(demo).flatMap(point => (point.still ? [{name: point.still, at: point.at}] : [])));
	return {svg, stills};
}

/** media/manifest.json: which demos exist, which wait, and the hashes that tie each file to its cast. */
export type Manifest = {
	readonly about: string;
	readonly demos: Record<string, {
		readonly title: string;
		readonly cast: string;
		readonly svg: string;
		readonly stills: Record<string, {readonly at: number; readonly svg: string; readonly png: string}>;
	}>;
	readonly pending: Record<string, string>;
};

export const manifestAbout = 'Written by npm run media (scripts/media/make.ts); checked by test/media. Hashes are sha256 of the files; a still\'s svg hash is of the frame it was rasterised from.';
