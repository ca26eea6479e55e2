// The controller's link to an out-of-process guard: adopt a connected guard,
// take over when its socket closes and the guard died, and reattach to one
// still waiting after hvtop restarted.
import {reattachRemoteGuard, type GuardHandle} from './guard-handle.js';
import {changeFromRecords} from './journal-codec.js';
import type {JournalRecord} from './journal.js';
import {isAlive} from './proc.js';
import {publish, type ControllerContext} from './controller-context.js';
import {view} from './states.js';
import {isTerminal} from './types.js';

/** A remote guard now reaches this change; one whose change already ended is let go at once. */
export function adopt(c: ControllerContext, handle: GuardHandle, dev: string, id: string) {
	if (c.current?.id === id && isTerminal(c.current.state)) {
		handle.close();
		return;
	}

	c.guard = handle;
	handle.onLost(() => {
		void onGuardLost(c, dev, id);
	});
}

// The socket closed before the end: if the guard died, this process takes over.
async function onGuardLost(c: ControllerContext, dev: string, id: string) {
	if (!c.current || c.current.id !== id || isTerminal(c.current.state)) {
		return;
	}

	if (c.takeover.busy()) {
		// Our own takeover stopped the guard: it decides.
		await c.takeover.busy();
		return;
	}

	await new Promise<void>(resolve => {
		c.timers.setTimeout(resolve, 200);
	});
	const loaded = await c.journal.load(dev);
	const records = loaded.ok ? loaded.value : [];
	const last = records.findLast(r => r.id === id);
	if (last && isTerminal(last.state)) {
		const found = changeFromRecords(records, id, c.clock);
		if (found) {
			publish(c, view(found.change));
		}

		return;
	}

	if (!isAlive(last?.guard) && !c.takeover.busy()) {
		await c.takeover.resolve(dev, id, 'the guard died and');
	}
}

export async function reattach(c: ControllerContext, record: JournalRecord): Promise<boolean> {
	const socket = record.guard?.mode === 'process' ? record.guard.socket : undefined;
	if (!socket || (c.current && !isTerminal(c.current.state))) {
		return false;
	}

	c.settle = new Promise(resolve => {
		c.resolveSettle = resolve;
	});
	const handle = await reattachRemoteGuard(socket, {
		clock: c.clock,
		timers: c.timers,
		onUpdate(change) {
			publish(c, change);
		},
	});
	if (!handle) {
		c.resolveSettle = undefined;
		c.settle = Promise.resolve(undefined);
		return false;
	}

	adopt(c, handle, record.dev, record.id);
	return true;
}
