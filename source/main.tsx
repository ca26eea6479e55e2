// After the flags: open the source, then either the dashboard or batch output.
import {access} from 'node:fs/promises';
import os from 'node:os';
import process from 'node:process';
import {render} from 'ink';
import App from './app.js';
import {demoTimer, manualClock, monotonicClock, timerScheduler} from './clock.js';
import {openSource, scenarioList} from './open-source.js';
import type {Options} from './options.js';
import {savedLine, writePreferences, type Preferences} from './preferences.js';
import {runBatch} from './run-batch.js';
import type {Source} from './sources/source.js';
import {recordingSource} from './sources/recording.js';
import {maxRecordingBytes} from './sources/replay.js';
import {visible} from './visible.js';
import {asciiStream, localeIsUtf8} from './ui/glyphs.js';

/** W on the dashboard: what is on screen, and the interval it runs at, for the next start. */
const saver = (file: string, intervalMs: number) => async (chosen: Omit<Preferences, 'interval'>): Promise<string> => {
	const preferences = {...chosen, interval: intervalMs / 1000};
	await writePreferences(file, preferences);
	return visible(savedLine(file, preferences));
};

/** The source, recording into `file` (a new file: an old recording is never overwritten); undefined when it cannot be created. */
async function openRecording(inner: Source, file: string, notes: string[]): Promise<Source | undefined> {
	// Said before the screen opens; the stream's own 'wx' still refuses a file made meanwhile.
	try {
		await access(file);
		notes.push(`${file} exists: a recording is never written over (choose another name)`);
		return undefined;
	} catch {}

	return recordingSource(inner, file, maxRecordingBytes, why => {
		notes.push(why || `recorded to ${file} (replay it with: hvtop replay ${file})`);
	});
}

const alternateScreen = {enter: '\u001B[?1049h', leave: '\u001B[?1049l'};

type Chosen = {readonly file: string; readonly preferences: Preferences};

async function runDashboard(source: Source, options: Options, chosen: Chosen | undefined): Promise<number> {
	process.stdout.write(alternateScreen.enter);
	const restore = () => {
		process.stdout.write(alternateScreen.leave);
	};

	// The app reverts a waiting change and exits on SIGHUP/SIGTERM (use-hangup);
	// here only the exit status is noted, and writes to a terminal that is gone are dropped.
	let signalled: NodeJS.Signals | undefined;
	const note = (signal: NodeJS.Signals) => {
		signalled ??= signal;
	};

	process.on('SIGHUP', note);
	process.on('SIGTERM', note);
	process.stdout.on('error', () => undefined);
	const timer = options.demo ? demoTimer() : {clock: monotonicClock, schedule: timerScheduler};
	let quitLines: readonly string[] = [];
	// A locale that is not UTF-8 gets ASCII as --ascii does.
	const ascii = options.ascii || !localeIsUtf8(process.env);
	const app = render(
		<App
			source={source}
			clock={timer.clock}
			schedule={timer.schedule}
			intervalMs={options.intervalMs}
			host={options.demo ? 'demo-vm' : os.hostname()}
			initialDevice={options.device ?? chosen?.preferences.device}
			initialView={options.view}
			{...(chosen?.preferences.units ? {initialUnits: chosen.preferences.units} : {})}
			{...(chosen ? {savePreferences: saver(chosen.file, options.intervalMs)} : {})}
			keepTimeoutSeconds={options.keepTimeoutSeconds}
			color={process.env['FORCE_COLOR'] !== '0'}
			ascii={ascii}
			onQuit={lines => {
				quitLines = lines;
			}}
		/>,
		// Ctrl-C is the app's: a waiting change is reverted before it quits.
		{patchConsole: false, exitOnCtrlC: false, ...(ascii ? {stdout: asciiStream(process.stdout)} : {})},
	);
	try {
		await app.waitUntilExit();
	} finally {
		restore();
	}

	// What became of each change stays in the terminal after the screen is gone (as netplan try does).
	for (const line of quitLines) {
		process.stdout.write(`hvtop: ${line}\n`);
	}

	return signalled === undefined ? 0 : 128 + (signalled === 'SIGHUP' ? 1 : 15);
}

/**
 * A reader that stops early (`hvtop --json | head -1`) ends printing quietly;
 * any other write failure is reported once, as a line (never a stack trace).
 */
function watchOutput(): {readonly readerGone: boolean; readonly writeError: string | undefined} {
	const state: {readerGone: boolean; writeError: string | undefined} = {readerGone: false, writeError: undefined};
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		state.readerGone = true;
		if (error.code !== 'EPIPE' && state.writeError === undefined) {
			state.writeError = error.message;
			process.stderr.write(`hvtop: cannot write the output: ${visible(error.message)}\n`);
		}
	});
	return state;
}

/** Resolves once what was written has left (or failed, and the failure was reported). */
async function flushed(stream: NodeJS.WriteStream): Promise<void> {
	await new Promise<void>(resolve => {
		stream.write('', () => {
			setImmediate(resolve);
		});
	});
}

export async function run(options: Options, extra: {listScenarios: boolean; preferences?: Chosen}): Promise<number> {
	if (extra.listScenarios) {
		watchOutput();
		process.stdout.write(scenarioList());
		return 0;
	}

	const opened = await openSource(options);
	if (!opened.ok) {
		process.stderr.write(`hvtop: ${visible(opened.error.message)}\n`);
		return 2;
	}

	// A recording stops (full, disk error) without stopping the run; it is said after the screen is gone.
	const recorded: string[] = [];
	const source = options.record === undefined ? opened.value : await openRecording(opened.value, options.record, recorded);
	if (source === undefined) {
		await opened.value.close();
		process.stderr.write(`hvtop: ${visible(recorded[0] ?? 'cannot record')}\n`);
		return 2;
	}

	try {
		if (options.device === undefined && (await source.devices()).length === 0) {
			process.stderr.write('hvtop: no hv_netvsc device on this machine; watch another device with --live --device NAME (e.g. a veth), or the model with --model\n');
			return 1;
		}

		let {mode} = options;
		if (mode === 'dashboard' && !(process.stdin.isTTY && process.stdout.isTTY)) {
			process.stderr.write(`hvtop: ${process.stdin.isTTY ? 'standard output' : 'standard input'} is not a terminal, so the dashboard cannot run; printing one snapshot instead (use --once or --json in scripts)\n`);
			mode = 'once';
		}

		if (mode === 'dashboard') {
			return await runDashboard(source, options, extra.preferences);
		}

		// The dashboard has its own watch on the terminal (a hung-up terminal is not worth a line).
		const output = watchOutput();
		// With --demo, model time moves exactly one interval per snapshot: the output is reproducible.
		// --once under --ascii (or a non-UTF-8 locale) is ASCII too; --json stays exact.
		const ascii = mode === 'once' && (options.ascii || !localeIsUtf8(process.env));
		const status = await runBatch(source, {...options, mode}, options.demo ? manualClock() : monotonicClock, {
			stdout: ascii ? asciiStream(process.stdout) : process.stdout,
			columns: process.stdout.columns || 100,
			wallTime: () => new Date(),
			readerGone: () => output.readerGone,
		});
		await flushed(process.stdout);
		return output.writeError === undefined ? status : 1;
	} finally {
		await source.close();
		for (const line of recorded.filter(Boolean)) {
			process.stderr.write(`hvtop: ${visible(line)}\n`);
		}
	}
}
