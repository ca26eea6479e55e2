// Talks to test/helpers/live-worker.ts running inside a namespace.
import {fileURLToPath} from 'node:url';
import {createInterface} from 'node:readline';
import type {VethPair} from './netns.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const workerPath = fileURLToPath(new URL('live-worker.ts', import.meta.url));

export type LiveWorker = {
	call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
	stop(): void;
};

/** JSON.parse reviver for the worker's {"$bigint": "…"} values. */
export function reviveBigints(_key: string, value: unknown): unknown {
	if (value !== null && typeof value === 'object' && '$bigint' in value && typeof (value as {$bigint: unknown}).$bigint === 'string') {
		return BigInt((value as {$bigint: string}).$bigint);
	}

	return value;
}

/** Starts the worker in `ns`: from source by default, or `command` (the bench runs a bundled copy). */
export function startLiveWorker(pair: VethPair, ns: string, command: readonly string[] = [process.execPath, '--import=tsx', workerPath]): LiveWorker {
	const child = pair.spawnIn(ns, command, {cwd: repoRoot});
	const pending = new Map<number, {resolve: (value: unknown) => void; reject: (error: Error) => void}>();
	let nextId = 1;
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	createInterface({input: child.stdout!}).on('line', line => {
		const message = JSON.parse(line, reviveBigints) as {id: number; result?: unknown; error?: string};
		const waiter = pending.get(message.id);
		pending.delete(message.id);
		if (message.error === undefined) {
			waiter?.resolve(message.result);
		} else {
			waiter?.reject(new Error(message.error));
		}
	});
	child.once('exit', code => {
		for (const waiter of pending.values()) {
			waiter.reject(new Error(`live worker exited (${String(code)}): ${stderr}`));
		}

		pending.clear();
	});

	return {
		async call<T>(method: string, ...args: unknown[]): Promise<T> {
			const id = nextId++;
			return new Promise<T>((resolve, reject) => {
				pending.set(id, {resolve: resolve as (value: unknown) => void, reject});
				child.stdin?.write(`${JSON.stringify({id, method, args})}\n`);
			});
		},
		stop() {
			child.stdin?.end();
			child.kill('SIGKILL');
		},
	};
}
