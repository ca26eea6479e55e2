// Runs hvtop fleet's dashboard in the terminal: the alternate screen, Ink,
// --ascii (or a non-UTF-8 locale) through the ASCII stream, and the exit
// status (0 on q; 128+n on SIGHUP or SIGTERM, the screen restored first).
import process from 'node:process';
import {render} from 'ink';
import {timerScheduler} from '../clock.js';
import type {FleetReading} from '../fleet/read.js';
import FleetApp from './fleet-app.js';
import {asciiStream, localeIsUtf8} from './glyphs.js';

const alternateScreen = {enter: '\u001B[?1049h', leave: '\u001B[?1049l'};

export async function runFleetDashboard(options: {readonly url: string; readonly intervalMs: number; readonly ascii: boolean; readonly first?: Promise<FleetReading>}): Promise<number> {
	const ascii = options.ascii || !localeIsUtf8(process.env);
	process.stdout.write(alternateScreen.enter);
	process.stdout.on('error', () => undefined);
	const app = render(
		<FleetApp url={options.url} intervalMs={options.intervalMs} schedule={timerScheduler} wallNow={() => Date.now()} ascii={ascii} {...(options.first ? {first: options.first} : {})}/>,
		{patchConsole: false, exitOnCtrlC: false, ...(ascii ? {stdout: asciiStream(process.stdout)} : {})},
	);
	let signalled: NodeJS.Signals | undefined;
	const stop = (signal: NodeJS.Signals) => {
		signalled ??= signal;
		app.unmount();
	};

	process.on('SIGHUP', stop);
	process.on('SIGTERM', stop);
	try {
		await app.waitUntilExit();
	} finally {
		process.stdout.write(alternateScreen.leave);
		process.off('SIGHUP', stop);
		process.off('SIGTERM', stop);
	}

	return signalled === undefined ? 0 : 128 + (signalled === 'SIGHUP' ? 1 : 15);
}
