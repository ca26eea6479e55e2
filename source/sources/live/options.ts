// The live source's options, checked and resolved once: roots, timeouts and
// the slow-read rules. A bad value is an EINVAL naming the option.
import {opError} from '../../errors.js';
import {fail, ok, type OpError, type Result} from '../../types.js';
import type {RunOptions} from './run-ethtool.js';
import {defaultReadTimeoutMs} from './read-timeout.js';
import type {SlowRules} from './slow-reads.js';

export type LiveSourceOptions = {
	/** Root of the sysfs tree; default '/sys'. */
	readonly sysfsRoot?: string;
	/** Root of the procfs tree; default '/proc'. */
	readonly procfsRoot?: string;
	/** ethtool binary; default /usr/sbin/ethtool, /sbin/ethtool, then PATH. */
	readonly ethtool?: string;
	/** Watch exactly these devices, any driver (`--device`); default: every hv_netvsc device. */
	readonly devices?: readonly string[];
	/** Timeout of each read (`-S -l -g -k -x -i`), ms; default 3000, or HVTOP_ETHTOOL_TIMEOUT seconds. */
	readonly timeoutMs?: number;
	/** Timeout of `-L`/`-G`, ms; default 30000 (netvsc sub-channel setup takes seconds). */
	readonly setTimeoutMs?: number;
	/** Re-read `-l -g -k -x` at least this often, ms; default 60000. */
	readonly refreshMs?: number;
	/** Retry a failed read after this long, ms; default 5000. */
	readonly retryMs?: number;
};

export type ResolvedOptions = {
	readonly sysfsRoot: string;
	readonly procfsRoot: string;
	readonly rules: SlowRules;
	readonly readOptions: RunOptions;
	readonly setOptions: RunOptions;
};

function positiveMs(value: number | undefined, fallback: number, name: string): number | OpError {
	if (value === undefined) {
		return fallback;
	}

	return Number.isFinite(value) && value > 0 && value <= 3_600_000 ? value : opError('EINVAL', `${name} must be a number of milliseconds in (0, 3600000], got ${String(value)}`);
}

export function resolveOptions(options: LiveSourceOptions): Result<ResolvedOptions> {
	const timeoutMs = positiveMs(options.timeoutMs, defaultReadTimeoutMs(), 'timeoutMs');
	const setTimeoutMs = positiveMs(options.setTimeoutMs, 30_000, 'setTimeoutMs');
	const refreshMs = positiveMs(options.refreshMs, 60_000, 'refreshMs');
	const retryMs = positiveMs(options.retryMs, 5000, 'retryMs');
	for (const value of [timeoutMs, setTimeoutMs, refreshMs, retryMs]) {
		if (typeof value !== 'number') {
			return fail(value);
		}
	}

	const readOptions: RunOptions = {...(options.ethtool === undefined ? {} : {ethtool: options.ethtool}), timeoutMs: timeoutMs as number};
	return ok({
		sysfsRoot: options.sysfsRoot ?? '/sys',
		procfsRoot: options.procfsRoot ?? '/proc',
		rules: {refreshMs: refreshMs as number, retryMs: retryMs as number},
		readOptions,
		setOptions: {...readOptions, timeoutMs: setTimeoutMs as number},
	});
}
