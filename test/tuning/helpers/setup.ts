// Shared scaffolding: a temp state dir per test, a controller on a Source,
// and waiting for a given state.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import type {Source} from '../../../source/sources/source.js';
import {createController, type Controller, type ControllerOptions} from '../../../source/tuning/controller.js';
import type {ChangeState, ChangeView} from '../../../source/tuning/types.js';
import {patience} from '../../helpers/ink.js';
import {virtualTime, type VirtualTime} from '../../helpers/virtual-timers.js';

export async function tempDir(t: ExecutionContext, prefix = 'hvtop-tuning-', parent = tmpdir()): Promise<string> {
	const dir = await mkdtemp(path.join(parent, prefix));
	t.teardown(async () => rm(dir, {recursive: true, force: true}));
	return dir;
}

export type Rig = {
	readonly dir: string;
	/** The controller's clock and timers: the keep deadline and the apply budget fire only on time.advance(). */
	readonly time: VirtualTime;
	readonly controller: Controller;
	readonly updates: ChangeView[];
	/** Resolves with the first update in `state` (or already there). */
	waitFor(state: ChangeState, timeoutMs?: number): Promise<ChangeView>;
};

export async function rig(t: ExecutionContext, source: Source, options: Partial<ControllerOptions> = {}): Promise<Rig> {
	const dir = options.stateDir ?? (await tempDir(t));
	const time = virtualTime();
	const controller = createController({
		source,
		stateDir: dir,
		clock: time.clock,
		timers: time.timers,
		keepTimeoutMs: 1000,
		verifyDelaysMs: [20],
		revertDelaysMs: [20, 20],
		kmsg: path.join(dir, 'kmsg'),
		...options,
	});
	t.teardown(async () => controller.close());
	const updates: ChangeView[] = [];
	controller.subscribe(change => updates.push(change));
	return {dir, time, controller, updates, waitFor: async (state, timeoutMs = patience) => waitForState(controller, state, timeoutMs)};
}

export async function waitForState(controller: Controller, state: ChangeState, timeoutMs = patience): Promise<ChangeView> {
	const now = controller.current();
	if (now?.state === state) {
		return now;
	}

	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			stop();
			reject(new Error(`no ${state} within ${timeoutMs} ms (last: ${controller.current()?.state ?? 'none'})`));
		}, timeoutMs);
		const stop = controller.subscribe(change => {
			if (change.state === state) {
				clearTimeout(timer);
				stop();
				resolve(change);
			}
		});
	});
}

export const sleep = async (ms: number) => new Promise<void>(resolve => {
	setTimeout(resolve, ms);
});
