// `hvtop persist-apply KIND DEV FIELD=VALUE…`: what hvtop's udev rule runs
// when DEV is added (at boot, when a VF comes back from host servicing), for
// a kind no ethtool command line sets again (channel CPUs, a sysfs write; the
// VF's RSS table, which MANA takes only once netvsc has opened the VF). Not
// guarded and not journaled: nobody is there to confirm at boot, and it only
// puts back what an admin kept and persisted. Idempotent (a value already set
// writes nothing); it waits a bounded time for the device to take it. Hidden
// from the help: admins run `hvtop set` and `hvtop persist`.
import {setTimeout as delay} from 'node:timers/promises';
import {monotonicClock} from '../clock.js';
import {parseValueWords} from '../persist/apply-words.js';
import {isChangeKind, kindOf, type ChangeKind} from '../tuning/kinds/index.js';
import {checkDevice} from '../tuning/plan.js';
import type {Values} from '../tuning/types.js';
import {visibleLines} from '../visible.js';
import {safeWrite} from './drive.js';
import {exitCodeForError, exitCodes} from './exit-codes.js';
import type {CommandIo, CommandOptions} from './set.js';

export const persistApplyUsage = 'usage: hvtop persist-apply KIND DEV FIELD=VALUE… (run by hvtop\'s udev rule; see hvtop persist)';

/** How long to keep trying, and how it waits: udev's own event timeout is 180 s. */
export type ApplyTiming = {readonly deadlineMs: number; readonly retryMs: number; now(): number; sleep(ms: number): Promise<void>};

export const defaultTiming: ApplyTiming = {deadlineMs: 15_000, retryMs: 500, now: () => monotonicClock.now(), sleep: async ms => delay(ms)};

// What a device says while it is still coming up: the VF not yet opened (EOPNOTSUPP on MANA),
// the sub-channels not yet all open (EIO: another channel count), the device busy.
const notYet = new Set(['EOPNOTSUPP', 'EIO', 'EBUSY', 'EAGAIN']);

type Parsed = {readonly kind: ChangeKind; readonly dev: string; readonly values: Values};

function parse(argv: readonly string[]): Parsed | string {
	const [kind, dev, ...words] = argv;
	if (kind === undefined || dev === undefined || words.length === 0) {
		return 'give the kind, the device and its values';
	}

	if (!isChangeKind(kind)) {
		return `no kind ${JSON.stringify(kind)}`;
	}

	const rule = kindOf(kind).persist?.rule;
	if (!rule || !('apply' in rule)) {
		return `${kind} is not applied by persist-apply (hvtop's rule runs ethtool for it, or it is not persisted)`;
	}

	const badDev = checkDevice(dev);
	if (badDev) {
		return badDev;
	}

	const values = parseValueWords(words);
	return typeof values === 'string' ? values : {kind, dev, values};
}

export async function runPersistApply(argv: readonly string[], io: CommandIo, options: CommandOptions, timing: ApplyTiming = defaultTiming): Promise<number> {
	const complain = (line: string) => {
		safeWrite(io.stderr, `hvtop persist-apply: ${visibleLines(line)}\n`);
	};

	const parsed = parse(argv);
	if (typeof parsed === 'string') {
		complain(`${parsed}\n${persistApplyUsage}`);
		return exitCodes.usage;
	}

	const {kind, dev, values} = parsed;
	const made = await options.createSource({device: dev, live: true});
	if (!made.ok) {
		complain(made.error.message);
		return exitCodeForError(made.error);
	}

	const source = made.value;
	try {
		const start = timing.now();
		for (;;) {
			// eslint-disable-next-line no-await-in-loop -- one try after another, until the device takes it
			const applied = await kindOf(kind).apply(source, dev, values, timing.now());
			if (applied.ok) {
				safeWrite(io.stdout, `${visibleLines(`hvtop persist-apply: ${kindOf(kind).noun} of ${dev} set as persisted`)}\n`);
				return exitCodes.ok;
			}

			const waited = timing.now() - start;
			if (!notYet.has(applied.error.code) || waited + timing.retryMs > timing.deadlineMs) {
				complain(`${kindOf(kind).noun} of ${dev} not set${notYet.has(applied.error.code) ? ` after ${Math.round(waited / 1000)} s` : ''}: ${applied.error.message}`);
				return applied.error.code === 'EPERM' || applied.error.code === 'EACCES' ? exitCodes.notPermitted : exitCodes.refused;
			}

			// eslint-disable-next-line no-await-in-loop
			await timing.sleep(timing.retryMs);
		}
	} finally {
		await source.close();
	}
}
