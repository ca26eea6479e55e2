// `hvtop report FILE`: one archive for a support ticket. A short recording
// (the --record format), and on a live machine the raw ethtool answers of each
// device and its VF with a stand-in that replays them, the sysfs/proc files
// the live source reads, and the versions. Laid out so that
//   hvtop --sysfs-root D/sys --procfs-root D/proc --ethtool D/ethtool/ethtool
// reads the machine as it was. It only reads: nothing on the machine changes.
import {spawn} from 'node:child_process';
import {createWriteStream, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';
import {monotonicClock, realTimers, type Clock, type Timers} from '../clock.js';
import {captureEthtool, writeEthtoolStandin, type CapturedAnswer} from '../sources/live/capture-ethtool.js';
import {captureTree} from '../sources/live/capture-tree.js';
import {readText} from '../sources/live/fs-read.js';
import {realMachine, type Machine} from '../sources/machine.js';
import {recordingSource} from '../sources/recording.js';
import {maxRecordingBytes} from '../sources/replay.js';
import type {Source} from '../sources/source.js';
import {visibleLines} from '../visible.js';
import {safeWrite} from './drive.js';
import {exitCodeForError, exitCodes} from './exit-codes.js';
import {parseReportArgs, reportUsage, type ReportArgs} from './report-args.js';
import type {CommandIo, SourceRequest} from './set.js';
import type {Result} from '../types.js';
import {hvtopVersion} from './report-version.js';

export type ReportOptions = {
	readonly createSource: (request: SourceRequest) => Promise<Result<Source>>;
	/** Tests: the clock and timers the recording's intervals run on. */
	readonly clock?: Clock;
	readonly timers?: Timers;
	/** Where the archive is put together before it is packed (default the system's temp dir). */
	readonly tempDir?: string;
};

export const recordingName = 'recording.hvtop.gz';
const intervalMs = 1000;
const tarTimeoutMs = 120_000;

/** The archive file, opened new (never written over): its descriptor, or why not and with which exit status. */
function openArchive(file: string): {fd: number} | {problem: string; code: number} {
	try {
		return {fd: openSync(file, 'wx', 0o600)};
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'EEXIST') {
			return {problem: `${file} exists: a report is never written over (choose another name)`, code: exitCodes.usage};
		}

		if (code === 'ENOENT' || code === 'ENOTDIR') {
			return {problem: `${file}: no such directory (${path.dirname(file)})`, code: exitCodes.usage};
		}

		if (code === 'EISDIR') {
			return {problem: `${file} is a directory: name the archive file`, code: exitCodes.usage};
		}

		if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
			return {problem: `${file}: cannot write there (${code === 'EROFS' ? 'read-only filesystem' : 'permission denied'})`, code: exitCodes.notPermitted};
		}

		return {problem: `${file}: ${(error as Error).message}`, code: exitCodes.internal};
	}
}

const pause = async (timers: Timers, ms: number) => new Promise<void>(resolve => {
	timers.setTimeout(resolve, ms);
});

/** The recording: the device list, then every device at the start and after each interval; the VFs the snapshots named. */
async function record(source: Source, args: ReportArgs, options: ReportOptions, file: string): Promise<{devices: string[]; vfs: string[]; notes: string[]}> {
	const notes: string[] = [];
	// Closing the recording ends its file, not the source (runReportCommand closes that).
	const recording = recordingSource({...source, close: async () => undefined}, file, maxRecordingBytes, why => {
		if (why) {
			notes.push(why);
		}
	});
	const clock = options.clock ?? monotonicClock;
	const devices = args.device === undefined ? await recording.devices() : [args.device];
	const vfs = new Set<string>();
	for (let round = 0; round <= args.intervals; round++) {
		if (round > 0) {
			// eslint-disable-next-line no-await-in-loop -- the intervals follow one another
			await pause(options.timers ?? realTimers, intervalMs);
		}

		for (const device of devices) {
			// eslint-disable-next-line no-await-in-loop
			const snap = await recording.snapshot(device, clock.now());
			const vf = snap.ok ? snap.value.vfDevice?.name ?? snap.value.vf : undefined;
			if (vf) {
				vfs.add(vf);
			}
		}
	}

	await recording.close();
	return {devices: [...devices], vfs: [...vfs], notes};
}

async function osRelease(): Promise<string | undefined> {
	return (await readText('/etc/os-release', 64 * 1024)) ?? readText('/usr/lib/os-release', 64 * 1024);
}

type Captured = {readonly answers: readonly CapturedAnswer[]; readonly files: unknown};

/** The live machine's ethtool answers and files into dir (the devices' and their VFs'); nothing for the model (it has neither). */
async function captureMachine(machine: Machine, recorded: {readonly devices: readonly string[]; readonly vfs: readonly string[]}, dir: string): Promise<Captured> {
	const names = [...recorded.devices, ...recorded.vfs];
	const files = await captureTree(machine, names, dir);
	const answers = await captureEthtool(names, {ethtool: machine.ethtool, timeoutMs: 10_000}, new Set(recorded.devices));
	const ethtoolDir = path.join(dir, 'ethtool');
	mkdirSync(ethtoolDir, {recursive: true});
	writeEthtoolStandin(ethtoolDir, answers);
	return {answers, files};
}

function readme(name: string, live: boolean): string {
	return [
		`hvtop report ${name}`,
		'',
		`${recordingName}: what the source delivered, replayable: hvtop --replay ${name}/${recordingName}`,
		...(live
			? [
				'sys/, proc/: the sysfs and procfs files hvtop reads; ethtool/answers.json: the raw ethtool outputs;',
				'ethtool/ethtool: a stand-in that answers them (and refuses every change). Re-read the machine as it was:',
				`  hvtop --sysfs-root ${name}/sys --procfs-root ${name}/proc --ethtool ${name}/ethtool/ethtool --once`,
			]
			: ['The model has no sysfs, procfs or ethtool: only the recording.']),
		'manifest.json: versions, devices, and what was captured or left out.',
		'',
	].join('\n');
}

/** Packs dir/name into the open archive: `tar -c` (argument array, a timeout) through Node's gzip. */
async function pack(dir: string, name: string, fd: number): Promise<string | undefined> {
	const child = spawn('tar', ['-c', '-C', dir, '--', name], {stdio: ['ignore', 'pipe', 'pipe'], timeout: tarTimeoutMs, killSignal: 'SIGKILL'});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr = (stderr + chunk.toString()).slice(-2000);
	});
	const exited = new Promise<string | undefined>(resolve => {
		child.on('error', error => {
			resolve(`cannot run tar: ${error.message}`);
		});
		child.on('close', (code, signal) => {
			resolve(code === 0 ? undefined : `tar failed (${signal ?? `exit ${String(code)}`}): ${stderr.trim()}`);
		});
	});
	try {
		await pipeline(child.stdout, createGzip(), createWriteStream('', {fd, flush: true}));
	} catch (error) {
		child.kill('SIGKILL');
		return `cannot write the archive: ${(error as Error).message}`;
	}

	return exited;
}

export async function runReportCommand(argv: readonly string[], io: CommandIo, options: ReportOptions): Promise<number> {
	const say = (line: string) => {
		safeWrite(io.stdout, `${visibleLines(line)}\n`);
	};

	const complain = (line: string) => {
		safeWrite(io.stderr, `hvtop report: ${visibleLines(line)}\n`);
	};

	if (argv.includes('--help') || argv.includes('-h')) {
		say(reportUsage);
		return exitCodes.ok;
	}

	const args = parseReportArgs(argv);
	if (typeof args === 'string') {
		complain(`${args} (see hvtop report --help)`);
		return exitCodes.usage;
	}

	const made = await options.createSource({device: args.device ?? '', ...(args.live === undefined ? {} : {live: args.live}), ...(args.machine ? {machine: args.machine} : {}), ...(args.world ? {world: args.world} : {})});
	if (!made.ok) {
		complain(made.error.message);
		return exitCodeForError(made.error);
	}

	const source = made.value;
	const opened = openArchive(args.file);
	if ('problem' in opened) {
		await source.close();
		complain(opened.problem);
		return opened.code;
	}

	const staging = mkdtempSync(path.join(options.tempDir ?? os.tmpdir(), 'hvtop-report-'));
	try {
		return await writeReport(source, args, {...options, say, complain}, staging, opened.fd);
	} catch (error) {
		// Nothing half-written stays behind.
		rmSync(args.file, {force: true});
		complain(`cannot write ${args.file}: ${(error as Error).message}; nothing was written`);
		return exitCodes.internal;
	} finally {
		rmSync(staging, {recursive: true, force: true});
		await source.close();
	}
}

async function writeReport(source: Source, args: ReportArgs, context: ReportOptions & {say: (line: string) => void; complain: (line: string) => void}, staging: string, fd: number): Promise<number> {
	const {say, complain} = context;
	const stamp = new Date().toISOString().replaceAll(/[:.]/g, '-');
	const name = `hvtop-report-${os.hostname().replaceAll(/[^\w.-]/g, '_').slice(0, 64)}-${stamp}`;
	const dir = path.join(staging, name);
	mkdirSync(dir);
	say(`recording ${args.intervals} s of ${args.device ?? 'every device'} (${source.label})…`);
	const recorded = await record(source, args, context, path.join(dir, recordingName));
	const live = source.kind === 'live';
	const machine = live ? source.origin ?? realMachine : undefined;
	const captured = machine ? await captureMachine(machine, recorded, dir) : undefined;
	// The model reads no ethtool; the one on this machine is still part of the picture.
	const versionAnswer = captured?.answers[0] ?? (await captureEthtool([], {timeoutMs: 10_000}))[0];
	const ethtoolVersion = versionAnswer?.exitCode === 0 ? versionAnswer.stdout.trim() : undefined;
	const manifest = {
		format: 'hvtop-report',
		version: 1,
		created: new Date().toISOString(),
		host: os.hostname(),
		source: {kind: source.kind, label: source.label, ...(machine ? {machine} : {})},
		devices: recorded.devices,
		vfs: recorded.vfs,
		intervals: args.intervals,
		versions: {hvtop: hvtopVersion(), node: process.version, kernel: os.release(), kernelBuild: os.version(), ethtool: ethtoolVersion ?? null, osRelease: (await osRelease()) ?? null},
		...(captured ? {files: captured.files, ethtool: captured.answers.map(answer => ({args: answer.args, exitCode: answer.exitCode}))} : {}),
		notes: recorded.notes,
	};
	writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
	writeFileSync(path.join(dir, 'README'), readme(name, live));
	const problem = await pack(staging, name, fd);
	if (problem) {
		rmSync(args.file, {force: true});
		complain(`${problem}; nothing was written`);
		return exitCodes.internal;
	}

	const {size} = statSync(args.file);
	say(`wrote ${args.file} (${size < 1024 * 1024 ? `${Math.ceil(size / 1024)} KiB` : `${(size / 1024 / 1024).toFixed(1)} MiB`}): ${name}/ with the recording${captured ? `, ${captured.answers.length} ethtool answers and the sysfs/proc files` : ''}; read it with: tar -xzf ${args.file}`);
	for (const note of recorded.notes) {
		complain(note);
	}

	return exitCodes.ok;
}
