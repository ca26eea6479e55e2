// One demo → one cast: run its timeline against the app, check what it
// promises on the way (a demo that does not show what it says fails here,
// not in a reviewer's eyes), and stop recording a moment after the last beat.
import type {Cast, CastEvent} from './cast.js';
import {holdMs, timeline, type Demo} from './demos.js';
import {startRecorder} from './recorder.js';

export const screenSize = {cols: 100, rows: 30} as const;

export class DemoError extends Error {}

export async function recordDemo(demo: Demo): Promise<Cast> {
	const recorder = await startRecorder({args: ['--demo', ...demo.args], ...screenSize});
	try {
		const beats = timeline(demo);
		for (const {at, beat} of beats) {
			if ('wait' in beat) {
				continue;
			}

			// eslint-disable-next-line no-await-in-loop
			await recorder.runUntil(at);
			if ('keys' in beat) {
				// eslint-disable-next-line no-await-in-loop
				await recorder.type(beat.keys);
				continue;
			}

			// eslint-disable-next-line no-await-in-loop
			const screen = await recorder.screen();
			const missing = beat.see.filter(text => !screen.some(line => line.includes(text)));
			if (missing.length > 0) {
				throw new DemoError(`${demo.name} at ${at / 1000} s: ${beat.what} — not on screen: ${missing.map(text => JSON.stringify(text)).join(', ')}\n${screen.map(line => `  | ${line}`).join('\n')}`);
			}
		}

		const end = (beats.at(-1)?.at ?? 0) + holdMs;
		await recorder.runUntil(end);
		const events: CastEvent[] = [...recorder.events()];
		if ((events.at(-1)?.[0] ?? -1) < end) {
			// An empty event holds the last screen until the end.
			events.push([end, '']);
		}

		const status = await recorder.quit();
		if (status !== 0) {
			throw new DemoError(`${demo.name}: the app exited with status ${status} when asked to quit`);
		}

		return {header: {version: 2, width: screenSize.cols, height: screenSize.rows, title: demo.title, env: {TERM: 'xterm-256color'}}, events};
	} finally {
		recorder.dispose();
	}
}
