// Runs a live source inside a network namespace for tests. /sys shows the
// network namespace of the process that mounted it, and `ip netns exec`
// mounts a fresh sysfs for the namespace, so the simplest faithful way to
// read a namespace's devices is to run the whole live source there:
//   ip netns exec NS node --import=tsx test/helpers/live-worker.ts
// It answers JSON lines on stdin with JSON lines on stdout:
//   {"id":1,"method":"create","args":[options]}      → {"id":1,"result":{label}}
//   {"id":2,"method":"snapshot","args":["dev",1000]} → {"id":2,"result":Result}
// and devices, setChannels, setRings, setRss, close, measure. BigInt values are
// sent as {"$bigint":"123"} (see reviveBigints).
import {createInterface} from 'node:readline';
import {createLiveSource, type LiveSourceOptions} from '../../source/sources/live/index.js';
import type {Source} from '../../source/sources/source.js';
import {cpuTimes} from './cpu-times.js';

let source: Source | undefined;


const replacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? {$bigint: value.toString()} : value);

async function call(method: string, args: unknown[]): Promise<unknown> {
	if (method === 'create') {
		const created = await createLiveSource(args[0] as LiveSourceOptions);
		if (!created.ok) {
			return created;
		}

		source = created.value;
		return {ok: true, value: {label: source.label}};
	}

	if (source === undefined) {
		throw new Error('create first');
	}

	switch (method) {
		case 'devices': {
			return source.devices();
		}

		case 'snapshot': {
			return source.snapshot(args[0] as string, args[1] as number);
		}

		case 'setChannels': {
			return source.setChannels(args[0] as string, args[1] as never, args[2] as number);
		}

		case 'setRings': {
			return source.setRings(args[0] as string, args[1] as never, args[2] as number);
		}

		case 'setRss': {
			return source.setRss?.(args[0] as string, args[1] as never, args[2] as number);
		}

		case 'measure': {
			// Wall time of each poll, plus CPU of this process and of its reaped children (ethtool).
			const [device, count, start] = args as [string, number, number];
			const samples: number[] = [];
			const before = cpuTimes();
			for (let i = 0; i < count; i++) {
				const begin = performance.now();
				// eslint-disable-next-line no-await-in-loop
				await source.snapshot(device, start + (i * 1000));
				samples.push(performance.now() - begin);
			}

			const after = cpuTimes();
			return {samples, selfCpuMs: after.self - before.self, childCpuMs: after.children - before.children};
		}

		case 'close': {
			await source.close();
			return null;
		}

		default: {
			throw new Error(`unknown method ${method}`);
		}
	}
}

const lines = createInterface({input: process.stdin});
lines.on('line', line => {
	void (async () => {
		let id: unknown;
		try {
			const message = JSON.parse(line) as {id: unknown; method: string; args?: unknown[]};
			id = message.id;
			const result = await call(message.method, message.args ?? []);
			process.stdout.write(`${JSON.stringify({id, result}, replacer)}\n`);
		} catch (error) {
			process.stdout.write(`${JSON.stringify({id, error: String(error)})}\n`);
		}
	})();
});
lines.on('close', () => {
	void source?.close();
});
