// Loaded into the recorded app with `node --import` (bundled by the recorder):
// its timers and clocks become virtual and move only when the recorder says
// so, and every change of virtual time is announced in-band on stdout. Then a
// recording depends on the script's timeline, not on how busy the machine is:
// a tick, a key and a rollback deadline always land in the same order and at
// the same instant, so two recordings are byte-identical. Random bytes (change
// ids) come from a fixed sequence for the same reason.
//
// Protocol (one JSON object per line on the control socket):
//   {"run": N, "until": MS, "stdin": BYTES}
// waits until the app has read BYTES bytes of input in total, lets it settle,
// runs every timer due up to virtual time MS (settling after each), then
// writes `ESC ] 7331 ; done=N BEL` to stdout. Before each timer it writes
// `ESC ] 7331 ; t=MS BEL`, so the recorder stamps output with virtual time.
import {createConnection} from 'node:net';
import {createRequire, syncBuiltinESMExports} from 'node:module';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {createInterface} from 'node:readline';
import {markerPrefix, markerEnd, type Command} from './protocol.js';
import {TimerQueue, type Callback} from './timer-queue.js';

const real = {
	setImmediate: globalThis.setImmediate,
	setTimeout: globalThis.setTimeout,
};

// A fixed wall clock: nothing on screen may depend on the day of recording.
const epochMs = Date.UTC(2025, 0, 1);
const queue = new TimerQueue();

/** What Node code expects of a timer handle (unref, refresh, numeric id). */
class VirtualTimer {
	readonly id: number;

	constructor(id: number) {
		this.id = id;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}

	hasRef(): boolean {
		return true;
	}

	refresh(): this {
		queue.refresh(this.id);
		return this;
	}

	close(): this {
		queue.cancel(this.id);
		return this;
	}

	[Symbol.toPrimitive](): number {
		return this.id;
	}
}

const idOf = (handle: unknown): number | undefined => {
	if (handle instanceof VirtualTimer) {
		return handle.id;
	}

	return typeof handle === 'number' ? handle : undefined;
};

function schedule(callback: unknown, delay: unknown, args: unknown[], repeat: boolean): VirtualTimer {
	if (typeof callback !== 'function') {
		throw new TypeError('The "callback" argument must be of type function');
	}

	const call = callback as (...a: unknown[]) => void;
	const fn: Callback = () => {
		call(...args);
	};

	return new VirtualTimer(queue.add(fn, Number(delay), repeat));
}

const clear = (handle: unknown) => {
	const id = idOf(handle);
	if (id !== undefined) {
		queue.cancel(id);
	}
};

const fakes = {
	setTimeout: (callback: unknown, delay?: unknown, ...args: unknown[]) => schedule(callback, delay, args, false),
	setInterval: (callback: unknown, delay?: unknown, ...args: unknown[]) => schedule(callback, delay, args, true),
	clearTimeout: clear,
	clearInterval: clear,
};

Object.assign(globalThis, fakes);
// `import {setTimeout} from 'node:timers'` must see the same virtual timers.
const require = createRequire(import.meta.url);
const timers = require('node:timers') as Record<string, unknown>;
Object.assign(timers, fakes);
syncBuiltinESMExports();

const RealDate = Date;
class VirtualDate extends RealDate {
	constructor(...args: unknown[]) {
		if (args.length === 0) {
			super(epochMs + queue.now);
		} else {
			// @ts-expect-error Date's overloads take these arguments as given.
			super(...args);
		}
	}

	static override now(): number {
		return epochMs + queue.now;
	}
}
globalThis.Date = VirtualDate as DateConstructor;
// Patch the object itself: `import {performance} from 'node:perf_hooks'` holds it.
performance.now = () => queue.now;

// Random bytes become a fixed sequence too: change ids are shown on screen.
let seed = 0x9E_37_79_B9;
const nextByte = (): number => {
	// Xorshift32: small, and the same on every machine.
	seed ^= seed << 13;
	seed ^= seed >>> 17;
	seed ^= seed << 5;
	return seed & 0xFF;
};

const fill = <T extends ArrayBufferView>(view: T): T => {
	const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
	for (let i = 0; i < bytes.length; i++) {
		bytes[i] = nextByte();
	}

	return view;
};

const crypto = require('node:crypto') as Record<string, unknown>;
crypto['randomBytes'] = (size: number, callback?: (error: Error | null, buffer: Buffer) => void) => {
	const buffer = fill(Buffer.alloc(size));
	if (callback) {
		process.nextTick(callback, null, buffer);
		return undefined;
	}

	return buffer;
};

crypto['randomUUID'] = () => {
	const hex = fill(Buffer.alloc(16)).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

globalThis.crypto.getRandomValues = fill;
Math.random = () => ((nextByte() << 24 >>> 0) + (nextByte() << 16) + (nextByte() << 8) + nextByte()) / 2 ** 32;
syncBuiltinESMExports();

// Bytes the app has read from its terminal, so a command waits for its keys.
let stdinBytes = 0;
const {stdin} = process;
const read = stdin.read.bind(stdin);
stdin.read = (size?: number) => {
	const chunk: unknown = read(size);
	if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
		stdinBytes += Buffer.byteLength(chunk);
	}

	return chunk;
};

// Work that is not a virtual timer: file I/O, immediates, sockets connecting.
// Terminals, signal handlers and our own socket are always there and not work.
const idleResources = new Set(['TTYWrap', 'PipeWrap', 'SignalWrap', 'Timeout', 'TCPWrap', 'PipeServerWrap', 'TCPServerWrap', 'StatWatcher', 'FSEventWrap']);
const busy = (): boolean => process.getActiveResourcesInfo().some(name => !idleResources.has(name));
const nextTurn = async () => new Promise<void>(resolve => {
	real.setImmediate(resolve);
});

/** Until the app has nothing left to do but wait for a virtual timer. */
async function settle(): Promise<void> {
	let quiet = 0;
	while (quiet < 3) {
		// eslint-disable-next-line no-await-in-loop
		await nextTurn();
		quiet = busy() ? 0 : quiet + 1;
	}
}

const marker = (body: string) => {
	process.stdout.write(`${markerPrefix}${body}${markerEnd}`);
};

async function waitForInput(bytes: number): Promise<void> {
	const deadline = RealDate.now() + 10_000;
	while (stdinBytes < bytes) {
		if (RealDate.now() > deadline) {
			throw new Error(`virtual-time: the app read ${stdinBytes} of ${bytes} input bytes in 10 s`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise<void>(resolve => {
			real.setTimeout(resolve, 2);
		});
	}
}

async function run(command: Command): Promise<void> {
	await waitForInput(command.stdin);
	await settle();
	for (;;) {
		const due = queue.takeDue(command.until);
		if (!due) {
			break;
		}

		marker(`t=${queue.now}`);
		try {
			due();
		} catch (error: unknown) {
			// A throwing timer would be an uncaught exception in a real run too.
			process.nextTick(() => {
				throw error;
			});
		}

		// eslint-disable-next-line no-await-in-loop
		await settle();
	}

	queue.advanceTo(command.until);
	marker(`t=${queue.now}`);
	await settle();
	marker(`done=${command.run}`);
}

const socketPath = process.env['HVTOP_MEDIA_CONTROL'];
if (socketPath) {
	const socket = createConnection(socketPath);
	// The control socket must not keep the app alive after it quits.
	socket.unref();
	let chain = Promise.resolve();
	createInterface({input: socket}).on('line', line => {
		const command = JSON.parse(line) as Command;
		chain = chain.then(async () => run(command)).catch((error: unknown) => {
			process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
			process.exit(70);
		});
	});
}
