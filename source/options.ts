// Command-line values → validated options. Every bad value becomes one clear
// sentence (the CLI prints it and exits 2); nothing here throws.
import {keepTimeoutRange} from './cli-flags.js';
import {parseFaultSpec, type FaultSpec} from './fault-spec.js';
import {isViewName, viewNames, type ViewName} from './views/registry.js';
import type {Result} from './types.js';
import {failWith} from './errors.js';
import {modelKernelRelease} from './netvsc/scenarios.js';

export type Mode = 'dashboard' | 'once' | 'json';
export type SourceChoice = 'auto' | 'model' | 'live';

export type Options = {
	readonly mode: Mode;
	readonly count: number | undefined;
	readonly intervalMs: number;
	readonly device: string | undefined;
	readonly seed: number;
	readonly scenario: string;
	/** The model's kernel (--kernel: a name of modelKernels); undefined: the scenario's. */
	readonly kernel?: string;
	readonly source: SourceChoice;
	readonly sysfsRoot: string;
	readonly procfsRoot: string;
	readonly ethtool: string;
	readonly keepTimeoutSeconds: number;
	readonly ascii: boolean;
	/** Recordings: model time steps exactly one interval per tick, fixed host name. */
	readonly demo: boolean;
	/** The view to start in (dashboard) or to print (--once, --json). */
	readonly view: ViewName;
	/** --view was given: --json then carries that view's data. */
	readonly viewGiven: boolean;
	/** Model faults armed at start (--fault), each used up by the next change. */
	readonly faults: readonly FaultSpec[];
	/** --record FILE: what the source delivers is also written there (replayable). */
	readonly record: string | undefined;
	/** --replay FILE: the source is that recording. */
	readonly replay: string | undefined;
	/** The model's longest simulated step (default 1 s); `hvtop export` steps once per scrape. */
	readonly modelStepMs?: number;
};

export type RawFlags = {
	readonly once?: boolean;
	readonly json?: boolean;
	readonly count?: string;
	readonly interval?: string;
	readonly device?: string;
	readonly seed?: string;
	readonly scenario?: string;
	readonly kernel?: string;
	readonly model?: boolean;
	readonly live?: boolean;
	readonly sysfsRoot?: string;
	readonly procfsRoot?: string;
	readonly ethtool?: string;
	readonly keepTimeout?: string;
	readonly ascii?: boolean;
	readonly demo?: boolean;
	readonly view?: string;
	readonly fault?: readonly string[];
	readonly record?: string;
	readonly replay?: string;
};

const problem = (message: string): Result<Options> => failWith('EUSAGE', message);

function parseNumber(text: string | undefined, name: string, check: {min: number; max: number; integer: boolean}): number | string | undefined {
	if (text === undefined) {
		return undefined;
	}

	const trimmed = text.trim();
	const value = trimmed === '' ? Number.NaN : Number(trimmed);
	if (!Number.isFinite(value) || (check.integer && !Number.isInteger(value))) {
		return `--${name} takes ${check.integer ? 'a whole number' : 'a number'}, not '${text}'`;
	}

	if (value < check.min || value > check.max) {
		return `--${name} must be between ${check.min} and ${check.max}, not ${trimmed}`;
	}

	return value;
}

/** --record and --replay: a file each, never both; a replay has no machine or model to choose. */
function checkRecordingFlags(flags: RawFlags): string | undefined {
	for (const name of ['record', 'replay'] as const) {
		if (flags[name] !== undefined && flags[name].trim() === '') {
			return `--${name} needs a file name, e.g. --${name} eth0.hvrec`;
		}
	}

	if (flags.record !== undefined && flags.replay !== undefined) {
		return '--record and --replay exclude each other: replay a recording, or record a run';
	}

	const machine = (['model', 'live', 'scenario', 'seed', 'fault', 'sysfsRoot', 'procfsRoot', 'ethtool'] as const).find(name => {
		const value = flags[name];
		return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
	});
	return flags.replay !== undefined && machine ? `--replay reads a recording: --${machine.replaceAll(/[A-Z]/g, c => `-${c.toLowerCase()}`)} does not apply to it` : undefined;
}

export function parseOptions(flags: RawFlags): Result<Options> {
	if (flags.model && flags.live) {
		return problem('--model and --live exclude each other: choose one');
	}

	const count = parseNumber(flags.count, 'count', {min: 1, max: 1_000_000, integer: true});
	const interval = parseNumber(flags.interval, 'interval', {min: 0.1, max: 3600, integer: false});
	const seed = parseNumber(flags.seed, 'seed', {min: 0, max: 2 ** 32 - 1, integer: true});
	const keep = parseNumber(flags.keepTimeout, 'keep-timeout', {min: keepTimeoutRange.min, max: keepTimeoutRange.max, integer: true});
	for (const value of [count, interval, seed, keep]) {
		if (typeof value === 'string') {
			return problem(value);
		}
	}

	if (flags.device !== undefined && flags.device.trim() === '') {
		return problem('--device needs a device name, e.g. --device eth0');
	}

	if (flags.scenario !== undefined && flags.scenario.trim() === '') {
		return problem('--scenario needs a scenario name (see --help)');
	}

	const kernel = flags.kernel?.trim();
	if (kernel !== undefined) {
		if (flags.live) {
			return problem('--kernel chooses the model\'s kernel: it cannot be combined with --live');
		}

		const release = modelKernelRelease(kernel);
		if (!release.ok) {
			return problem(release.error.message);
		}
	}

	if (flags.count !== undefined && !flags.json && !flags.once) {
		return problem('--count goes with --json (or --once): the dashboard runs until you press q');
	}

	if (flags.demo && flags.live) {
		return problem('--demo runs on the model only: it cannot be combined with --live');
	}

	const view = flags.view?.trim();
	if (view !== undefined && !isViewName(view)) {
		return problem(`--view must be one of ${viewNames.join(', ')}, not '${flags.view ?? ''}'`);
	}

	const faults: FaultSpec[] = [];
	for (const text of flags.fault ?? []) {
		const parsed = parseFaultSpec(text);
		if (!parsed.ok) {
			return problem(parsed.error.message);
		}

		faults.push(parsed.value);
	}

	if (faults.length > 0 && flags.live) {
		return problem('--fault arms a fault of the netvsc model: it cannot be combined with --live');
	}

	const recordings = checkRecordingFlags(flags);
	if (recordings) {
		return problem(recordings);
	}

	const mode: Mode = flags.json ? 'json' : (flags.once ? 'once' : 'dashboard');
	return {
		ok: true,
		value: {
			mode,
			count: count as number | undefined,
			intervalMs: Math.round(((interval as number | undefined) ?? 1) * 1000),
			device: flags.device?.trim(),
			seed: (seed as number | undefined) ?? 1,
			scenario: flags.scenario?.trim() ?? 'balanced',
			...(kernel === undefined ? {} : {kernel}),
			source: flags.model ? 'model' : (flags.live ? 'live' : 'auto'),
			sysfsRoot: flags.sysfsRoot ?? '/sys',
			procfsRoot: flags.procfsRoot ?? '/proc',
			ethtool: flags.ethtool ?? 'ethtool',
			keepTimeoutSeconds: (keep as number | undefined) ?? keepTimeoutRange.default,
			ascii: flags.ascii ?? false,
			demo: flags.demo ?? false,
			view: view ?? 'queues',
			viewGiven: view !== undefined,
			faults,
			record: flags.record?.trim(),
			replay: flags.replay?.trim(),
		},
	};
}
