// The life of one `hvtop set` change on plain output: one line per state,
// the keep prompt (with its countdown on a terminal), the answer from stdin,
// and a lost session (SIGHUP, SIGTERM, EOF, a failed write) reverting at once.
import {createInterface} from 'node:readline';
import {describeChange} from '../tuning/describe.js';
import type {Plan} from '../tuning/plan.js';
import {isTerminal, type ChangeView} from '../tuning/types.js';
import {exitCodeForChange, exitCodeForRefusal, exitCodes} from './exit-codes.js';
import type {SetContext} from './set.js';

/** What one drive shares between the state updates, the prompt's answer and the signals. */
type DriveState = {
	readonly context: SetContext;
	lastState?: string;
	answer?: 'keep' | 'revert' | 'lost';
	countdown?: NodeJS.Timeout;
	/** Only the change this command started is ours to keep or revert. */
	ours?: string;
	/** On a terminal the prompt waits on its line; the typed Enter ends it. */
	promptOpen: boolean;
};

/** Act on the answer once our change waits for it. */
function decide(state: DriveState, change: ChangeView | undefined): void {
	const {controller} = state.context;
	if (change?.state !== 'AWAIT_CONFIRM' || change.id !== state.ours || state.answer === undefined) {
		return;
	}

	if (state.answer === 'keep') {
		controller.keep();
	} else if (state.answer === 'revert') {
		controller.revert();
	} else {
		void controller.sessionLost();
	}
}

/** The keep prompt: in place with a ticking countdown on a terminal, one line on plain output. */
function prompt(state: DriveState, change: ChangeView): void {
	const {controller, io, say} = state.context;
	const {clock} = controller;
	if (io.stdout.isTTY) {
		safeWrite(io.stdout, 'keep? [y/N] ');
		state.promptOpen = state.answer === undefined;
	} else {
		say('keep? [y/N]');
	}

	if (io.stdout.isTTY) {
		// On a terminal the countdown ticks in place; plain output gets one line.
		state.countdown = setInterval(() => {
			const current = controller.current();
			if (current?.state === 'AWAIT_CONFIRM' && current.deadline !== undefined) {
				safeWrite(io.stdout, `\r\u001B[Kkeep? [y/N] (${Math.max(0, Math.ceil((current.deadline - clock.now()) / 1000))} s) `);
			}
		}, 1000);
	}

	decide(state, change);
}

/** One line per new state; the prompt when the change waits for keep. */
function onChange(state: DriveState, change: ChangeView): void {
	const {controller, args, io, say, complain} = state.context;
	const {clock} = controller;
	if (change.state === state.lastState && change.state !== 'REVERTING') {
		return;
	}

	state.lastState = change.state;
	if (state.promptOpen) {
		safeWrite(io.stdout, '\n');
		state.promptOpen = false;
	}

	// REVERT FAILED is said once, loudly (stderr), with the device's state and how to recover.
	if (change.state === 'REVERT_FAILED') {
		complain(describeChange(change, clock.now()));
	} else {
		say(`${change.state.padEnd(13)} ${describeChange(change, clock.now())}`);
	}

	if (change.state === 'AWAIT_CONFIRM' && !args.yes) {
		prompt(state, change);
	}

	if (change.state !== 'AWAIT_CONFIRM' && state.countdown) {
		clearInterval(state.countdown);
		state.countdown = undefined;
	}
}

export async function drive(context: SetContext, plan: Plan): Promise<number> {
	const {controller, args, io, options, complain} = context;
	const state: DriveState = {context, promptOpen: false};
	const unsubscribe = controller.subscribe(change => {
		onChange(state, change);
	});

	const mine = () => {
		const current = controller.current();
		return current && current.id === state.ours ? current : undefined;
	};

	const lost = () => {
		state.answer ??= 'lost';
		const current = mine();
		// In flight or waiting: the guard reverts at once (in flight: as soon as it lands).
		if (current && !isTerminal(current.state)) {
			void controller.sessionLost();
		}
	};

	const interrupt = () => {
		state.answer = 'revert';
		const current = mine();
		if (current && !isTerminal(current.state)) {
			controller.cancel();
		}
	};

	const handleSignals = options.handleSignals ?? true;
	const signalHandlers: Array<[NodeJS.Signals, () => void]> = [['SIGHUP', lost], ['SIGTERM', lost], ['SIGINT', interrupt]];
	if (handleSignals) {
		for (const [signal, handler] of signalHandlers) {
			process.on(signal, handler);
		}
	}

	io.stdout.on('error', lost);
	const lines = args.yes ? undefined : createInterface({input: io.stdin, terminal: false});
	lines?.on('line', line => {
		if (state.answer !== undefined) {
			return;
		}

		state.answer = /^\s*y(es)?\s*$/i.test(line) ? 'keep' : 'revert';
		state.promptOpen = false;
		decide(state, controller.current());
	});
	lines?.on('close', () => {
		if (state.answer === undefined) {
			lost();
		}
	});

	try {
		const started = await controller.start(plan, {keepAtOnce: args.yes, keepTimeoutMs: args.keepTimeoutMs, ...(args.force ? {force: true} : {})});
		if (started.ok) {
			state.ours = started.change.id;
			// An answer or a hang-up that came while arming applies now.
			if (state.answer === 'lost') {
				lost();
			} else {
				decide(state, controller.current());
			}
		} else {
			complain(`${started.refusal.message}${started.refusal.kind === 'rate' ? '; --force changes it now' : ''}`);
			return exitCodeForRefusal[started.refusal.kind];
		}

		const final = await controller.settled();
		if (!final) {
			return exitCodes.internal;
		}

		return exitCodeForChange(final);
	} finally {
		unsubscribe();
		if (state.countdown) {
			clearInterval(state.countdown);
		}

		lines?.removeAllListeners('close');
		lines?.close();
		io.stdout.off('error', lost);
		if (handleSignals) {
			for (const [signal, handler] of signalHandlers) {
				process.off(signal, handler);
			}
		}
	}
}

export function safeWrite(stream: NodeJS.WritableStream, text: string): void {
	try {
		stream.write(text);
	} catch {
		// The terminal is gone; the journal still has every state.
	}
}
