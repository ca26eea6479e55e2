// Prints, as JSON, every byte Ink writes for a run of dashboard frames and
// for a set of styled texts. test/perf/bundle.test.ts bundles this file with
// and without hvtop's dependency fixes (scripts/bundle.ts) and compares the
// two outputs: the fixes must not change a single byte on screen.
import process from 'node:process';
import {Box, render, renderToString, Text} from 'ink';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {viewNames} from '../../source/views/registry.js';
import {createModelSource} from '../../source/sources/model.js';
import {FakeTerminal} from '../helpers/fake-terminal.js';
import {SilentKeyboard} from '../helpers/silent-keyboard.js';

const delay = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** The last frame Ink wrote after each of `ticks` ticks, each waited for. */
async function dashboardFrames(scenario: string, view: (typeof viewNames)[number], columns: number, rows: number, ticks: number): Promise<string[]> {
	const created = createModelSource({scenario, seed: 7});
	if (!created.ok) {
		throw new Error(created.error.message);
	}

	const clock = manualClock(0);
	const schedule = manualScheduler();
	const stdout = new FakeTerminal(columns, rows, true);
	const instance = render(<App source={created.value} clock={clock} schedule={schedule} intervalMs={1000} host='frames' initialView={view}/>, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: new SilentKeyboard() as unknown as NodeJS.ReadStream,
		patchConsole: false,
		exitOnCtrlC: false,
		maxFps: 1000,
	});
	// The first tick starts on mount; wait until the loop asks for the next.
	for (let i = 0; i < 200 && schedule.pending() === 0; i++) {
		// eslint-disable-next-line no-await-in-loop
		await delay(5);
	}

	const frames: string[] = [];
	// Without log-update's erase prefix, which depends on the frame before.
	const lastFrame = () => (stdout.chunks.findLast(chunk => chunk.length > 40) ?? '').replace(/^(?:\u001B\[2K\u001B\[1A)*\u001B\[2K\u001B\[G/, '');
	for (let i = 0; i < ticks; i++) {
		clock.advance(1000);
		schedule.runPending();
		// Next tick only once this one is drawn and the loop waits again.
		for (let j = 0; j < 200 && schedule.pending() === 0; j++) {
			// eslint-disable-next-line no-await-in-loop
			await delay(5);
		}

		// eslint-disable-next-line no-await-in-loop
		await delay(5);
		frames.push(lastFrame());
	}

	instance.unmount();
	instance.cleanup();
	return frames;
}

// Styles, widths and graphemes outside the fast paths too.
const samples = [
	'plain ascii',
	'blocks ████▌▏ and sparks ▁▂▃▄▅▆▇█ arrows ↑↓ ← → ↔ dash – ellipsis … times ×',
	'latin-1 ¡¢£ © ® ° ± µ ¶ · ¿ À É ß ñ ÿ soft\u00ADhyphen',
	'wide 中文字 emoji 😀 👍🏽 👨‍👩‍👧 flag 🇩🇪 keycap 1️⃣ combining é ñ',
	'hangul 한국어 각 zero\u200Bwidth tab\there',
];

function styledTexts(): string[] {
	const out: string[] = [];
	for (const text of samples) {
		for (const columns of [20, 60, 120]) {
			out.push(
				renderToString(<Text>{text}</Text>, {columns}),
				renderToString(<Text wrap='truncate-end' color='yellow'>{text}</Text>, {columns}),
				renderToString(<Text bold dimColor>{text}<Text inverse>{` ${text} `}</Text><Text color='#ff8800' backgroundColor='blue'>{text}</Text></Text>, {columns}),
				renderToString(
					<Box flexDirection='column' width={columns}>
						<Text underline color='cyan' wrap='truncate-middle'>{text}</Text>
						<Box borderStyle='round'><Text italic strikethrough>{text}</Text></Box>
						<Text>{`\u001B]8;;https://example.com\u0007${text}\u001B]8;;\u0007 \u001B[1;31mred\u001B[22m still red\u001B[0m`}</Text>
					</Box>,
					{columns},
				),
			);
		}
	}

	return out;
}

const frames: Record<string, string[]> = {styled: styledTexts()};
for (const view of viewNames) {
	// eslint-disable-next-line no-await-in-loop
	frames[`large-${view}-120x40`] = await dashboardFrames('large', view, 120, 40, view === 'queues' ? 12 : 4);
}

frames['large-queues-100x70'] = await dashboardFrames('large', 'queues', 100, 70, 6);
frames['balanced-queues-80x24'] = await dashboardFrames('balanced', 'queues', 80, 24, 6);
process.stdout.write(JSON.stringify(frames));
process.exit(0);
