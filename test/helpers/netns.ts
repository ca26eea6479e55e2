// Throw-away network namespaces with a veth pair between them, for live
// tests as root. Two namespaces, because traffic between two addresses of
// one namespace is routed over `lo` and never touches the veth. Everything
// runs with argv arrays (no shell); traffic is bounded (fixed packet counts)
// and only ever crosses the pair this helper made; the namespaces are
// deleted in teardown — and at process exit as a last resort — even when
// the test fails.
import {execFile, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';

export type CommandResult = {readonly exitCode: number | null; readonly stdout: string; readonly stderr: string; readonly error?: string};

/** Run argv; never rejects. */
export async function run(argv: readonly string[], options: {timeoutMs?: number; cwd?: string} = {}): Promise<CommandResult> {
	const [file, ...args] = argv;
	return new Promise(resolve => {
		execFile(file!, args, {timeout: options.timeoutMs ?? 20_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, env: {...process.env, LC_ALL: 'C'}, ...(options.cwd === undefined ? {} : {cwd: options.cwd})}, (error, stdout, stderr) => {
			const code = error === null ? 0 : (typeof error.code === 'number' ? error.code : null);
			resolve({exitCode: code, stdout, stderr, ...(error === null ? {} : {error: String(error.code ?? error.message)})});
		});
	});
}

async function must(argv: readonly string[]): Promise<string> {
	const result = await run(argv);
	if (result.exitCode !== 0) {
		throw new Error(`${argv.join(' ')} failed (${String(result.exitCode ?? result.error)}): ${result.stderr.trim()}`);
	}

	return result.stdout;
}

const ethtoolPaths = ['/usr/sbin/ethtool', '/sbin/ethtool'];

/** Why live tests cannot run here, or undefined when they can. */
export async function netnsSkipReason(): Promise<string | undefined> {
	if (process.platform !== 'linux') {
		return 'live tests need Linux network namespaces';
	}

	if (process.getuid?.() !== 0) {
		return 'live tests need root (ip netns add); run as root, as CI does';
	}

	const ip = await run(['ip', '-V']);
	if (ip.exitCode !== 0) {
		return 'ip (iproute2) is not installed: apt-get install iproute2';
	}

	const ethtool = await Promise.all(ethtoolPaths.map(async path => run([path, '--version'])));
	if (!ethtool.some(result => result.exitCode === 0)) {
		return 'ethtool is not installed: apt-get install ethtool';
	}

	return undefined;
}

export type VethPair = {
	/** Namespace holding `devA` (the side the live source watches). */
	readonly nsA: string;
	readonly nsB: string;
	readonly devA: string;
	readonly devB: string;
	readonly addrA: string;
	readonly addrB: string;
	/** Run argv inside a namespace (`ip netns exec NS argv…`). */
	exec(ns: string, argv: readonly string[], options?: {timeoutMs?: number; cwd?: string}): Promise<CommandResult>;
	/** Start a long-running child inside a namespace; killed by destroy(). */
	spawnIn(ns: string, argv: readonly string[], options?: {cwd?: string}): ChildProcess;
	/**
	 * Send `count` UDP datagrams of `payload` bytes from A to B, each echoed
	 * back by B, and wait for the echoes. Resolves with what the sender saw.
	 */
	udpEcho(count: number, payload: number, options?: {ratePerSecond?: number}): Promise<{sent: number; echoed: number}>;
	destroy(): Promise<void>;
};

type Teardown = {teardown(fn: () => Promise<void> | void): void};

const live = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) {
		return;
	}

	exitHookInstalled = true;
	process.once('exit', () => {
		for (const ns of live) {
			spawnSync('ip', ['netns', 'del', ns], {stdio: 'ignore', timeout: 5000});
		}
	});
}

// Echo server: binds, echoes every datagram, prints "ready".
const echoServer = `
const dgram = require('node:dgram');
const [host, port] = process.argv.slice(1);
const socket = dgram.createSocket({type: 'udp4', recvBufferSize: 8 << 20});
socket.on('message', (message, from) => socket.send(message, from.port, from.address));
socket.bind(Number(port), host, () => console.log('ready'));
`;

// Sender: paced sends, waits for the echoes (or 10 s), prints JSON.
const udpSender = `
const dgram = require('node:dgram');
const [host, port, count, size, rate] = process.argv.slice(1).map((v, i) => i === 0 ? v : Number(v));
const socket = dgram.createSocket({type: 'udp4', recvBufferSize: 8 << 20});
let sent = 0, echoed = 0, done = false;
const finish = () => {
	if (done) return;
	done = true;
	clearTimeout(deadline);
	console.log(JSON.stringify({sent, echoed}));
	socket.close();
};
socket.on('message', () => { if (++echoed === count) finish(); });
const deadline = setTimeout(finish, 10000);
socket.bind(0, () => {
	const payload = Buffer.alloc(size, 0x61);
	const batch = Math.max(1, Math.round(rate / 100));
	const tick = setInterval(() => {
		for (let i = 0; i < batch && sent < count; i++) { socket.send(payload, port, host); sent++; }
		if (sent >= count) clearInterval(tick);
	}, 10);
});
`;

/** A veth pair hvtaN (namespace A, `queues` rx/tx queues) ↔ hvtbN (namespace B), addresses from 192.0.2.0/24. */
export async function createVethPair(t: Teardown, options: {queues?: number} = {}): Promise<VethPair> {
	installExitHook();
	const id = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
	const nsA = `hvtop-test-${id}-a`;
	const nsB = `hvtop-test-${id}-b`;
	const devA = 'hvta0';
	const devB = 'hvtb0';
	const addrA = '192.0.2.1';
	const addrB = '192.0.2.2';
	const queues = String(options.queues ?? 4);
	const children = new Set<ChildProcess>();

	const destroy = async (): Promise<void> => {
		for (const child of children) {
			child.kill('SIGKILL');
		}

		children.clear();
		for (const ns of [nsA, nsB]) {
			if (live.has(ns)) {
				// Deleting A also destroys the veth pair.
				// eslint-disable-next-line no-await-in-loop
				await run(['ip', 'netns', 'del', ns]);
				live.delete(ns);
			}
		}
	};

	t.teardown(destroy);

	try {
		for (const ns of [nsA, nsB]) {
			// eslint-disable-next-line no-await-in-loop
			await must(['ip', 'netns', 'add', ns]);
			live.add(ns);
		}

		await must(['ip', '-n', nsA, 'link', 'add', 'name', devA, 'numrxqueues', queues, 'numtxqueues', queues, 'type', 'veth', 'peer', 'name', devB, 'netns', nsB, 'numrxqueues', queues, 'numtxqueues', queues]);
		for (const [ns, dev, addr] of [[nsA, devA, addrA], [nsB, devB, addrB]] as const) {
			// No IPv6 link-local address: no ND/MLD frames to muddy the counts.
			// eslint-disable-next-line no-await-in-loop
			await must(['ip', '-n', ns, 'link', 'set', dev, 'addrgenmode', 'none']);
			// eslint-disable-next-line no-await-in-loop
			await must(['ip', '-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev]);
			// eslint-disable-next-line no-await-in-loop
			await must(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
			// eslint-disable-next-line no-await-in-loop
			await must(['ip', '-n', ns, 'link', 'set', dev, 'up']);
		}

		// Static neighbours: no ARP frames either.
		const mac = async (ns: string, dev: string): Promise<string> => {
			const [info] = JSON.parse(await must(['ip', '-n', ns, '-j', 'link', 'show', 'dev', dev])) as Array<{address: string}>;
			return info!.address;
		};

		await must(['ip', '-n', nsA, 'neigh', 'replace', addrB, 'lladdr', await mac(nsB, devB), 'dev', devA, 'nud', 'permanent']);
		await must(['ip', '-n', nsB, 'neigh', 'replace', addrA, 'lladdr', await mac(nsA, devA), 'dev', devB, 'nud', 'permanent']);
	} catch (error) {
		await destroy();
		throw error;
	}

	const exec = async (ns: string, argv: readonly string[], execOptions: {timeoutMs?: number; cwd?: string} = {}): Promise<CommandResult> =>
		run(['ip', 'netns', 'exec', ns, ...argv], execOptions);

	const spawnIn = (ns: string, argv: readonly string[], spawnOptions: {cwd?: string} = {}): ChildProcess => {
		const child = spawn('ip', ['netns', 'exec', ns, ...argv], {stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, LC_ALL: 'C'}, ...(spawnOptions.cwd === undefined ? {} : {cwd: spawnOptions.cwd})});
		children.add(child);
		child.once('exit', () => children.delete(child));
		return child;
	};

	const udpEcho = async (count: number, payload: number, echoOptions: {ratePerSecond?: number} = {}): Promise<{sent: number; echoed: number}> => {
		const port = '9';
		const server = spawnIn(nsB, [process.execPath, '-e', echoServer, addrB, port]);
		try {
			await new Promise<void>((resolve, reject) => {
				let seen = '';
				server.stdout?.on('data', (chunk: Buffer) => {
					seen += chunk.toString();
					if (seen.includes('ready')) {
						resolve();
					}
				});
				server.once('exit', code => {
					reject(new Error(`echo server exited (${String(code)})`));
				});
			});
			const result = await exec(nsA, [process.execPath, '-e', udpSender, addrB, port, String(count), String(payload), String(echoOptions.ratePerSecond ?? 2000)], {timeoutMs: 30_000});
			if (result.exitCode !== 0) {
				throw new Error(`udp sender failed: ${result.stderr}`);
			}

			return JSON.parse(result.stdout) as {sent: number; echoed: number};
		} finally {
			server.kill('SIGKILL');
		}
	};

	return {nsA, nsB, devA, devB, addrA, addrB, exec, spawnIn, udpEcho, destroy};
}
