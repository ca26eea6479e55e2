// The live figures' setting: a veth pair between two throw-away network
// namespaces (test/helpers/netns.ts), 64 rx/tx queues like a 64-channel NIC
// (`ethtool -S` then lists 577 stats), bounded UDP traffic between the two
// ends only. The namespaces are deleted when the callback ends, fails, or
// the process exits.
import {startLiveWorker} from '../../test/helpers/live-worker-client.js';
import {createVethPair, netnsSkipReason, type VethPair} from '../../test/helpers/netns.js';

export {netnsSkipReason};

export const vethQueues = 64;

export async function withVeth<T>(use: (pair: VethPair) => Promise<T>): Promise<T> {
	const teardowns: Array<() => Promise<void> | void> = [];
	try {
		const pair = await createVethPair({teardown: fn => teardowns.push(fn)}, {queues: vethQueues});
		return await use(pair);
	} finally {
		for (const teardown of teardowns.reverse()) {
			// eslint-disable-next-line no-await-in-loop
			await teardown();
		}
	}
}

// B: a sink that reads and drops. A: a sender paced per 10 ms that stops by
// itself after the given seconds. Node, so nothing needs installing.
const sink = `
const socket = require('node:dgram').createSocket({type: 'udp4', recvBufferSize: 8 << 20});
socket.on('message', () => {});
socket.bind(Number(process.argv[2]), process.argv[1], () => console.log('ready'));
`;
const sender = `
const [host, port, seconds, rate, size] = process.argv.slice(1).map((v, i) => i === 0 ? v : Number(v));
const socket = require('node:dgram').createSocket('udp4');
const payload = Buffer.alloc(size, 0x61);
const end = Date.now() + seconds * 1000;
let sent = 0;
const tick = setInterval(() => {
	if (Date.now() >= end) { clearInterval(tick); socket.close(() => console.log(sent)); return; }
	for (let i = 0; i < rate / 100; i++) { socket.send(payload, port, host); sent++; }
}, 10);
`;

/**
 * UDP datagrams A → B at `rate` per second for `seconds`, bounded, only
 * between the pair's two addresses; resolves when done with what was sent.
 * Failures are reported, not thrown: traffic only makes the counters move.
 */
export async function traffic(pair: VethPair, seconds: number, rate = 2000, size = 1000): Promise<string | undefined> {
	const port = '5201';
	const receiver = pair.spawnIn(pair.nsB, [process.execPath, '-e', sink, pair.addrB, port]);
	try {
		await new Promise<void>((resolve, reject) => {
			receiver.stdout?.on('data', (chunk: Buffer) => {
				if (chunk.toString().includes('ready')) {
					resolve();
				}
			});
			receiver.once('exit', code => {
				reject(new Error(`sink exited (${String(code)})`));
			});
		});
		const result = await pair.exec(pair.nsA, [process.execPath, '-e', sender, pair.addrB, port, String(seconds), String(rate), String(size)], {timeoutMs: (seconds + 10) * 1000});
		return result.exitCode === 0 ? `${result.stdout.trim()} datagrams sent` : `traffic failed: ${result.stderr.trim().split('\n')[0] ?? ''}`;
	} catch (error) {
		return `traffic failed: ${String(error)}`;
	} finally {
		receiver.kill('SIGKILL');
	}
}

export type WorkerCall = <T>(method: string, ...args: unknown[]) => Promise<T>;

/**
 * Runs the live source inside namespace A (test/helpers/live-worker.ts, bundled
 * like the bin) and returns a JSON-lines caller; stopped when `use` ends.
 */
export async function withLiveWorker<T>(pair: VethPair, workerFile: string, use: (call: WorkerCall) => Promise<T>): Promise<T> {
	const worker = startLiveWorker(pair, pair.nsA, [process.execPath, workerFile]);
	try {
		return await use(worker.call);
	} finally {
		worker.stop();
	}
}
