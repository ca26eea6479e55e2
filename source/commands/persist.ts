// `hvtop persist DEV` (write what makes DEV's settings last, after showing
// the files, the diff and the mechanism), `--remove DEV` (put back what was
// there) and `--status [DEV]` (running value, next-boot value and its file,
// drift). See persist/ for the planning and docs/tuning.md for the statuses.
import {lineDiff} from '../persist/diff.js';
import {planPersist, type PersistPlan} from '../persist/device-plan.js';
import {byHand, describePlan, planOutcome} from '../persist/describe.js';
import {planRemove, removeAll, writePlan} from '../persist/apply.js';
import {gather} from '../persist/gather.js';
import {checkCommands} from '../persist/udev-version.js';
import {udevPresent} from '../persist/io.js';
import {targetSettings} from '../persist/settings.js';
import {deviceStatus, statusLines, type DeviceStatus} from '../persist/status.js';
import type {Source} from '../sources/source.js';
import type {ChangeKind} from '../tuning/kinds/index.js';
import {monotonicClock} from '../clock.js';
import {visibleLines} from '../visible.js';
import {selfCommand} from '../tuning/arm.js';
import {safeWrite} from './drive.js';
import {exitCodeForError, exitCodes} from './exit-codes.js';
import {parsePersistArgs, persistUsage} from './persist-args.js';
import type {CommandIo, CommandOptions} from './set.js';

type Out = {readonly say: (line: string) => void; readonly complain: (line: string) => void; readonly io: CommandIo};

/** The first line typed on stdin; undefined at end of input. */
async function readAnswer(stdin: NodeJS.ReadableStream): Promise<string | undefined> {
	return new Promise(resolve => {
		let seen = '';
		const done = (answer: string | undefined) => {
			stdin.off('data', onData);
			stdin.off('end', onEnd);
			stdin.pause();
			resolve(answer);
		};

		const onData = (chunk: Buffer | string) => {
			seen += String(chunk);
			if (seen.includes('\n')) {
				done(seen.slice(0, seen.indexOf('\n')));
			}
		};

		const onEnd = () => {
			done(seen === '' ? undefined : seen);
		};

		stdin.on('data', onData);
		stdin.on('end', onEnd);
		stdin.resume();
	});
}

/** Asks on a terminal; elsewhere only --yes writes (a script must say so). */
async function confirmed(out: Out, yes: boolean, question: string): Promise<boolean> {
	if (yes) {
		return true;
	}

	if (!out.io.stdin.isTTY) {
		out.complain('stdin is not a terminal: nothing written; confirm with --yes');
		return false;
	}

	safeWrite(out.io.stdout, `${question} [y/N] `);
	const answer = (await readAnswer(out.io.stdin))?.trim().toLowerCase();
	return answer === 'y' || answer === 'yes';
}

export type PersistRequest = {
	readonly dev: string;
	readonly root: string;
	readonly only?: readonly ChangeKind[];
	readonly yes: boolean;
	readonly dryRun: boolean;
	readonly dropIn: boolean;
	/** The argv a udev rule runs `hvtop persist-apply` with; default this program's. */
	readonly self?: readonly string[];
};

/** Plans, shows and writes; shared by `hvtop persist DEV` and `hvtop set … --persist`. */
export async function persistDevice(source: Source, request: PersistRequest, out: Out): Promise<number> {
	const gathered = await gather(source, request.dev, request.root, monotonicClock.now());
	if (!gathered.ok) {
		out.complain(gathered.error.message);
		return gathered.error.code === 'EUSAGE' ? exitCodes.usage : exitCodeForError(gathered.error);
	}

	const plan: PersistPlan = planPersist({...gathered.value, ...(request.only ? {only: request.only} : {}), dropIn: request.dropIn, self: request.self ?? selfCommand()});
	if (!(await udevPresent(request.root))) {
		for (const line of byHand(plan)) {
			out.say(line);
		}

		return exitCodes.noUdev;
	}

	for (const line of describePlan(plan)) {
		out.say(line);
	}

	const outcome = planOutcome(plan);
	switch (outcome) {
		case 'foreign': {
			return exitCodes.notWritten;
		}

		case 'shadowed': {
			return exitCodes.shadowed;
		}

		case 'unreadable': {
			out.complain(`nothing written: what is marked ! above could not be read or placed now; try again, or name the settings to keep with --kind`);
			return exitCodes.notWritten;
		}

		case 'write': {
			break;
		}

		default: {
			out.say(outcome === 'empty' ? `nothing hvtop can persist on ${request.dev}` : 'nothing to write');
			return exitCodes.ok;
		}
	}

	if (request.dryRun) {
		out.say('--dry-run: nothing written');
		return exitCodes.ok;
	}

	if (!(await confirmed(out, request.yes, 'write?'))) {
		out.say('nothing written');
		return request.yes || out.io.stdin.isTTY ? exitCodes.ok : exitCodes.usage;
	}

	const written = await writePlan(request.root, request.dev, plan);
	if (!written.ok) {
		out.complain(written.error.message);
		return exitCodes.notWritten;
	}

	out.say(`written: ${written.value.join(', ')}; applied at the next boot and whenever the device is added again (a VF after host servicing)`);
	out.say('check it with:');
	for (const target of plan.targets) {
		for (const line of checkCommands(gathered.value.udevVersion, target.settings.name, target.rule?.kind === 'write' ? target.rule.write.path : undefined)) {
			out.say(`  ${line}`);
		}
	}

	return exitCodes.ok;
}

async function removeDevice(dev: string, root: string, yes: boolean, dryRun: boolean, out: Out): Promise<number> {
	const removals = await planRemove(root, dev);
	if (removals.length === 0) {
		out.say(`hvtop wrote nothing for ${dev}; nothing to remove`);
		return exitCodes.ok;
	}

	for (const removal of removals) {
		if (removal.kind === 'remove') {
			out.say(lineDiff(removal.record.path, removal.text, undefined).join('\n'));
		} else if (removal.kind === 'gone') {
			out.say(`${removal.record.path}: already gone; its record is removed`);
		} else {
			out.complain(removal.message);
		}
	}

	if (dryRun) {
		out.say('--dry-run: nothing removed');
		return exitCodes.ok;
	}

	if (!(await confirmed(out, yes, 'remove?'))) {
		out.say('nothing removed');
		return exitCodes.ok;
	}

	const removed = await removeAll(root, removals);
	if (!removed.ok) {
		out.complain(removed.error.message);
		return exitCodes.notWritten;
	}

	out.say(`removed: ${removed.value.join(', ') || 'nothing'}; the next boot or re-add applies what applied before hvtop`);
	return removals.some(removal => removal.kind === 'edited') ? exitCodes.notWritten : exitCodes.ok;
}

/** One device's (or VF's) status, for --json: the same facts the lines say. */
const statusJson = (status: DeviceStatus, notPersistable: ReadonlyArray<{kind: string; why: string}>) => ({
	name: status.facts.name,
	driver: status.facts.driver,
	linkFile: status.file ?? null,
	rule: status.rule ?? null,
	uncertain: status.uncertain,
	knobs: status.knobs.map(knob => ({kind: knob.kind, field: knob.field, running: knob.value, next: knob.next ?? null, drift: knob.drift})),
	notPersistable,
});

async function showStatus(source: Source, request: {dev: string | undefined; root: string; json: boolean}, out: Out): Promise<number> {
	const {dev, root} = request;
	const devices = dev === undefined ? await source.devices() : [dev];
	const shown: Array<ReturnType<typeof statusJson>> = [];
	let drift = false;
	for (const name of devices) {
		// eslint-disable-next-line no-await-in-loop
		const gathered = await gather(source, name, root, monotonicClock.now());
		if (!gathered.ok) {
			out.complain(`${name}: ${gathered.error.message}`);
			if (dev !== undefined) {
				return gathered.error.code === 'EUSAGE' ? exitCodes.usage : exitCodeForError(gathered.error);
			}

			continue;
		}

		for (const target of ['device', 'vf'] as const) {
			const settings = targetSettings(gathered.value.snap, target);
			const facts = settings && gathered.value.facts(settings.name);
			if (settings && facts) {
				const status = deviceStatus(gathered.value.files, facts, settings.knobs, gathered.value.rules);
				drift ||= status.knobs.some(knob => knob.drift);
				shown.push(statusJson(status, settings.unpersistable));
				const lines = request.json ? [] : [...statusLines(status), ...settings.unpersistable.map(({kind, why}) => `  ${kind}: not persisted: ${why}`)];
				for (const line of lines) {
					out.say(line);
				}
			}
		}
	}

	if (request.json) {
		safeWrite(out.io.stdout, `${JSON.stringify({devices: shown, drift})}\n`);
	}

	return drift ? exitCodes.drift : exitCodes.ok;
}

export async function runPersistCommand(argv: readonly string[], io: CommandIo, options: CommandOptions): Promise<number> {
	const out: Out = {
		say(line) {
			safeWrite(io.stdout, `${visibleLines(line)}\n`);
		},
		complain(line) {
			safeWrite(io.stderr, `hvtop persist: ${visibleLines(line)}\n`);
		},
		io,
	};
	if (argv.includes('--help') || argv.includes('-h')) {
		out.say(persistUsage);
		return exitCodes.ok;
	}

	const args = parsePersistArgs(argv);
	if (typeof args === 'string') {
		out.complain(`${args} (see hvtop persist --help)`);
		return exitCodes.usage;
	}

	if (args.mode === 'remove') {
		return removeDevice(args.dev!, args.root, args.yes, args.dryRun, out);
	}

	const made = await options.createSource({device: args.dev ?? '', live: true, ...(args.machine ? {machine: args.machine} : {})});
	if (!made.ok) {
		out.complain(made.error.message);
		return exitCodeForError(made.error);
	}

	try {
		return args.mode === 'status'
			? await showStatus(made.value, {dev: args.dev, root: args.root, json: args.json}, out)
			: await persistDevice(made.value, {
				dev: args.dev!, root: args.root, yes: args.yes, dryRun: args.dryRun, dropIn: args.dropIn,
				...(args.only ? {only: args.only} : {}),
				// A test's or the fixture's own guard command names the program that would run persist-apply too.
				...(options.guardCommand ? {self: options.guardCommand.slice(0, -1)} : {}),
			}, out);
	} finally {
		await made.value.close();
	}
}
