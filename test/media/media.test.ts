// The demos in media/ are the script's output and show what they promise:
// each committed cast is replayed through @xterm/headless and checked at its
// demo's checkpoints; its SVG and stills must be what the cast renders to; and
// the app, recorded again in virtual time (a second or two per demo), must
// write the very same cast — so a change to the screen that media/ does not
// reflect fails here with "run npm run media".
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {formatCast, parseCast} from '../../scripts/media/cast.js';
import {demos} from '../../scripts/media/demos.js';
import {replayFrames} from '../../scripts/media/frames.js';
import {recordDemo} from '../../scripts/media/record-demo.js';
import {projectRoot} from '../../scripts/media/recorder.js';
import {checkpoints, renderDemo, sha256, type Manifest} from '../../scripts/media/render-demo.js';

const mediaDir = path.join(projectRoot, 'media');
const read = (file: string) => readFileSync(path.join(mediaDir, file));
const manifest = JSON.parse(read('manifest.json').toString('utf8')) as Manifest;
const stale = 'media/ is out of date: run npm run media and commit media/';

test('the manifest has every demo that is not pending, and only known demos', t => {
	const names = demos.map(demo => demo.name);
	t.deepEqual(Object.keys(manifest.demos).filter(name => !names.includes(name)), [], 'demos in media/ that scripts/media/demos.ts no longer has');
	t.deepEqual(demos.filter(demo => !demo.pending && !manifest.demos[demo.name]).map(demo => demo.name), [], stale);
});

for (const demo of demos) {
	const entry = manifest.demos[demo.name];
	if (!entry) {
		test.todo(`${demo.name}: ${demo.pending ?? 'not recorded'}`);
		continue;
	}

	const castText = () => read(`${demo.name}.cast`).toString('utf8');

	test(`${demo.name}: the cast shows what the demo promises`, async t => {
		const cast = parseCast(castText());
		t.is(cast.header.width, 100);
		t.is(cast.header.height, 30);
		t.false('timestamp' in cast.header, 'no volatile header fields');
		const points = checkpoints(demo);
		t.true(points.length > 0);
		const frames = await replayFrames(cast, points.map(point => point.at));
		const byTime = new Map(frames.map(frame => [frame.at, frame.text]));
		for (const point of points) {
			const screen = byTime.get(point.at) ?? [];
			for (const text of point.see) {
				t.true(screen.some(line => line.includes(text)), `${demo.name} at ${point.at / 1000} s, ${point.what}: ${JSON.stringify(text)} not on screen:\n${screen.join('\n')}`);
			}
		}
	});

	test(`${demo.name}: the SVG and the stills are rendered from the cast`, async t => {
		const text = castText();
		t.is(sha256(text), entry.cast, stale);
		const rendered = await renderDemo(demo, parseCast(text));
		t.true(read(`${demo.name}.svg`).toString('utf8') === rendered.svg, `media/${demo.name}.svg: ${stale}`);
		t.deepEqual(Object.keys(entry.stills).sort(), rendered.stills.map(still => still.name).sort(), stale);
		for (const still of rendered.stills) {
			const recorded = entry.stills[still.name];
			t.is(recorded?.svg ?? '(none)', sha256(still.svg), `${demo.name}-${still.name}.png was made from another frame: ${stale}`);
			const png = `${demo.name}-${still.name}.png`;
			t.true(existsSync(path.join(mediaDir, png)), `media/${png} is missing: ${stale}`);
			t.is(sha256(read(png)), recorded?.png ?? '(none)', `media/${png} differs from the manifest: ${stale}`);
		}
	});

	test.serial(`${demo.name}: recording it again gives the committed cast`, async t => {
		t.true(existsSync(path.join(projectRoot, 'dist/cli.js')), 'build first: npm run build');
		const fresh = formatCast(await recordDemo(demo)).split('\n');
		const committed = castText().split('\n');
		const line = fresh.findIndex((text, i) => text !== committed[i]);
		const a = committed[line] ?? '';
		const b = fresh[line] ?? '';
		let at = 0;
		while (at < a.length && a[at] === b[at]) {
			at++;
		}

		const around = (text: string) => text.slice(Math.max(0, at - 80), at + 80);
		t.true(line === -1 && fresh.length === committed.length, `media/${demo.name}.cast: ${stale}\nfirst difference at line ${line + 1}, character ${at + 1}:\n  committed: …${around(a)}…\n  now:       …${around(b)}…`);
	});
}
