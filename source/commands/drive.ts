// The life of one `hvtop set` change on plain output: one line per state,
// the keep prompt (with its countdown on a terminal), the answer from stdin,
// and a lost session (SIGHUP, SIGTERM, EOF, a failed write) reverting at once.
import {createInterface} from 'node:readline';
import {describeChange} from '../tuning/describe.js';
import type {Plan} from '../tuning/plan.js';
import {isTerminal, type ChangeView} from '../tuning/types.js';
import {exitCodeForChange, exitCodeForRefusal, exitCodes} from './exit-codes.js';
import type {SetContext} from './set.js';

export async function drive(context: SetContext, plan: Plan): Promise<number> {
	const {controller, args, io, options, say, complain} = context;
	const {clock} = controller;
	let lastState: string | undefined;
	let answer: 'keep' | 'revert' | 'lost' | undefined;
	let countdown: NodeJS.Timeout | undefined;
	// Only the change this command started is ours to keep or revert.
	let ours: string | undefined;

	const decide = (change: ChangeView | undefined) => {
		if (change?.state !== 'AWAIT_CONFIRM' || change.id !== ours || answer === undefined) {
			return;
		}

		if (answer === 'keep') {
			controller.keep();
		} else if (answer === 'revert') {
			controller.revert();
		} else {
			void controller.sessionLost();
		}
	};

	// On a terminal the prompt waits on its line; the typed Enter ends it.
	let promptOpen = false;
	const unsubscribe = controller.subscribe(change => {
		if (change.state === lastState && change.state !== 'REVERTING') {
			return;
		}

		lastState = change.state;
		if (promptOpen) {
			safeWrite(io.stdout, '\n');
			promptOpen = false;
		}

		// REVERT FAILED is said once, loudly (stderr), with the device's state and how to recover.
		if (change.state === 'REVERT_FAILED') {
			complain(describeChange(change, clock.now()));
		} else {
			say(`${change.state.padEnd(13)} ${describeChange(change, clock.now())}`);
		}

		if (change.state === 'AWAIT_CONFIRM' && !args.yes) {
			if (io.stdout.isTTY) {
				safeWrite(io.stdout, 'keep? [y/N] ');
				promptOpen = answer === undefined;
			} else {
				say('keep? [y/N]');
			}

			if (io.stdout.isTTY) {
				// On a terminal the countdown ticks in place; plain output gets one line.
				countdown = setInterval(() => {
					const current = controller.current();
					if (current?.state === 'AWAIT_CONFIRM' && current.deadline !== undefined) {
						safeWrite(io.stdout, `\r\u001B[Kkeep? [y/N] (${Math.max(0, Math.ceil((current.deadline - clock.now()) / 1000))} s) `);
					}
				}, 1000);
			}

			decide(change);
		}

		if (change.state !== 'AWAIT_CONFIRM' && countdown) {
			clearInterval(countdown);
			countdown = undefined;
		}
	});

	const mine = () => {
		const current = controller.current();
		return current && current.id === ours ? current : undefined;
	};

	const lost = () => {
		answer ??= 'lost';
		const current = mine();
		// In flight or waiting: the guard reverts at once (in flight: as soon as it lands).
		if (current && !isTerminal(current.state)) {
			void controller.sessionLost();
		}
	};

	const interrupt = () => {
		answer = 'revert';
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
		if (answer !== undefined) {
			return;
		}

		answer = /^\s*y(es)?\s*$/i.test(line) ? 'keep' : 'revert';
		promptOpen = false;
		decide(controller.current());
	});
	lines?.on('close', () => {
		if (answer === undefined) {
			lost();
		}
	});

	try {
		const started = await controller.start(plan, {keepAtOnce: args.yes, keepTimeoutMs: args.keepTimeoutMs});
		if (started.ok) {
			ours = started.change.id;
			// An answer or a hang-up that came while arming applies now.
			if (answer === 'lost') {
				lost();
			} else {
				decide(controller.current());
			}
		} else {
			complain(started.refusal.message);
			return exitCodeForRefusal[started.refusal.kind];
		}

		const final = await controller.settled();
		if (!final) {
			return exitCodes.internal;
		}

		return exitCodeForChange(final);
	} finally {
		unsubscribe();
		if (countdown) {
			clearInterval(countdown);
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
